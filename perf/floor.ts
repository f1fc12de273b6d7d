/**
 * npm run perf:floor — how far seclsp's first diagnostics are from what any LSP server around
 * ruff-wasm can do, to tell the server's own cost from the protocol's (issue 18's goal: first
 * diagnostics p95 ≤ 1.5× raw ruff at 2,000 lines).
 *
 * Per size (500 / 2,000 / 8,000 lines, generated Python), every iteration makes one edit (a comment
 * appended, sent as an incremental change) and measures, one after the other on the same text:
 *   (a) raw ruff: `ruffCheck` in this process (through ruff's worker thread, as perf:latency's (a));
 *   (t) a bare LSP server (perf/lib/bare-ruff-server.ts) running ruff in its own thread;
 *   (w) the same bare server running ruff in seclsp's ruff worker thread;
 *   (s) seclsp (`node bin/seclsp.js --stdio`, debounce 0): its first (ruff-phase) publication.
 * Each server's second publication is awaited before the next measurement, so none runs while
 * another is timed. Prints medians, p95 and each p95 over raw ruff's p95. Run `npm run build` first.
 * SECLSP_BENCH_BASELINE_BIN=<worktree>/bin/seclsp.js adds that build as a fourth server (A/B of a change).
 */
import "../server/src/analysis/embedded/wasm-tuning.js";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { ruffCheck } from "../server/src/analysis/embedded/ruff-engine.js";
import { generatePython } from "./generate-python.js";
import { incrementalChange } from "./lib/incremental-change.js";
import { StdioLspClient } from "./lib/lsp-stdio-client.js";
import { type Stats, stats, timeSync } from "./lib/stats.js";

const SIZES = process.env.SECLSP_BENCH_SIZES?.split(",").map(Number) ?? [500, 2000, 8000];
const ITERATIONS: Record<number, number> = { 500: 60, 2000: 40, 8000: 20 };
const WARMUP = 5;
const BARE = fileURLToPath(new URL("./lib/bare-ruff-server.ts", import.meta.url));

interface Server {
  name: string;
  client: StdioLspClient;
  /** The server's copy of the document (incremental changes are computed against it). */
  text: string;
  version: number;
  first: number[];
}

async function start(name: string, client: StdioLspClient, seclsp: boolean): Promise<Server> {
  await client.initialize(seclsp ? { seclsp: { debounceMs: 0, logLevel: "warn" } } : undefined);
  return { name, client, text: "", version: 0, first: [] };
}

/** Send `text` as the next version; resolves with the ms to the first publication, after the second. */
async function edit(server: Server, uri: string, text: string): Promise<number> {
  const version = ++server.version;
  const done = server.client.bothPhases(uri, version);
  const started = performance.now();
  if (version === 1) {
    await server.client.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "python", version, text },
    });
  } else {
    await server.client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [incrementalChange(server.text, text)],
    });
  }
  server.text = text;
  return (await done).firstAt - started;
}

const fmt = (s: Stats) => `${s.median.toFixed(1).padStart(6)} ${s.p95.toFixed(1).padStart(6)}`;

async function main(): Promise<void> {
  const servers = [
    await start(
      "bare, ruff in thread",
      new StdioLspClient(["--stdio"], process.env, ["--import", "tsx", BARE]),
      false,
    ),
    await start(
      "bare, ruff worker",
      new StdioLspClient(["--stdio"], { ...process.env, BARE_RUFF: "worker" }, ["--import", "tsx", BARE]),
      false,
    ),
    await start("seclsp", new StdioLspClient(["--stdio"]), true),
  ];
  // Another build side by side (an earlier commit's worktree): changes compared under the same load.
  const other = process.env.SECLSP_BENCH_BASELINE_BIN;
  if (other)
    servers.push(await start("seclsp baseline", new StdioLspClient(["--stdio"], process.env, [other]), true));
  console.log("first diagnostics after an edit (ms; median p95) and p95 / raw ruff p95");
  console.log(`  lines |   raw ruff    | ${servers.map((s) => `${s.name.padEnd(20)}`).join(" | ")}`);
  try {
    for (const lines of SIZES) {
      const base = generatePython(lines);
      const uri = `file:///perf-floor-${lines}.py`;
      const raw: number[] = [];
      for (const server of servers) {
        server.version = 0;
        server.first = [];
        await edit(server, uri, base);
      }
      const iterations = ITERATIONS[lines] ?? 20;
      for (let i = 0; i < WARMUP + iterations; i++) {
        const text = `${base}# edit ${i}\n`;
        const rawMs = timeSync(() => ruffCheck(text));
        const firsts: number[] = [];
        for (const server of servers) firsts.push(await edit(server, uri, text));
        if (i < WARMUP) continue;
        raw.push(rawMs);
        for (const [k, server] of servers.entries()) server.first.push(firsts[k]!);
      }
      for (const server of servers)
        await server.client.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
      const rawStats = stats(raw);
      const cells = servers.map((server) => {
        const s = stats(server.first);
        return `${fmt(s)} ${(s.p95 / rawStats.p95).toFixed(2).padStart(5)}×`;
      });
      console.log(`${String(lines).padStart(7)} | ${fmt(rawStats)} | ${cells.join(" | ")}`);
    }
    for (const { client } of servers) await client.shutdown();
  } finally {
    for (const server of servers) server.client.kill();
  }
  const load = loadavg().map((n) => n.toFixed(1));
  console.log(`load average ${load.join(" ")} on ${cpus().length} CPUs`);
  process.exit(0);
}

await main();
