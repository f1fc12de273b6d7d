/**
 * Detection benchmark on the taint corpus (test/corpus): per-rule and overall recall/precision of
 * (a) seclsp's embedded analyzer (ruff + taint), (b) ruff's S rules alone, (c) Bandit when it is on
 * PATH; plus the time of the taint pass on a generated 2,000-line file.
 *
 *   npm run bench:detection            (writes bench/results/detection.json)
 *
 * Matching: an expected `# expect: py/rule` marker is found by a tool finding on the same line that
 * shares a CWE with the rule (tools other than seclsp do not use CodeQL's ids). In-scope findings
 * are those whose CWEs overlap some corpus rule; those matching no marker are false positives.
 * seclsp is also scored by exact rule id ("exact").
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { banditRuleMapping } from "../server/src/analysis/bandit/bandit-rules.js";
import { normalizeCwe } from "../server/src/analysis/cwe.js";
import { allCheckRules } from "../server/src/analysis/embedded/checks/check-rules.js";
import { EmbeddedAnalyzer } from "../server/src/analysis/embedded/embedded-analyzer.js";
import { ruffPass } from "../server/src/analysis/embedded/ruff-pass.js";
import { allTaintRules, type RuleInfo } from "../server/src/analysis/embedded/taint/rule-catalog.js";
import { TaintAnalysis } from "../server/src/analysis/embedded/taint/taint-pass.js";
import { primaryReporter } from "../server/src/analysis/reporters.js";
import { visibleFindings } from "../server/src/analysis/visible-findings.js";
import { type CorpusFile, loadCorpus } from "../test/unit/taint/corpus-expectations.js";

interface ToolFinding {
  file: string;
  line: number;
  cwes: string[];
  ruleId: string;
}

interface Score {
  tp: number;
  fn: number;
  fp: number;
}

const RULES: readonly RuleInfo[] = [...allTaintRules(), ...allCheckRules()];
const RULE_CWES = new Map(RULES.map((r) => [r.id, new Set(r.cwes.map(norm))]));
const SCOPE = new Set(RULES.flatMap((r) => r.cwes.map(norm)));
const OUT = join(import.meta.dirname, "results", "detection.json");

function norm(cwe: string | number): string {
  return normalizeCwe(cwe) ?? String(cwe);
}

async function seclspFindings(corpus: CorpusFile[]): Promise<ToolFinding[]> {
  await EmbeddedAnalyzer.ready();
  return corpus.flatMap((file) =>
    // What the editor shows: the same merge-then-suppress pipeline as the LSP and `seclsp check`.
    visibleFindings(
      file.text,
      new EmbeddedAnalyzer({ threatModel: file.threatModel }).analyzeText({
        path: file.path,
        text: file.text,
      }),
    ).map((f) => ({
      file: file.name,
      line: f.range.start.line + 1,
      cwes: f.cwes.map(norm),
      ruleId: f.ruleId,
    })),
  );
}

function ruffFindings(corpus: CorpusFile[]): ToolFinding[] {
  return corpus.flatMap((file) =>
    ruffPass.run({ path: file.path, text: file.text }, { threatModel: file.threatModel }).map((f) => ({
      file: file.name,
      line: f.range.start.line + 1,
      cwes: f.cwes.map(norm),
      ruleId: primaryReporter(f).ruleId,
    })),
  );
}

async function banditFindings(corpus: CorpusFile[]): Promise<ToolFinding[] | string> {
  const run = promisify(execFile);
  try {
    await run("bandit", ["--version"]);
  } catch {
    return "bandit not on PATH (Debian: apt-get install python3-bandit)";
  }
  const byPath = new Map(corpus.map((f) => [f.path, f.name]));
  let stdout: string;
  try {
    ({ stdout } = await run("bandit", ["-f", "json", "-q", ...corpus.map((f) => f.path)], {
      maxBuffer: 64 << 20,
    }));
  } catch (error) {
    // Bandit exits 1 when it found issues; its JSON is still on stdout.
    stdout = (error as { stdout?: string }).stdout ?? "";
  }
  const report = JSON.parse(stdout) as {
    results: Array<{ filename: string; line_number: number; test_id: string }>;
  };
  return report.results.map((r) => ({
    file: byPath.get(r.filename) ?? r.filename,
    line: r.line_number,
    // The registry's CWEs for the problem (Bandit's own tags are coarser, e.g. CWE-20 for XML).
    cwes: banditRuleMapping(r.test_id).cwes,
    ruleId: r.test_id,
  }));
}

interface ToolScore {
  perRule: Record<string, Score>;
  overall: Score;
}

/** Score a tool by CWE on the same line (or by exact rule id). */
function score(corpus: CorpusFile[], findings: ToolFinding[], exact: boolean): ToolScore {
  const perRule: Record<string, Score> = Object.fromEntries(
    RULES.map((r) => [r.id, { tp: 0, fn: 0, fp: 0 }]),
  );
  const matched = new Set<ToolFinding>();
  const byLine = new Map<string, ToolFinding[]>();
  for (const f of findings)
    byLine.set(`${f.file}:${f.line}`, [...(byLine.get(`${f.file}:${f.line}`) ?? []), f]);
  const overall: Score = { tp: 0, fn: 0, fp: 0 };
  for (const file of corpus) {
    for (const expectation of file.expected) {
      const colon = expectation.indexOf(":");
      const line = Number(expectation.slice(0, colon));
      const rule = expectation.slice(colon + 1);
      const cwes = RULE_CWES.get(rule) ?? new Set<string>();
      const hit = (byLine.get(`${file.name}:${line}`) ?? []).find((f) =>
        exact ? f.ruleId === rule : f.cwes.some((c) => cwes.has(c)),
      );
      const s = perRule[rule] ?? { tp: 0, fn: 0, fp: 0 };
      if (hit) {
        matched.add(hit);
        s.tp++;
        overall.tp++;
      } else {
        s.fn++;
        overall.fn++;
      }
    }
  }
  for (const f of findings) {
    if (matched.has(f)) continue;
    const inScope = exact ? RULE_CWES.has(f.ruleId) : f.cwes.some((c) => SCOPE.has(c));
    if (!inScope) continue;
    overall.fp++;
    for (const rule of RULES) {
      if (exact ? f.ruleId === rule.id : f.cwes.some((c) => RULE_CWES.get(rule.id)!.has(c)))
        perRule[rule.id]!.fp++;
    }
  }
  return { perRule, overall };
}

const pct = (n: number, d: number) => (d === 0 ? "  -  " : `${((100 * n) / d).toFixed(0).padStart(3)}%`);
const recall = (s: Score) => pct(s.tp, s.tp + s.fn);
const precision = (s: Score) => pct(s.tp, s.tp + s.fp);

function table(tools: Array<[string, ToolScore]>): string {
  const header = ["rule".padEnd(42), ...tools.map(([name]) => `${name} R / P`.padStart(18))].join(" | ");
  const rows = RULES.map((rule: RuleInfo) =>
    [
      rule.id.padEnd(42),
      ...tools.map(([, s]) =>
        `${recall(s.perRule[rule.id]!)} / ${precision(s.perRule[rule.id]!)}`.padStart(18),
      ),
    ].join(" | "),
  );
  const total = [
    "OVERALL".padEnd(42),
    ...tools.map(([, s]) => `${recall(s.overall)} / ${precision(s.overall)}`.padStart(18)),
  ].join(" | ");
  return [header, "-".repeat(header.length), ...rows, "-".repeat(header.length), total].join("\n");
}

/** A 2,000-line file assembled from the corpus (functions renamed so that they stay distinct). */
function generatedFile(corpus: CorpusFile[], lines = 2000): string {
  const out: string[] = [];
  for (let n = 0; out.length < lines; n++) {
    const file = corpus[n % corpus.length]!;
    out.push(...file.text.replace(/^def (\w+)/gm, `def $1_${n}`).split("\n"));
  }
  return out.slice(0, lines).join("\n");
}

function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: Number(at(0.5).toFixed(2)), p95: Number(at(0.95).toFixed(2)) };
}

/** Wall-clock and CPU time of one call (CPU time is less distorted when the machine is busy). */
function measure(fn: () => unknown): { wall: number; cpu: number } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  fn();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function series(samples: Array<{ wall: number; cpu: number }>) {
  return { wall: stats(samples.map((s) => s.wall)), cpu: stats(samples.map((s) => s.cpu)) };
}

async function timing(corpus: CorpusFile[]) {
  const text = generatedFile(corpus);
  const engine = await TaintAnalysis.create();
  const runs = 40;
  for (let i = 0; i < 5; i++)
    engine.analyze({ path: "/bench/warmup.py", text: `${text}\n# ${i}` }, "library");
  const cold: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < runs; i++) {
    const path = `/bench/cold-${i}.py`;
    cold.push(measure(() => engine.analyze({ path, text }, "library")));
    engine.forget(path);
  }
  // The LSP path: the same document edited inside one function per run (incremental re-parse).
  const warm: Array<{ wall: number; cpu: number }> = [];
  engine.analyze({ path: "/bench/doc.py", text }, "library");
  for (let i = 0; i < runs; i++) {
    const at = text.indexOf("\n", Math.floor((text.length * (i % 10)) / 10)) + 1;
    const edited = `${text.slice(0, at)}# edit ${i}\n${text.slice(at)}`;
    warm.push(measure(() => engine.analyze({ path: "/bench/doc.py", text: edited }, "library")));
  }
  const ruff: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < 15; i++) {
    ruff.push(
      measure(() =>
        ruffPass.run({ path: "/bench/ruff.py", text: `${text}\n# ${i}` }, { threatModel: "library" }),
      ),
    );
  }
  engine.dispose();
  return {
    lines: text.split("\n").length,
    taintCold: series(cold),
    taintIncremental: series(warm),
    ruff: series(ruff),
  };
}

async function main(): Promise<void> {
  const corpus = loadCorpus();
  const expected = corpus.reduce((n, f) => n + f.expected.size, 0);
  const seclsp = await seclspFindings(corpus);
  const tools: Array<[string, ToolScore]> = [
    ["seclsp exact", score(corpus, seclsp, true)],
    ["seclsp", score(corpus, seclsp, false)],
    ["ruff S", score(corpus, ruffFindings(corpus), false)],
  ];
  const bandit = await banditFindings(corpus);
  if (typeof bandit !== "string") tools.push(["bandit", score(corpus, bandit, false)]);
  console.log(
    `Detection on test/corpus: ${corpus.length} files, ${expected} expected findings, ${RULES.length} rules`,
  );
  console.log("R = recall, P = precision (by CWE on the same line; 'exact' = CodeQL rule id)\n");
  console.log(table(tools));
  if (typeof bandit === "string") console.log(`\nBandit: skipped (${bandit})`);
  const time = await timing(corpus);
  const fmt = (s: { wall: { median: number; p95: number }; cpu: { median: number; p95: number } }) =>
    `median ${s.wall.median} ms (p95 ${s.wall.p95}), CPU median ${s.cpu.median} ms (p95 ${s.cpu.p95})`;
  console.log(
    `\nTaint pass on a generated ${time.lines}-line file (load average ${loadavg()[0]!.toFixed(1)}):`,
  );
  console.log(`  cold (fresh parse)         ${fmt(time.taintCold)}`);
  console.log(`  after an edit (LSP path)   ${fmt(time.taintIncremental)}`);
  console.log(`  ruff S, same file          ${fmt(time.ruff)}`);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(
    OUT,
    `${JSON.stringify({ corpusFiles: corpus.length, expected, tools: Object.fromEntries(tools), bandit: typeof bandit === "string" ? bandit : "ran", timing: time, loadAverage: loadavg()[0] }, null, 2)}\n`,
  );
  console.log(`\nWrote ${OUT}`);
}

await main();
