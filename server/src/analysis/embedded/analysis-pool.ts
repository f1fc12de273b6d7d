import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, freemem, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { SeclspConfig } from "../../config/schema.js";
import type { Finding } from "../finding.js";
import type { AnalysisOutcome } from "./analysis-worker.js";
import type { CrossFileSettings } from "./taint/cross-file/provider-registry.js";
import { DEFAULT_WORKER_HEAP_MB } from "./worker-heap-limit.js";

export interface AnalysisTask {
  path: string;
  text: string;
  /** The file's effective settings; the worker builds its analyzer through `createAnalyzer`. */
  config: SeclspConfig;
  /**
   * The ruff pass's findings, computed by the caller (one ruff instance for the whole pool, see
   * `EmbeddedFindings`); the worker then runs only the tree-sitter passes. Absent: the worker
   * runs ruff itself (in its own ruff worker thread).
   */
  ruff?: Finding[];
  /** Roots of cross-file summaries (the scanned projects). */
  crossFile?: CrossFileSettings;
}

/** The analyzer threw on this file (inside a worker): the run reports the file as failed. */
export class AnalysisFailedError extends Error {
  override readonly name = "AnalysisFailedError";
}

/** The file's worker died twice (a wasm abort, a thread killed for memory) — the file is not analyzed. */
export class WorkerStoppedError extends Error {
  override readonly name = "WorkerStoppedError";
}

/**
 * Memory one pool worker may reach (MiB): ~110 MiB measured at its peak on the standard library
 * (peak RSS 333 / 437 / 551 MiB at 1 / 2 / 3 jobs), with headroom for the big files its 1 GiB
 * heap limit admits.
 */
export const WORKER_MEMORY_MB = 256;

/**
 * Default pool size: one worker per CPU the process may use, less one — and no more than half the
 * memory available at start can hold (WORKER_MEMORY_MB each), so that a many-core machine or a
 * container with little memory is not driven into swap or the OOM killer. The CPU left over is
 * not idle: it runs ruff (one instance for the run), reading and reporting, and V8's compiler and
 * GC threads, which every worker keeps busy with its own copy of the JIT work (~3 CPU-s per
 * isolate on the standard library). Measured on 2 CPUs (stdlib, 601 files): 2 workers took as
 * long as 1 (and up to 30% longer under load) for 35–45% more CPU and 1.5–2× the memory.
 */
export function defaultJobs(cpus = availableParallelism(), availableMb = availableMemoryMb()): number {
  const byMemory = Math.floor(availableMb / 2 / WORKER_MEMORY_MB);
  return Math.max(1, Math.min(cpus - 1, byMemory));
}

/** Memory available to this process now (MiB): free memory, bounded by a cgroup limit if any. */
export function availableMemoryMb(): number {
  const free = freemem();
  // Node reports "no limit" as a huge number (or 0/undefined where unsupported).
  const limit = process.constrainedMemory?.() ?? 0;
  const bounded = limit > 0 && limit < totalmem() ? Math.min(free, limit) : free;
  return bounded / 2 ** 20;
}

/**
 * The compiled worker next to this file (dist/); from TypeScript sources (vitest, tsx) the .ts
 * entry loaded through tsx's require hook, given to the worker as `--require` (piscina loads the
 * entry with `require` first). The hook is a dev dependency, present exactly when the sources are.
 */
function workerEntry(): { filename: string; execArgv: string[] } {
  const compiled = fileURLToPath(new URL("./analysis-worker.js", import.meta.url));
  if (existsSync(compiled)) return { filename: compiled, execArgv: [] };
  const require = createRequire(import.meta.url);
  return {
    filename: fileURLToPath(new URL("./analysis-worker.ts", import.meta.url)),
    execArgv: ["--require", require.resolve("tsx/cjs")],
  };
}

/**
 * The embedded analyzer on all cores: a pool of worker threads (piscina), each owning its own ruff
 * wasm (in ruff's own worker, as in the main thread) and tree-sitter parser. Workers start on
 * demand up to `jobs`. A worker that dies mid-file (a wasm abort, an OOM kill of the thread) is
 * replaced by the pool and the file is analyzed once more; a second death throws
 * WorkerStoppedError (the caller turns it into a `seclsp/not-analyzed` note). So does a file that
 * drives a worker past its heap limit: the worker dies, not the run.
 */
export interface AnalysisPoolOptions {
  /** Heap limit per worker (MiB; see worker-heap-limit.ts). */
  maxHeapMb?: number;
  /**
   * A worker failed outside any task (piscina's `'error'` event). Without a listener that event
   * would throw and end the run; the pool replaces the worker, so it is only worth a warning.
   */
  onWorkerError?: (error: Error) => void;
}

export class AnalysisPool {
  private readonly pool: Piscina<AnalysisTask, AnalysisOutcome>;
  /** Files re-analyzed after their worker died (tests and `--verbose`). */
  retries = 0;
  /** Workers that failed between tasks (see `onWorkerError`). */
  workerErrors = 0;

  constructor(
    readonly jobs: number,
    options: AnalysisPoolOptions = {},
  ) {
    const { filename, execArgv } = workerEntry();
    this.pool = new Piscina({
      filename,
      execArgv,
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? DEFAULT_WORKER_HEAP_MB },
      minThreads: 1,
      maxThreads: Math.max(1, jobs),
      // Idle workers keep their wasm until the run ends (destroy()); re-compiling costs ~1 s.
      idleTimeout: 60_000,
    });
    this.pool.on("error", (error: unknown) => {
      this.workerErrors++;
      options.onWorkerError?.(error instanceof Error ? error : new Error(String(error)));
    });
  }

  /** Raw embedded findings of one file; throws AnalysisFailedError or WorkerStoppedError. */
  async analyze(task: AnalysisTask): Promise<Finding[]> {
    let died: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      let outcome: AnalysisOutcome;
      try {
        outcome = await this.pool.run(task);
      } catch (error) {
        // The handler never throws (errors are returned as data): a rejection is a dead worker.
        died = error;
        if (attempt === 0) this.retries++;
        continue;
      }
      if ("error" in outcome) throw new AnalysisFailedError(outcome.error);
      return outcome.findings;
    }
    const why = died instanceof Error ? died.message : String(died);
    throw new WorkerStoppedError(`its analysis worker stopped twice (${why})`);
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
