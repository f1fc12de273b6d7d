import type { TaintWorkerMemory } from "../analysis/embedded/taint-worker-host.js";
import { type ThreadMemory, threadMemory } from "../analysis/embedded/thread-memory.js";

/**
 * The `seclsp/debugMemory` request (registered only with SECLSP_DEBUG_MEMORY=1): what each thread
 * holds and how many entries the per-document maps keep, so a benchmark or a test can tell a
 * closed document's leftovers from heap growth a GC would return.
 */
export const DEBUG_MEMORY_REQUEST = "seclsp/debugMemory";

export interface ServerMemoryReport {
  /** Resident set of the whole process (bytes; Linux /proc, else `process.memoryUsage().rss`). */
  rss: number;
  main: ThreadMemory;
  /** The taint worker's figures (absent in-process, or while no worker runs). */
  taint?: TaintWorkerMemory;
  /** ruff's worker (its wasm memory is in `external`); absent while no worker runs. */
  ruff?: ThreadMemory;
  /** Entries of each per-document map of the server (0 once every document is closed). */
  documentState: Record<string, number>;
}

/** What the server supplies to a report. */
export interface MemorySources {
  taint: (collect: boolean) => Promise<TaintWorkerMemory | undefined>;
  ruff: (collect: boolean) => Promise<ThreadMemory | undefined>;
  documentState: () => Record<string, number>;
}

/** `collect`: run a full GC in each thread first (only when the process has `--expose-gc`). */
export async function memoryReport(sources: MemorySources, collect: boolean): Promise<ServerMemoryReport> {
  // The worker first: its GC and reply run while this thread waits, then this thread's GC.
  const [taint, ruff] = await Promise.all([sources.taint(collect), sources.ruff(collect)]);
  const report: ServerMemoryReport = {
    rss: process.memoryUsage.rss(),
    main: threadMemory(collect),
    documentState: sources.documentState(),
  };
  if (taint) report.taint = taint;
  if (ruff) report.ruff = ruff;
  report.rss = process.memoryUsage.rss();
  return report;
}

/** The request's params: `{ collect?: boolean }`; anything else means no collection. */
export function collectRequested(params: unknown): boolean {
  return typeof params === "object" && params !== null && (params as { collect?: unknown }).collect === true;
}
