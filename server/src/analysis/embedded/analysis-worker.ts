// Must stay the first import: V8 flags apply only to wasm modules compiled after them.
import "./wasm-tuning.js";
import { existsSync, readFileSync, unlinkSync } from "node:fs";
import { createAnalyzer } from "../create-analyzers.js";
import type { Finding } from "../finding.js";
import type { AnalysisTask } from "./analysis-pool.js";
import type { EmbeddedAnalyzer } from "./embedded-analyzer.js";

/** What a task returns: a thrown error would look like a dead worker to the pool, so it is data. */
export type AnalysisOutcome = { findings: Finding[] } | { error: string };

/** One analyzer per settings in this thread (each worker owns its ruff worker and parser). */
const analyzers = new Map<string, EmbeddedAnalyzer>();
const neverAborted = new AbortController().signal;

/**
 * Pool worker entry (piscina calls the default export per task): the embedded analyzer on one
 * file. The parse tree is dropped right after, as `seclsp check` sees each file once.
 */
export default async function analyzeFile(task: AnalysisTask): Promise<AnalysisOutcome> {
  exitIfAsked();
  const key = JSON.stringify([task.config, task.crossFile ?? null]);
  let analyzer = analyzers.get(key);
  if (!analyzer) {
    // The same factory as the main thread's, so a setting means the same in every worker.
    analyzer = createAnalyzer("embedded", task.config, task.crossFile ? { crossFile: task.crossFile } : {});
    analyzers.set(key, analyzer);
  }
  try {
    const findings = await analyzer.analyze([{ path: task.path, text: task.text }], neverAborted);
    return { findings };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    analyzer.forget(task.path);
  }
}

/**
 * Test hook (the worker-crash tests): while the file named by SECLSP_TEST_WORKER_EXIT_MARKER
 * exists, a task makes its worker exit mid-task. The marker is consumed unless it says "always".
 */
function exitIfAsked(): void {
  const marker = process.env.SECLSP_TEST_WORKER_EXIT_MARKER;
  if (!marker || !existsSync(marker)) return;
  const always = readFileSync(marker, "utf8").trim() === "always";
  if (!always) {
    try {
      unlinkSync(marker);
    } catch {
      return; // another worker consumed it first
    }
  }
  process.exit(70);
}
