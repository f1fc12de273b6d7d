import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withProjectLock } from "../../../../server/src/analysis/codeql/project-lock.js";

let root: string;
let projectDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "seclsp-lock-"));
  projectDir = join(root, "project");
  mkdirSync(projectDir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("withProjectLock", () => {
  it("makes a second run wait until the first has finished, and tells it once", async () => {
    const events: string[] = [];
    const firstMayEnd = deferred();
    const first = withProjectLock(projectDir, async () => {
      events.push("first start");
      await firstMayEnd.promise;
      events.push("first end");
      return 1;
    });
    await new Promise((r) => setTimeout(r, 50));
    let waits = 0;
    const second = withProjectLock(
      projectDir,
      async () => {
        events.push("second start");
        return 2;
      },
      { pollMs: 20, onWait: () => waits++ },
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(events).toEqual(["first start"]);
    firstMayEnd.resolve();
    expect(await first).toBe(1);
    expect(await second).toBe(2);
    expect(events).toEqual(["first start", "first end", "second start"]);
    expect(waits).toBe(1);
  });

  it("releases the lock when the work throws", async () => {
    await expect(
      withProjectLock(projectDir, async () => {
        throw new Error("codeql crashed");
      }),
    ).rejects.toThrow("codeql crashed");
    let waited = false;
    const value = await withProjectLock(projectDir, async () => "ran", { onWait: () => (waited = true) });
    expect(value).toBe("ran");
    expect(waited).toBe(false);
  });

  it("stops waiting when the run is cancelled, without running the work", async () => {
    const holderMayEnd = deferred();
    const holder = withProjectLock(projectDir, () => holderMayEnd.promise);
    await new Promise((r) => setTimeout(r, 50));
    const controller = new AbortController();
    let ran = false;
    const waiting = withProjectLock(
      projectDir,
      async () => {
        ran = true;
      },
      { signal: controller.signal, pollMs: 20 },
    );
    setTimeout(() => controller.abort(), 80);
    await expect(waiting).rejects.toThrow(/abort/i);
    expect(ran).toBe(false);
    holderMayEnd.resolve();
    await holder;
  });

  it("takes over a lock left by a process that died (not refreshed for longer than staleMs)", async () => {
    // proper-lockfile's lock is the folder `<dir>.lock`; a dead holder leaves it with an old mtime.
    const lockDir = `${projectDir}.lock`;
    mkdirSync(lockDir);
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(lockDir, hourAgo, hourAgo);
    const value = await withProjectLock(projectDir, async () => "recovered", { staleMs: 5_000 });
    expect(value).toBe("recovered");
  });

  it("excludes another process holding the lock (cross-process, not only in-process)", async () => {
    const script = `
      const lockfile = require("proper-lockfile");
      lockfile.lock(process.argv[1], { stale: 60000, realpath: false }).then((release) => {
        process.stdout.write("locked\\n");
        process.stdin.once("data", () => release().then(() => process.exit(0)));
      });`;
    const child = spawn(process.execPath, ["-e", script, projectDir], {
      cwd: process.cwd(),
      stdio: ["pipe", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    const events: string[] = [];
    const mine = withProjectLock(
      projectDir,
      async () => {
        events.push("mine");
      },
      { pollMs: 20, onWait: () => events.push("waiting") },
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(events).toEqual(["waiting"]);
    child.stdin.write("go\n");
    await mine;
    expect(events).toEqual(["waiting", "mine"]);
  });
});
