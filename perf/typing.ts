/**
 * npm run perf:typing — typing bursts against the BUILT server over stdio: 200 incremental
 * edits (one character each) at 30 ms intervals into a 2,000-line file, debounce 150 ms (the
 * default). Reports per burst:
 *   - stale publications: a publishDiagnostics whose version is older than the newest version
 *     the client had already sent when it arrived (goal: 0);
 *   - publications during the burst (with a 150 ms debounce and 30 ms keystrokes, ideally none
 *     before the final one);
 *   - settle time: last keystroke → diagnostics of the final version, minus the debounce.
 */
import { performance } from "node:perf_hooks";
import { generatePython } from "./generate-python.js";
import { BenchLspProcess } from "./lib/lsp-process.js";
import { machineLine, writeResult } from "./lib/results.js";
import { num, sleep, stats } from "./lib/stats.js";

const EDITS = 200;
const INTERVAL_MS = 30;
const DEBOUNCE_MS = 150;
const LINES = Number(process.env.SECLSP_BENCH_LINES ?? 2000);
const BURSTS = Number(process.env.SECLSP_BENCH_RUNS ?? 5);
const TYPED = "result = compute(request.args.get('q'))  # typed ";

const lsp = new BenchLspProcess();
await lsp.initialize({ debounceMs: DEBOUNCE_MS });
const rows: { burst: number; stale: number; publications: number; settleMs: number; intervalMs: number }[] =
  [];
for (let burst = 0; burst < BURSTS; burst++) {
  const uri = `file:///bench/typing-${burst}.py`;
  const text = `${generatePython(LINES)}\n`;
  const line = text.split("\n").length - 1; // the empty last line
  await lsp.open(uri, text);
  await lsp.next(uri, (p) => p.version === 1);
  const from = lsp.published.length;
  const sentAt: number[] = []; // sentAt[version]
  const startedAt = performance.now();
  for (let i = 0; i < EDITS; i++) {
    const version = i + 2;
    const due = startedAt + (i + 1) * INTERVAL_MS;
    sentAt[version] = performance.now();
    await lsp.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: { start: { line, character: i }, end: { line, character: i } },
          text: TYPED[i % TYPED.length]!,
        },
      ],
    });
    await sleep(Math.max(0, due - performance.now()));
  }
  const last = EDITS + 1;
  const lastKeystroke = sentAt[last]!;
  const final =
    lsp.published.slice(from).find((p) => p.uri === uri && p.version === last) ??
    (await lsp.next(uri, (p) => p.version === last));
  await sleep(DEBOUNCE_MS * 2); // anything published late would show up now
  const newestSent = (t: number) => {
    let newest = 1;
    for (let v = 2; v <= last; v++) if (sentAt[v]! <= t) newest = v;
    return newest;
  };
  const publications = lsp.published.slice(from).filter((p) => p.uri === uri);
  const stale = publications.filter((p) => (p.version ?? 0) < newestSent(p.receivedAt)).length;
  rows.push({
    burst,
    stale,
    publications: publications.length,
    settleMs: final.receivedAt - lastKeystroke - DEBOUNCE_MS,
    intervalMs: (lastKeystroke - sentAt[2]!) / (EDITS - 1),
  });
  await lsp.close(uri);
}
await lsp.stop();

const settle = stats(rows.map((r) => r.settleMs));
const staleTotal = rows.reduce((n, r) => n + r.stale, 0);
console.log(
  `seclsp typing: ${BURSTS} bursts of ${EDITS} edits every ${INTERVAL_MS} ms, ${LINES}-line file, debounce ${DEBOUNCE_MS} ms`,
);
console.log("burst  stale  publications  settle (ms, minus debounce)  mean keystroke interval (ms)");
for (const r of rows) {
  console.log(
    `${String(r.burst).padStart(5)} ${String(r.stale).padStart(6)} ${String(r.publications).padStart(13)} ${num(r.settleMs, 1, 28)} ${num(r.intervalMs, 1, 29)}`,
  );
}
console.log(`stale publications: ${staleTotal} (goal 0) → ${staleTotal === 0 ? "met" : "NOT met"}`);
console.log(`settle time: median ${settle.median.toFixed(1)} ms, p95 ${settle.p95.toFixed(1)} ms`);
console.log(machineLine());
writeResult("typing", {
  edits: EDITS,
  intervalMs: INTERVAL_MS,
  debounceMs: DEBOUNCE_MS,
  lines: LINES,
  staleTotal,
  settleMs: settle,
  bursts: rows,
});
