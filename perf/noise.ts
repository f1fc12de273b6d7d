/**
 * Noise benchmark: scan the system Python standard library (test folders removed) with the
 * embedded analyzer at default settings (threat model "library") and print the findings by
 * severity and by rule, beside Bandit's on the same tree when Bandit is installed. Real library
 * code has few real flaws, so every finding at warning or above is a candidate false alarm.
 *
 *   npm run perf:noise                       (stdlib of `python3`)
 *   npm run perf:noise -- --root /some/tree  (another tree)
 *   npm run perf:noise -- --no-bandit
 *   npm run perf:noise -- --list             (also print every finding at warning or above)
 *   npm run perf:noise -- --no-cross-file    (each file alone: no summaries of imported modules)
 *
 * Writes perf/results/noise.json.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { createAnalyzer } from "../server/src/analysis/create-analyzers.js";
import { EmbeddedAnalyzer } from "../server/src/analysis/embedded/embedded-analyzer.js";
import type { Finding } from "../server/src/analysis/finding.js";
import { DEFAULT_CONFIG } from "../server/src/config/schema.js";
import { machineLine, writeResult } from "./lib/results.js";

const run = promisify(execFile);
/** Folders left out: tests (deliberately hostile code) and IDLE (an application, not the library). */
const SKIPPED_DIRS = new Set(["test", "tests", "idlelib", "site-packages", "__pycache__", "lib2to3"]);

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function stdlibRoot(): Promise<string> {
  const { stdout } = await run("python3", ["-c", 'import sysconfig; print(sysconfig.get_paths()["stdlib"])']);
  return stdout.trim();
}

function pythonFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(join(dir, entry.name));
      } else if (entry.isFile() && entry.name.endsWith(".py")) out.push(join(dir, entry.name));
    }
  };
  visit(root);
  return out.sort();
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** Bandit's findings on the same files: by severity (its own LOW/MEDIUM/HIGH) and test id. */
async function banditCounts(
  files: string[],
): Promise<{ bySeverity: Map<string, number>; byTest: Map<string, number> } | string> {
  try {
    await run("bandit", ["--version"]);
  } catch {
    return "bandit not on PATH";
  }
  let stdout: string;
  try {
    ({ stdout } = await run("bandit", ["-f", "json", "-q", ...files], { maxBuffer: 256 << 20 }));
  } catch (error) {
    // Bandit exits 1 when it found issues; its JSON is still on stdout.
    stdout = (error as { stdout?: string }).stdout ?? "";
  }
  try {
    const results = (JSON.parse(stdout) as { results: { issue_severity: string; test_id: string }[] })
      .results;
    return {
      bySeverity: countBy(results, (r) => r.issue_severity),
      byTest: countBy(results, (r) => r.test_id),
    };
  } catch {
    return "bandit output was not JSON";
  }
}

function table(title: string, counts: Map<string, number>, limit = 40): void {
  console.log(`\n${title}`);
  let shown = 0;
  for (const [key, n] of counts) {
    if (shown++ >= limit) {
      console.log(`  … ${counts.size - limit} more`);
      break;
    }
    console.log(`  ${String(n).padStart(6)}  ${key}`);
  }
}

async function main(): Promise<void> {
  const root = option("--root") ?? (await stdlibRoot());
  const files = pythonFiles(root);
  await EmbeddedAnalyzer.ready();
  // As `seclsp check <stdlib>` runs it: cross-file summaries rooted at the scanned folder
  // (`--no-cross-file`: each file alone, as before they existed).
  const crossFile = process.argv.includes("--no-cross-file")
    ? {}
    : { crossFile: { roots: [root], maxFileBytes: DEFAULT_CONFIG.maxFileBytes } };
  const analyzer = createAnalyzer("embedded", DEFAULT_CONFIG, { threatModel: "library", ...crossFile });
  const findings: Finding[] = [];
  let lines = 0;
  const started = performance.now();
  for (const path of files) {
    const text = readFileSync(path, "utf8");
    lines += text.split("\n").length;
    findings.push(...analyzer.analyzeText({ path, text }));
    analyzer.forget(path);
  }
  const seconds = (performance.now() - started) / 1000;
  const atLeastWarning = findings.filter((f) => f.severity !== "note");
  const bySeverity = countBy(findings, (f) => f.severity);
  const byRule = countBy(atLeastWarning, (f) => f.ruleId);
  const taintByRule = countBy(
    findings.filter((f) => f.ruleId.startsWith("py/")),
    (f) => `${f.ruleId} (${f.severity})`,
  );

  console.log(
    `seclsp noise on ${root}: ${files.length} files, ${lines} lines, scanned in ${seconds.toFixed(1)} s`,
  );
  console.log(`findings: ${findings.length} total, ${atLeastWarning.length} at warning or above`);
  table("by severity", bySeverity);
  table("warning or above, by rule", byRule);
  table("data-flow and configuration rules (py/*), all severities", taintByRule);
  // Where each finding at warning or above is, relative to the scanned root (for triage).
  const located = atLeastWarning.map(
    (f) => `${relative(root, f.file)}:${f.range.start.line + 1} ${f.ruleId} ${f.severity}`,
  );
  if (process.argv.includes("--list")) console.log(`\nat warning or above\n  ${located.join("\n  ")}`);

  const bandit = process.argv.includes("--no-bandit") ? "skipped (--no-bandit)" : await banditCounts(files);
  if (typeof bandit === "string") console.log(`\nBandit: ${bandit}`);
  else {
    table("Bandit by severity", bandit.bySeverity);
    table("Bandit by test", bandit.byTest, 25);
  }
  console.log(`\n${machineLine()}`);
  writeResult("noise", {
    root,
    files: files.length,
    lines,
    seconds,
    total: findings.length,
    atLeastWarning: atLeastWarning.length,
    bySeverity: Object.fromEntries(bySeverity),
    byRule: Object.fromEntries(byRule),
    taintByRule: Object.fromEntries(taintByRule),
    atLeastWarningFindings: located,
    bandit:
      typeof bandit === "string"
        ? bandit
        : { bySeverity: Object.fromEntries(bandit.bySeverity), byTest: Object.fromEntries(bandit.byTest) },
  });
}

await main();
