import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAnalysisWorkDir } from "../../../server/src/files/analysis-work-dir.js";
import { userCacheSubdir } from "../../../server/src/files/user-cache-dir.js";

/** The pid of a process that has exited (and been reaped), so no process has it right now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("createAnalysisWorkDir", () => {
  it("makes a private dir under the user's cache dir (not the shared temp dir), owned by this process", async () => {
    const dir = await createAnalysisWorkDir("seclsp-test-a-");
    made.push(dir);
    expect(dirname(dir)).toBe(userCacheSubdir("work"));
    expect(dir.startsWith(tmpdir() + "/seclsp-test-a-")).toBe(false);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(dirname(dir)).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, "owner.pid"), "utf8")).toBe(String(process.pid));
  });

  it("removes, on its first call per parent and prefix, the dirs a killed run left there; nothing else", async () => {
    const parent = mkdtempSync(join(tmpdir(), "seclsp-workdir-test-"));
    made.push(parent);
    const stale = join(parent, "seclsp-test-b-stale1");
    const otherPrefix = join(parent, "seclsp-test-c-stale2");
    const live = join(parent, "seclsp-test-b-live");
    for (const [dir, pid] of [
      [stale, deadPid()],
      [otherPrefix, deadPid()],
      [live, process.pid],
    ] as const) {
      mkdirSync(dir);
      writeFileSync(join(dir, "owner.pid"), String(pid));
      writeFileSync(join(dir, "copy.py"), "x = 1\n");
    }
    const fresh = await createAnalysisWorkDir("seclsp-test-b-", parent);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(otherPrefix)).toBe(true);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(fresh)).toBe(true);
    // Later calls do not sweep again (a run's own dirs may be mid-use by then).
    const later = join(parent, "seclsp-test-b-stale3");
    mkdirSync(later);
    writeFileSync(join(later, "owner.pid"), String(deadPid()));
    await createAnalysisWorkDir("seclsp-test-b-", parent);
    expect(existsSync(later)).toBe(true);
  });
});
