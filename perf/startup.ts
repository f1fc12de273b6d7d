/**
 * npm run perf:startup — process start → initialize result, over stdio, against the BUILT
 * server (`node bin/seclsp.js --stdio`). Median and p95 of 20 cold starts (the initialize result
 * waits for the taint engine's parser, so this is "ready to analyze").
 */
import { performance } from "node:perf_hooks";
import { BenchLspProcess } from "./lib/lsp-process.js";
import { machineLine, writeResult } from "./lib/results.js";
import { num, stats } from "./lib/stats.js";

const RUNS = Number(process.env.SECLSP_BENCH_RUNS ?? 20);

const toInitialize: number[] = [];
const toFirstDiagnostics: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  const lsp = new BenchLspProcess();
  await lsp.initialize();
  toInitialize.push(performance.now() - started);
  // First diagnostics too: ruff's wasm compiles on the first analysis.
  const uri = "file:///bench/startup.py";
  const published = lsp.next(uri);
  await lsp.open(uri, "import pickle\n\ndef f(data):\n    return pickle.loads(data)\n");
  await published;
  toFirstDiagnostics.push(performance.now() - started);
  await lsp.stop();
}
const init = stats(toInitialize);
const first = stats(toFirstDiagnostics);
console.log(`seclsp startup (ms, ${RUNS} runs)            median      p95      min      max`);
console.log(
  `process start → initialize result    ${num(init.median)} ${num(init.p95)} ${num(init.min)} ${num(init.max)}`,
);
console.log(
  `process start → first diagnostics    ${num(first.median)} ${num(first.p95)} ${num(first.min)} ${num(first.max)}`,
);
console.log(machineLine());
writeResult("startup", { runs: RUNS, initializeMs: init, firstDiagnosticsMs: first });
