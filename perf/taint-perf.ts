/**
 * Taint pass CPU time on a generated 2,000-line file (built from the corpus like perf:detection):
 * cold (fresh parse) and after a one-line edit inside a function (the LSP path). Then the hostile
 * inputs of issue 12 (chained helpers with sinks, a recursion cycle, 250 KB), each in a child
 * process with a time limit: wall time, peak RSS, findings and notes, with the default budget
 * and without one.
 * Usage: npx tsx perf/taint-perf.ts [root]   — `root` lets a copy of an older tree be measured
 * in the same run for a before/after comparison (`root`/server/src/... is imported).
 * TAINT_HOSTILE=0 skips the hostile inputs; TAINT_HOSTILE_LIMIT_S bounds each (default 120).
 */
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadCorpus } from "./lib/corpus.js";
import { chainedFunctions } from "./lib/hostile-python.js";

interface Engine {
  reusedFunctions?(path: string): number;
  analyze(
    file: { path: string; text: string },
    threatModel: "library",
    options?: { timeBudgetMs?: number },
  ): Array<{ ruleId: string }>;
  forget(path: string): void;
  dispose(): void;
}

const root = resolve(process.argv[2] ?? ".");
const mod = (await import(
  pathToFileURL(`${root}/server/src/analysis/embedded/taint/taint-pass.ts`).href
)) as { TaintAnalysis: { create(): Promise<Engine> } };

function generatedFile(lines = 2000): string {
  const corpus = loadCorpus();
  const out: string[] = [];
  for (let n = 0; out.length < lines; n++) {
    const file = corpus[n % corpus.length]!;
    out.push(...file.text.replace(/^def (\w+)/gm, `def $1_${n}`).split("\n"));
  }
  return out.slice(0, lines).join("\n");
}

function cpu(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

const HOSTILE = {
  "chain 100 KB": () => chainedFunctions(100 * 1024),
  "cycle 100 KB": () => chainedFunctions(100 * 1024, { cycle: true }),
  "chain 250 KB": () => chainedFunctions(250 * 1024),
} as const;
type HostileName = keyof typeof HOSTILE;

// Child mode: analyze one hostile input and print one JSON line.
if (process.argv[3] === "--hostile") {
  const name = process.argv[4] as HostileName;
  const budget = process.argv[5] === "none" ? Number.POSITIVE_INFINITY : undefined;
  const hostileText = HOSTILE[name]();
  const hostileEngine = await mod.TaintAnalysis.create();
  const start = performance.now();
  const options = budget === undefined ? {} : { timeBudgetMs: budget };
  const findings = hostileEngine.analyze(
    { path: "/bench/hostile.py", text: hostileText },
    "library",
    options,
  );
  const ms = performance.now() - start;
  const notes = findings.filter((f) => f.ruleId.startsWith("seclsp/")).map((f) => f.ruleId);
  console.log(
    JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, findings: findings.length, notes }),
  );
  process.exit(0);
}

const text = generatedFile();
const engine = await mod.TaintAnalysis.create();
const runs = Number(process.env.RUNS ?? 40);
for (let i = 0; i < 5; i++) engine.analyze({ path: "/bench/warmup.py", text: `${text}\n# ${i}` }, "library");
const cold: number[] = [];
for (let i = 0; i < runs; i++) {
  const path = `/bench/cold-${i}.py`;
  cold.push(cpu(() => engine.analyze({ path, text }, "library")));
  engine.forget(path);
}
// One-line edits inside function bodies (a changed statement), spread over the file.
const lines = text.split("\n");
const bodyLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /^ {4}\w+ = /.test(l));
const warm: number[] = [];
const reused: number[] = [];
engine.analyze({ path: "/bench/doc.py", text }, "library");
for (let i = 0; i < runs; i++) {
  const [line, at] = bodyLines[(i * 7919) % bodyLines.length]!;
  const edited = [...lines];
  edited[at] = `${line}  # edit ${i}`;
  warm.push(cpu(() => engine.analyze({ path: "/bench/doc.py", text: edited.join("\n") }, "library")));
  reused.push(engine.reusedFunctions?.("/bench/doc.py") ?? 0);
}
// Inserting a line shifts everything below it.
const insert: number[] = [];
for (let i = 0; i < runs; i++) {
  const [line, at] = bodyLines[(i * 104729) % bodyLines.length]!;
  const indent = line.match(/^ */)![0];
  const edited = [...lines.slice(0, at), `${indent}tmp_${i} = ${i}`, ...lines.slice(at)];
  insert.push(cpu(() => engine.analyze({ path: "/bench/doc.py", text: edited.join("\n") }, "library")));
}
engine.dispose();
const fmt = (xs: number[]) => `CPU median ${median(xs).toFixed(1)} ms (p95 ${p95(xs).toFixed(1)})`;
console.log(`${root}: ${lines.length} lines, load ${loadavg()[0]!.toFixed(1)}`);
console.log(`  cold                 ${fmt(cold)}`);
console.log(`  edit in a line       ${fmt(warm)}, functions reused: median ${median(reused)}`);
console.log(`  line inserted        ${fmt(insert)}`);

if (process.env.TAINT_HOSTILE !== "0") {
  const limitS = Number(process.env.TAINT_HOSTILE_LIMIT_S ?? 120);
  for (const name of Object.keys(HOSTILE) as HostileName[]) {
    for (const budget of ["default", "none"]) {
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, process.argv[1]!, root, "--hostile", name, budget],
        { encoding: "utf8", timeout: limitS * 1000 },
      );
      const line = child.stdout.trim().split("\n").pop() ?? "";
      let result = `did not finish in ${limitS} s`;
      if (child.status === 0 && line.startsWith("{")) {
        const r = JSON.parse(line) as { ms: number; rssMb: number; findings: number; notes: string[] };
        result =
          `${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.rssMb.toFixed(0)} MB, ${r.findings} findings` +
          (r.notes.length > 0 ? ` (notes: ${r.notes.join(", ")})` : "");
      }
      console.log(`  ${name.padEnd(13)} budget ${budget.padEnd(7)} ${result}`);
    }
  }
}
