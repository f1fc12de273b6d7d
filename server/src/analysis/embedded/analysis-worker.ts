import { existsSync, readFileSync, unlinkSync } from "node:fs";
import { createAnalyzer } from "../create-analyzers.js";
import type { Finding } from "../finding.js";
import type { AnalysisTask } from "./analysis-pool.js";
import {
  checksPass,
  EmbeddedAnalyzer,
  type EmbeddedPass,
  experimentalPass,
  taintPass,
} from "./embedded-analyzer.js";

/** What a task returns: a thrown error would look like a dead worker to the pool, so it is data. */
export type AnalysisOutcome = { findings: Finding[] } | { error: string };

/** One analyzer per settings (and ruff source) in this thread; each worker owns its parser. */
const analyzers = new Map<string, EmbeddedAnalyzer>();
const neverAborted = new AbortController().signal;

/** The ruff findings the task brought, by path, for the analysis running now. */
const givenRuff = new Map<string, Finding[]>();

/**
 * Stands in for the ruff pass (same place in the pass list, so the merge of ruff twins is the
 * one the in-thread analyzer does) when the caller ran ruff already.
 */
const givenRuffPass: EmbeddedPass = {
  name: "ruff",
  run(file) {
    const findings = givenRuff.get(file.path);
    if (!findings) throw new Error(`no ruff findings were given for ${file.path}`);
    return findings;
  },
};

function analyzerFor(task: AnalysisTask): EmbeddedAnalyzer {
  const key = `${task.ruff ? "given" : "own"}\0${JSON.stringify([task.config, task.crossFile ?? null])}`;
  let analyzer = analyzers.get(key);
  if (!analyzer) {
    // The same factory as the main thread's, so a setting means the same in every worker.
    analyzer = createAnalyzer("embedded", task.config, {
      oneShot: true,
      ...(task.crossFile ? { crossFile: task.crossFile } : {}),
    });
    if (task.ruff)
      analyzer = new EmbeddedAnalyzer(analyzer.options, [
        givenRuffPass,
        taintPass,
        checksPass,
        experimentalPass,
      ]);
    analyzers.set(key, analyzer);
  }
  return analyzer;
}

/**
 * Pool worker entry (piscina calls the default export per task): the embedded analyzer on one
 * file. The parse tree is dropped right after, as `seclsp check` sees each file once.
 */
export default async function analyzeFile(task: AnalysisTask): Promise<AnalysisOutcome> {
  exitIfAsked();
  const analyzer = analyzerFor(task);
  if (task.ruff) givenRuff.set(task.path, task.ruff);
  try {
    const findings = await analyzer.analyze([{ path: task.path, text: task.text }], neverAborted);
    return { findings };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    givenRuff.delete(task.path);
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
