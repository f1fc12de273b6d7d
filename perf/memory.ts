/**
 * npm run perf:memory — RSS of the BUILT server process (VmRSS in /proc/<pid>/status) after
 * opening 200 generated files of 1,000 lines (each analyzed: its diagnostics awaited) and after
 * closing them, 5 open/close cycles; the peak is sampled while the files are opened. Goals (issue
 * 18): ≤ 500 MiB with them open, and after closing at most the post-initialize RSS + 100 MiB, in
 * every cycle. Linux only (/proc).
 */
import { generatePython } from "./generate-python.js";
import { BenchLspProcess } from "./lib/lsp-process.js";
import { machineLine, writeResult } from "./lib/results.js";
import { sleep } from "./lib/stats.js";

const FILES = Number(process.env.SECLSP_BENCH_FILES ?? 200);
const LINES = 1000;
const CYCLES = Number(process.env.SECLSP_BENCH_RUNS ?? 5);

const lsp = new BenchLspProcess();
await lsp.initialize({ debounceMs: 0 });
const baseline = lsp.rssKiB();
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
  rows.push({ cycle, openMiB: open / 1024, peakMiB: peak / 1024, closedMiB: lsp.rssKiB() / 1024 });
}
await lsp.stop();

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
});
