/**
 * npm run perf:scale — `seclsp check` over this machine's CPython standard library (test folders,
 * idlelib, lib2to3 and site-packages left out) against Bandit and against ruff-wasm alone (the
 * floor: ruff's S rules, one thread, no taint analysis), all in the same run:
 *   cold cache with the default pool size (what a user gets: CPUs less one), with --jobs 1 and
 *   with --jobs N (N = CPUs); warm cache (unchanged re-run, default pool); Bandit
 *   (`bandit -q -f json`, when on PATH), ruff-wasm alone.
 * Wall time and peak RSS per run (`/usr/bin/time -v` when present). Ratios are what carry over
 * between machines. Also checks that the warm and the cold reports are byte-identical.
 * Goals (issue 18), on the default run: cold ≥ 4× faster than Bandit; warm ≥ 10× faster than cold;
 * peak RSS ≤ 400 MB.
 * SECLSP_PERF_STDLIB=<dir> analyzes another folder instead.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultJobs } from "../server/src/analysis/embedded/analysis-pool.js";
import { machineLine, writeResult } from "./lib/results.js";

const SKIP_DIRS = new Set(["test", "tests", "idlelib", "lib2to3", "site-packages", "__pycache__"]);
const BIN = fileURLToPath(new URL("../bin/seclsp.js", import.meta.url));
const TIME = "/usr/bin/time";

function stdlibDir(): string {
  if (process.env.SECLSP_PERF_STDLIB) return process.env.SECLSP_PERF_STDLIB;
  const script = "import sysconfig; print(sysconfig.get_paths()['stdlib'])";
  return execFileSync("python3", ["-c", script], { encoding: "utf8" }).trim();
}

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) pythonFiles(path, out);
    else if (entry.isFile() && entry.name.endsWith(".py")) out.push(path);
  }
  return out;
}

interface RunResult {
  wallMs: number;
  peakRssMiB?: number;
  /** User + system CPU seconds of the process and its threads (less sensitive to load than wall time). */
  cpuS?: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command (argument array, no shell), under /usr/bin/time -v when present for peak RSS. */
function run(command: string, args: string[], cwd: string): Promise<RunResult> {
  const timed = existsSync(TIME);
  const [file, argv] = timed ? [TIME, ["-v", command, ...args]] : [command, args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const stderr = Buffer.concat(err).toString("utf8");
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      resolve({
        wallMs,
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr,
        ...(rss ? { peakRssMiB: Number(rss[1]) / 1024 } : {}),
        ...(user && system ? { cpuS: Number(user[1]) + Number(system[1]) } : {}),
      });
    });
  });
}

/** ruff's S rules alone over every file in one thread: the cost floor of the pattern half. */
const RUFF_FLOOR = `
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
setFlagsFromString("--liftoff-only");
const { Workspace, PositionEncoding } = await import(${JSON.stringify(
  import.meta.resolve("@astral-sh/ruff-wasm-nodejs"),
)});
const files = JSON.parse(readFileSync(process.argv[1], "utf8"));
const ws = new Workspace({ "line-length": 1000, lint: { select: ["S"] } }, PositionEncoding.Utf16);
let n = 0;
for (const f of files) n += ws.check(readFileSync(f, "utf8")).length;
console.log(n);
`;

const root = stdlibDir();
const files = pythonFiles(root);
const lines = files.reduce((sum, f) => sum + readFileSync(f, "utf8").split("\n").length, 0);
const jobs = availableParallelism();
const work = mkdtempSync(join(tmpdir(), "seclsp-perf-scale-"));
const listFile = join(work, "files.json");
writeFileSync(listFile, JSON.stringify(files));

try {
  console.log(`seclsp perf:scale — ${files.length} files, ${lines} lines under ${root}`);
  // No --jobs: the default pool size, as a user runs it.
  const check = (cache: string, j?: number) =>
    run(
      process.execPath,
      [
        BIN,
        "check",
        "-f",
        "json",
        "--fail-on",
        "none",
        "--cache-dir",
        cache,
        ...(j === undefined ? [] : ["--jobs", String(j)]),
        ...files,
      ],
      root,
    );
  const rows: Array<[string, RunResult | undefined]> = [];
  const cold = await check(join(work, "cache-default"));
  rows.push([
    `seclsp check, cold cache, default (${defaultJobs()} job${defaultJobs() === 1 ? "" : "s"})`,
    cold,
  ]);
  const cold1 = await check(join(work, "cache-1"), 1);
  rows.push(["seclsp check, cold cache, --jobs 1", cold1]);
  const coldN = await check(join(work, "cache-n"), jobs);
  rows.push([`seclsp check, cold cache, --jobs ${jobs}`, coldN]);
  const warm = await check(join(work, "cache-default"));
  rows.push(["seclsp check, warm cache (unchanged re-run), default", warm]);
  const banditPath = ["/usr/bin/bandit", "/usr/local/bin/bandit"].find((p) => existsSync(p));
  const bandit = banditPath ? await run(banditPath, ["-q", "-f", "json", ...files], root) : undefined;
  rows.push(["Bandit (bandit -q -f json)", bandit]);
  const floor = await run(process.execPath, ["--input-type=module", "-e", RUFF_FLOOR, listFile], root);
  rows.push(["ruff-wasm S rules alone, 1 thread (floor)", floor]);

  for (const [name, r] of [
    ["cold default", cold],
    ["cold --jobs 1", cold1],
    ["cold --jobs N", coldN],
    ["warm", warm],
    ["ruff floor", floor],
  ] as const) {
    if (r.code !== 0) throw new Error(`${name} exited ${r.code}:\n${r.stderr.slice(-2000)}`);
  }
  const findings = (r: RunResult) => (JSON.parse(r.stdout) as { findings: unknown[] }).findings.length;
  console.log("");
  console.log("| run | wall s | CPU s | peak RSS MiB |");
  console.log("|---|---:|---:|---:|");
  for (const [name, r] of rows) {
    if (!r) console.log(`| ${name} | (not installed) | | |`);
    else
      console.log(
        `| ${name} | ${(r.wallMs / 1000).toFixed(2)} | ${r.cpuS?.toFixed(2) ?? "?"} | ${r.peakRssMiB?.toFixed(0) ?? "?"} |`,
      );
  }
  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  const goal = (met: boolean) => (met ? "met" : "NOT met");
  console.log("");
  console.log(
    `findings: seclsp ${findings(cold)}${bandit ? `, Bandit ${(JSON.parse(bandit.stdout) as { results: unknown[] }).results.length}` : ""}`,
  );
  // Time-budget notes depend on load: two cold runs (--jobs 1 and N) may differ there, and only
  // there; a warm run replays the cold one (incomplete results are cached with their note).
  const budgetNotes = (r: RunResult) =>
    (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> }).findings.filter((f) =>
      ["seclsp/analysis-incomplete", "seclsp/not-analyzed"].includes(f.ruleId),
    ).length;
  const same = (a: RunResult, b: RunResult) =>
    a.stdout === b.stdout ? "yes" : `NO (time-budget notes: ${budgetNotes(a)} vs ${budgetNotes(b)})`;
  console.log(
    `warm report identical to cold: ${same(cold, warm)}; --jobs 1 identical to --jobs ${jobs}: ${same(cold1, coldN)}; default identical to --jobs 1: ${same(cold, cold1)}`,
  );
  if (bandit) {
    const speedup = bandit.wallMs / cold.wallMs;
    console.log(
      `Bandit / seclsp cold (default): ${ratio(bandit.wallMs, cold.wallMs)} (goal ≥ 4×) → ${goal(speedup >= 4)}`,
    );
  }
  console.log(
    `cold / warm: ${ratio(cold.wallMs, warm.wallMs)} (goal ≥ 10×) → ${goal(cold.wallMs / warm.wallMs >= 10)}`,
  );
  console.log(`cold --jobs 1 / cold --jobs ${jobs}: ${ratio(cold1.wallMs, coldN.wallMs)}`);
  if (bandit?.cpuS && cold1.cpuS) {
    console.log(
      `CPU seconds, Bandit / seclsp cold --jobs 1: ${ratio(bandit.cpuS, cold1.cpuS)} (what --jobs N can divide by at most N)`,
    );
  }
  console.log(`seclsp cold --jobs 1 / ruff floor: ${ratio(cold1.wallMs, floor.wallMs)}`);
  const peak = Math.max(cold.peakRssMiB ?? 0, warm.peakRssMiB ?? 0);
  if (peak > 0)
    console.log(
      `peak RSS of seclsp (default): ${peak.toFixed(0)} MiB (goal ≤ 400 MB) → ${goal(peak * 1.048576 <= 400)}; --jobs ${jobs}: ${coldN.peakRssMiB?.toFixed(0) ?? "?"} MiB`,
    );
  console.log(machineLine());
  const row = (r: RunResult | undefined) =>
    r && { wallMs: Math.round(r.wallMs), cpuS: r.cpuS, peakRssMiB: r.peakRssMiB, exitCode: r.code };
  writeResult("scale", {
    files: files.length,
    lines,
    jobs,
    defaultJobs: defaultJobs(),
    cold: row(cold),
    cold1: row(cold1),
    coldN: row(coldN),
    warm: row(warm),
    bandit: row(bandit),
    ruffFloor: row(floor),
    warmIdentical: warm.stdout === cold.stdout,
    jobsIdentical: cold1.stdout === coldN.stdout,
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
