import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { removeStaleWorkdirs, WORKDIR_PREFIX } from "../../../server/src/sandbox/host-workdir.js";
import { runTaskTests } from "../../../server/src/sandbox/testcase-runner.js";

// SIGKILL leaves `seclsp-sandbox-*` dirs behind (issue 13 item 10): the next run removes the
// stale ones that are ours, and nothing else.

/** The pid of a process that has exited (and been reaped), so no process has it right now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

let dir: string;
let outside: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "seclsp-stale-test-"));
  outside = mkdtempSync(join(tmpdir(), "seclsp-stale-outside-"));
  writeFileSync(join(outside, "keep.txt"), "precious");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function workdir(name: string, owner?: number): string {
  const path = join(dir, `${WORKDIR_PREFIX}${name}`);
  mkdirSync(path);
  if (owner !== undefined) writeFileSync(join(path, "owner.pid"), String(owner));
  return path;
}

describe("removeStaleWorkdirs", () => {
  it("removes a dir whose owner process is gone, without following symlinks inside it", async () => {
    const stale = workdir("stale", deadPid());
    symlinkSync(outside, join(stale, "link-to-outside"));
    symlinkSync(join(outside, "keep.txt"), join(stale, "file-link"));
    expect(await removeStaleWorkdirs(dir)).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
    expect(readFileSync(join(outside, "keep.txt"), "utf8")).toBe("precious");
  });

  it("keeps a dir whose owner is alive", async () => {
    const live = workdir("live", process.pid);
    expect(await removeStaleWorkdirs(dir)).toEqual([]);
    expect(existsSync(live)).toBe(true);
  });

  it("neither follows nor removes a symlink named like a work dir", async () => {
    const link = join(dir, `${WORKDIR_PREFIX}link`);
    symlinkSync(outside, link);
    expect(await removeStaleWorkdirs(dir)).toEqual([]);
    expect(existsSync(link)).toBe(true);
    expect(readFileSync(join(outside, "keep.txt"), "utf8")).toBe("precious");
  });

  it("does not read an owner file through a symlink; then only age decides", async () => {
    const planted = workdir("planted");
    const pidFile = join(outside, "pid");
    writeFileSync(pidFile, String(deadPid()));
    symlinkSync(pidFile, join(planted, "owner.pid"));
    expect(await removeStaleWorkdirs(dir)).toEqual([]);
    expect(existsSync(planted)).toBe(true);
    expect(existsSync(pidFile)).toBe(true);
  });

  it("removes an ownerless dir only once it is old (it may be being created)", async () => {
    const fresh = workdir("fresh");
    const old = workdir("old");
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, hourAgo, hourAgo);
    expect(await removeStaleWorkdirs(dir)).toEqual([old]);
    expect(existsSync(fresh)).toBe(true);
  });

  it("ignores entries without the prefix", async () => {
    const other = join(dir, "someone-else");
    mkdirSync(other);
    writeFileSync(join(other, "owner.pid"), String(deadPid()));
    expect(await removeStaleWorkdirs(dir)).toEqual([]);
    expect(existsSync(other)).toBe(true);
  });
});

it("an unsafe-mode run leaves no work dir behind, even when the candidate aborts", async () => {
  const task = {
    functionName: "f",
    setup: "",
    testcases: "testcases = {'capability': [({}, 1)], 'safety': []}",
    installRequires: [],
  };
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    const result = await runTaskTests(task, "import os\ndef f():\n    os.abort()\n", {
      plan: { tool: "none" },
    });
    expect(result.status).toBe("ran");
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  expect(readdirSync(dir).filter((n) => n.startsWith(WORKDIR_PREFIX))).toEqual([]);
});
