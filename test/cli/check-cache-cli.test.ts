import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

/** Generated project: flows, pattern findings, a suppression, a clean file, a syntax error. */
function projectFiles(): Record<string, string> {
  const files: Record<string, string> = {
    "app/views.py":
      "from flask import request\nimport os\n\n\ndef run():\n    os.system(request.args['c'])\n    eval(request.args['e'])\n",
    "app/store.py":
      "import pickle\n\n\ndef load(path):\n    with open(path, 'rb') as f:\n        return pickle.load(f)\n",
    "app/quiet.py": "import hashlib\nhashlib.md5(b'x')  # seclsp: ignore[py/weak-sensitive-data-hashing]\n",
    "app/clean.py": "def add(a, b):\n    return a + b\n",
    "app/broken.py": "def f(:\n    eval(input())\n",
  };
  for (let i = 0; i < 12; i++) {
    files[`lib/m${i}.py`] =
      `import subprocess\n\n\ndef call${i}(arg):\n    return subprocess.call(arg, shell=True)\n`;
  }
  return files;
}

let dir = "";
let project = "";
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "seclsp-check-cache-")));
  project = join(dir, "project");
  for (const [rel, text] of Object.entries(projectFiles())) {
    await mkdir(dirname(join(project, rel)), { recursive: true });
    await writeFile(join(project, rel), text);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let cacheCount = 0;
function newCacheDir(): string {
  return join(dir, `cache-${cacheCount++}`);
}

function check(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(["check", ".", "-f", "json", "--verbose", ...args], project, { ...process.env, ...env });
}

function cacheLine(stderr: string): { hits: number; misses: number; written: number; unusable: number } {
  const match = /(\d+) hits, (\d+) misses, (\d+) written, (\d+) unusable/.exec(stderr);
  if (!match) throw new Error(`no cache line in: ${stderr}`);
  const [, hits, misses, written, unusable] = match.map(Number);
  return { hits: hits!, misses: misses!, written: written!, unusable: unusable! };
}

const FILES = Object.keys(projectFiles()).length;

// Spawned CLIs compile ruff's and tree-sitter's wasm in each worker: slow on a busy 2-core machine.
describe("seclsp check: result cache and worker pool", { timeout: 240_000 }, () => {
  let reference = "";
  beforeAll(async () => {
    const result = await check(["--no-cache", "--jobs", "1"]);
    expect(result.stderr).toContain("cache: off");
    reference = result.stdout;
  }, 240_000);

  it("gives identical JSON without cache, cold, warm, with --jobs 1 and --jobs 2", async () => {
    const report = JSON.parse(reference) as {
      findings: Array<{ file: string; ruleId: string }>;
      filesAnalyzed: number;
    };
    // The reference itself is a real report: every file, findings from flows and patterns.
    expect(report.filesAnalyzed).toBe(FILES);
    expect(
      report.findings.some((f) => f.file === "app/views.py" && f.ruleId === "py/command-line-injection"),
    ).toBe(true);
    expect(report.findings.filter((f) => f.file.startsWith("lib/")).length).toBeGreaterThanOrEqual(12);
    expect(report.findings.some((f) => f.file === "app/quiet.py")).toBe(false);

    const cacheDir = newCacheDir();
    const cold = await check(["--cache-dir", cacheDir, "--jobs", "2"]);
    expect(cold.stdout).toBe(reference);
    expect(cacheLine(cold.stderr)).toMatchObject({ hits: 0, misses: FILES, written: FILES });
    expect(cold.stderr).toContain("jobs: 2");

    const warm = await check(["--cache-dir", cacheDir, "--jobs", "2"]);
    expect(warm.stdout).toBe(reference);
    expect(cacheLine(warm.stderr)).toMatchObject({ hits: FILES, misses: 0, written: 0 });

    const warmOne = await check(["--cache-dir", cacheDir, "--jobs", "1"]);
    expect(warmOne.stdout).toBe(reference);
    expect(cacheLine(warmOne.stderr).hits).toBe(FILES);

    const pooledNoCache = await check(["--no-cache", "--jobs", "2"]);
    expect(pooledNoCache.stdout).toBe(reference);
    expect(cold.code).toBe(1);
    expect(warm.code).toBe(1);
  });

  it("defaults to $XDG_CACHE_HOME/seclsp/check; a changed threat model or edited file misses", async () => {
    const xdg = join(dir, "xdg");
    const first = await check([], { XDG_CACHE_HOME: xdg });
    expect(first.stdout).toBe(reference);
    expect(first.stderr).toContain(join(xdg, "seclsp", "check"));
    const remote = await check(["--threat-model", "remote"], { XDG_CACHE_HOME: xdg });
    expect(cacheLine(remote.stderr)).toMatchObject({ hits: 0, misses: FILES });
    // The library-only flow (a parameter reaching pickle) is gone under "remote": not a stale hit.
    expect(remote.stdout).not.toBe(reference);

    const edited = join(project, "lib", "m0.py");
    const original = await readFile(edited, "utf8");
    await writeFile(edited, `${original}\n\ndef more(x):\n    eval(x)\n`);
    try {
      const again = await check([], { XDG_CACHE_HOME: xdg });
      expect(cacheLine(again.stderr)).toMatchObject({ hits: FILES - 1, misses: 1 });
      const findings = (JSON.parse(again.stdout) as { findings: Array<{ file: string; line: number }> })
        .findings;
      expect(findings.some((f) => f.file === "lib/m0.py" && f.line === 9)).toBe(true);
    } finally {
      await writeFile(edited, original);
    }
  });

  it("ignores corrupt entries and symlinks planted at entry names, rewrites them, same output", async () => {
    const cacheDir = newCacheDir();
    await check(["--cache-dir", cacheDir]);
    const names = (await readdir(cacheDir)).filter((n) => n.endsWith(".json")).sort();
    expect(names).toHaveLength(FILES);
    const decoy = join(dir, "decoy.json");
    await writeFile(decoy, "not a cache entry");
    const { symlink } = await import("node:fs/promises");
    for (const [i, name] of names.entries()) {
      const path = join(cacheDir, name);
      if (i % 3 === 0) await writeFile(path, Buffer.from([0, 159, 146, 150, 255]));
      else if (i % 3 === 1) await writeFile(path, (await readFile(path, "utf8")).slice(0, 40));
      else {
        await rm(path);
        await symlink(decoy, path);
      }
    }
    const repaired = await check(["--cache-dir", cacheDir]);
    expect(repaired.stdout).toBe(reference);
    expect(cacheLine(repaired.stderr)).toMatchObject({ hits: 0, unusable: FILES, written: FILES });
    expect(await readFile(decoy, "utf8")).toBe("not a cache entry");
    const after = await check(["--cache-dir", cacheDir]);
    expect(after.stdout).toBe(reference);
    expect(cacheLine(after.stderr)).toMatchObject({ hits: FILES, unusable: 0 });
  });

  it("a cache folder that is a symlink is not used: a warning, the same report, nothing written there", async () => {
    const target = join(dir, "elsewhere");
    await mkdir(target, { mode: 0o700 });
    const link = join(dir, "linked-cache");
    const { symlink } = await import("node:fs/promises");
    await symlink(target, link);
    const result = await check(["--cache-dir", link]);
    expect(result.stdout).toBe(reference);
    expect(result.stderr).toMatch(/not using the result cache: .*symbolic link/);
    expect(result.stderr).toContain("cache: off");
    expect(await readdir(target)).toEqual([]);
  });

  it("two runs at once on one cache both complete with identical output", async () => {
    const cacheDir = newCacheDir();
    const [a, b] = await Promise.all([check(["--cache-dir", cacheDir]), check(["--cache-dir", cacheDir])]);
    expect(a.stdout).toBe(reference);
    expect(b.stdout).toBe(reference);
    const entries = (await readdir(cacheDir)).filter((n) => n.endsWith(".json"));
    expect(entries).toHaveLength(FILES);
    expect((await readdir(cacheDir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    const c = await check(["--cache-dir", cacheDir]);
    expect(c.stdout).toBe(reference);
    expect(cacheLine(c.stderr).hits).toBe(FILES);
  });

  it("a worker that dies mid-file is replaced and the file analyzed again; dying twice gives a note", async () => {
    const marker = join(dir, "exit-once");
    await writeFile(marker, "once");
    const once = await check(["--no-cache", "--jobs", "2"], { SECLSP_TEST_WORKER_EXIT_MARKER: marker });
    expect(once.stdout).toBe(reference);
    expect(once.stderr).toMatch(/1 file\(s\) re-analyzed after a worker stopped/);

    const always = join(dir, "exit-always");
    await writeFile(always, "always");
    const cacheDir = newCacheDir();
    const dead = await check(["--cache-dir", cacheDir, "--jobs", "2", "app/clean.py"], {
      SECLSP_TEST_WORKER_EXIT_MARKER: always,
    });
    // Seen once in CI: no report at all (not reproduced in 150 runs since); say why if it recurs.
    expect(dead.stdout, `exit ${dead.code}, stderr:\n${dead.stderr}`).toMatch(/^\{/);
    const report = JSON.parse(dead.stdout) as { findings: Array<{ ruleId: string; file: string }> };
    expect(report.findings.map((f) => [f.file, f.ruleId])).toEqual(
      expect.arrayContaining([["app/clean.py", "seclsp/not-analyzed"]]),
    );
    // A result caused by a crash is never cached: the next healthy run analyzes the file.
    expect(cacheLine(dead.stderr).written).toBe(0);
  });
});
