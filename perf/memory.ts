/**
 * npm run perf:memory — RSS of the BUILT server process (VmRSS in /proc/<pid>/status) after
 * initialize (once its workers have loaded), after opening 200 generated files of 1,000 lines (each
 * analyzed: its diagnostics awaited) and after closing them, 5 open/close cycles; the peak is sampled while the files are opened. Goals (issue
 * 18): ≤ 500 MiB with them open, and after closing at most the post-initialize RSS + 100 MiB, in
 * every cycle. Linux only (/proc).
 *
 * Per cycle it also prints each thread's JS heap (used / total) and external memory (wasm) after
 * closing, from the server's `seclsp/debugMemory` request (SECLSP_DEBUG_MEMORY=1). With
 * SECLSP_BENCH_GC=1 the server runs with --expose-gc and every thread is fully collected before
 * each figure: what is then left is really referenced (diagnosis only; RSS figures change).
 */
import type { ServerMemoryReport } from "../server/src/lsp/memory-report.js";
import { generatePython } from "./generate-python.js";
import { BenchLspProcess } from "./lib/lsp-process.js";
import { machineLine, writeResult } from "./lib/results.js";
import { sleep } from "./lib/stats.js";

const FILES = Number(process.env.SECLSP_BENCH_FILES ?? 200);
const LINES = 1000;
const CYCLES = Number(process.env.SECLSP_BENCH_RUNS ?? 5);

const collect = process.env.SECLSP_BENCH_GC === "1";
const lsp = new BenchLspProcess({
  ...process.env,
  SECLSP_DEBUG_MEMORY: "1",
  ...(collect ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc` } : {}),
});
await lsp.initialize({ debounceMs: 0 });
const report = () => lsp.connection.sendRequest<ServerMemoryReport>("seclsp/debugMemory", { collect });
// The initialize reply comes before the taint worker has loaded its parser: the report waits for
// the worker's answer (after its load), then the same 1 s settle as after closing.
await report();
await sleep(1000);
if (collect) await report();
const baseline = lsp.rssKiB();
const threads: { cycle: number; report: ServerMemoryReport }[] = [{ cycle: 0, report: await report() }];
// Different texts per file (a comment line), so no cache can make later files free.
const body = generatePython(LINES);
const rows: { cycle: number; openMiB: number; peakMiB: number; closedMiB: number }[] = [];
for (let cycle = 1; cycle <= CYCLES; cycle++) {
  const uris: string[] = [];
  let peak = 0;
  for (let i = 0; i < FILES; i++) {
    const uri = `file:///bench/memory/c${cycle}/file-${i}.py`;
    uris.push(uri);
    // The second publication of version 1 is the complete one (ruff first, then data flow).
    let seen = 0;
    const published = lsp.next(uri, (p) => p.version === 1 && ++seen === 2);
    await lsp.open(uri, `# file ${i} of cycle ${cycle}\n${body}`);
    await published;
    peak = Math.max(peak, lsp.rssKiB());
  }
  const open = lsp.rssKiB();
  for (const uri of uris) {
    const cleared = lsp.next(uri, (p) => p.diagnostics.length === 0);
    await lsp.close(uri);
    await cleared;
  }
  await sleep(1000); // let the server's GC run (it cannot be forced from outside)
  if (collect) await report();
  rows.push({ cycle, openMiB: open / 1024, peakMiB: peak / 1024, closedMiB: lsp.rssKiB() / 1024 });
  threads.push({ cycle, report: await report() });
}
await lsp.stop();

const leftovers = threads.filter(({ report: r }) => Object.values(r.documentState).some((n) => n !== 0));

const first = rows[0]!.closedMiB;
const last = rows.at(-1)!.closedMiB;
const growth = ((last - first) / first) * 100;
console.log(`seclsp memory: RSS (MiB) with ${FILES} files of ${LINES} lines open, and after closing them`);
console.log(`baseline after initialize: ${(baseline / 1024).toFixed(1)} MiB`);
console.log("cycle   open   peak   closed");
for (const r of rows) {
  console.log(
    `${String(r.cycle).padStart(5)} ${r.openMiB.toFixed(1).padStart(6)} ${r.peakMiB.toFixed(1).padStart(6)} ${r.closedMiB.toFixed(1).padStart(8)}`,
  );
}
const mib = (bytes: number | undefined) => (bytes === undefined ? "-" : (bytes / 1048576).toFixed(1));
const heap = (t: { heapUsed: number; heapTotal: number; external: number } | undefined) =>
  t ? `${mib(t.heapUsed)}/${mib(t.heapTotal)} +${mib(t.external)}` : "-";
console.log(
  `per thread after closing${collect ? " (after a full GC in each thread)" : ""}: JS heap used/total + external (wasm), MiB`,
);
console.log("cycle  main                taint               ruff");
for (const { cycle, report: r } of threads) {
  console.log(
    `${String(cycle || "init").padStart(5)}  ${heap(r.main).padEnd(19)} ${heap(r.taint).padEnd(19)} ${heap(r.ruff)}`,
  );
}
console.log(
  leftovers.length === 0
    ? "per-document maps after closing: all empty"
    : `per-document maps NOT empty after closing: ${JSON.stringify(leftovers.map((l) => l.report.documentState))}`,
);
const baselineMiB = baseline / 1024;
const bounded = rows.every((r) => r.peakMiB <= 500 && r.closedMiB <= baselineMiB + 100);
console.log(
  `goal: peak ≤ 500 MiB and after close ≤ baseline + 100 MiB (${(baselineMiB + 100).toFixed(1)}) in every cycle → ${bounded ? "met" : "NOT met"}`,
);
console.log(
  `growth after closing, cycle 1 → ${CYCLES}: ${growth.toFixed(1)}% (goal ≤ 10%) → ${growth <= 10 ? "met" : "NOT met"}`,
);
console.log(machineLine());
writeResult("memory", {
  files: FILES,
  lines: LINES,
  cycles: rows,
  baselineMiB: baseline / 1024,
  growthPercent: growth,
  forcedGc: collect,
  threads,
});
