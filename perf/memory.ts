/**
 * npm run perf:memory — RSS of the BUILT server process (VmRSS in /proc/<pid>/status) after
 * opening 200 generated files of 1,000 lines (each analyzed: its diagnostics awaited) and after
 * closing them, 5 open/close cycles. Growth = RSS after the last close vs after the first close
 * (goal: ≤ 10%). Linux only (/proc).
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
const rows: { cycle: number; openMiB: number; closedMiB: number }[] = [];
for (let cycle = 1; cycle <= CYCLES; cycle++) {
  const uris: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const uri = `file:///bench/memory/c${cycle}/file-${i}.py`;
    uris.push(uri);
    const published = lsp.next(uri, (p) => p.version === 1);
    await lsp.open(uri, `# file ${i} of cycle ${cycle}\n${body}`);
    await published;
  }
  const open = lsp.rssKiB();
  for (const uri of uris) {
    const cleared = lsp.next(uri, (p) => p.diagnostics.length === 0);
    await lsp.close(uri);
    await cleared;
  }
  await sleep(1000); // let the server's GC run (it cannot be forced from outside)
  rows.push({ cycle, openMiB: open / 1024, closedMiB: lsp.rssKiB() / 1024 });
}
await lsp.stop();

const first = rows[0]!.closedMiB;
const last = rows.at(-1)!.closedMiB;
const growth = ((last - first) / first) * 100;
console.log(`seclsp memory: RSS (MiB) with ${FILES} files of ${LINES} lines open, and after closing them`);
console.log(`baseline after initialize: ${(baseline / 1024).toFixed(1)} MiB`);
console.log("cycle   open   closed");
for (const r of rows) {
  console.log(
    `${String(r.cycle).padStart(5)} ${r.openMiB.toFixed(1).padStart(6)} ${r.closedMiB.toFixed(1).padStart(8)}`,
  );
}
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
