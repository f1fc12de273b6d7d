import { Worker } from "node:worker_threads";
import type { SourceFile } from "../analyzer.js";
import type { Finding } from "../finding.js";
import type { EmbeddedOptions } from "./embedded-analyzer.js";
import { shareFindingStrings } from "./shared-finding-strings.js";
import { DEFAULT_TIME_BUDGET_MS } from "./taint/taint-pass.js";
import type { TaintReply, TaintRequest, TaintWorkerData } from "./taint-worker-protocol.js";
import type { ThreadMemory } from "./thread-memory.js";
import { workerEntry } from "./worker-entry.js";
import { DEFAULT_WORKER_HEAP_MB } from "./worker-heap-limit.js";

/** The taint worker failed on one file twice in a row (it crashed or threw), or overran its budget. */
export class TaintWorkerError extends Error {
  override readonly name = "TaintWorkerError";
}

export interface TaintHostOptions {
  /** Time an analysis may take beyond its own budget before the worker is terminated (hung). */
  overrunGraceMs?: number;
  /**
   * Text bytes: once the documents held by the worker fall below half their peak and it analyzed
   * at least this much since it started, the idle worker is replaced — its wasm memory and heap
   * never shrink back (measured: RSS stayed ~500 MiB above the baseline after closing everything).
   */
  recycleAfterBytes?: number;
  /**
   * Documents whose trees and caches the worker keeps (least recently analyzed dropped first): an
   * open document beyond this is parsed from scratch on its next edit. Default 8.
   */
  maxHeldDocuments?: number;
  /**
   * Text bytes (UTF-16 units) of the documents held, beyond which the least recent are dropped;
   * the last analyzed one is always held. What a document holds in the worker (syntax trees,
   * per-function results) is ~80× its text: 2.8 MiB of heap for a 1,000-line file. Default 1 MiB
   * (~80 MiB held).
   */
  maxHeldBytes?: number;
  /**
   * Old-generation limit of the worker's JS heap (MiB). A worker past it dies (its job is retried
   * once on a fresh worker, then reported as not analyzed). Default 1024.
   */
  maxHeapMb?: number;
}

interface Job {
  id: number;
  file: SourceFile;
  options: EmbeddedOptions;
  attempts: number;
  resolve: (findings: Finding[] | undefined) => void;
  reject: (error: Error) => void;
}

interface RunningWorker {
  worker: Worker;
  cancel: Int32Array;
  /** Text length per document the worker holds a tree for. */
  held: Map<string, number>;
  peakBytes: number;
  /** Text analyzed since the worker started. */
  analyzedBytes: number;
  /** Memory queries awaiting the worker's reply, by id. */
  memoryQueries: Map<number, (memory: TaintWorkerMemory | undefined) => void>;
}

/** The taint worker's heap figures and what it holds (debugging, benchmarks). */
export interface TaintWorkerMemory extends ThreadMemory {
  /** Documents whose trees and caches the worker holds. */
  heldDocuments: number;
  /** Parse trees alive in the worker. */
  liveTrees: number;
}

/**
 * The taint phase of the LSP in one long-lived worker thread, behind an async API. Jobs run one at
 * a time in order; a newer job for the same file supersedes the older one (dropped if queued,
 * interrupted if running: both resolve `undefined`). A crashed worker is replaced and its job
 * retried once; a worker that overruns its budget is terminated. Closed files are released
 * (`forget`), and the worker is recycled when most of what it held is closed.
 */
export class TaintWorkerHost {
  private running: RunningWorker | undefined;
  private readonly queue: Job[] = [];
  private current: Job | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private nextId = 1;
  private disposed = false;
  /** Workers replaced after a crash, a hang or for memory (tests and logs). */
  restarts = 0;
  recycles = 0;
  /** Trees the worker reported holding after its last analysis (tests and benchmarks). */
  liveTrees = 0;

  constructor(private readonly options: TaintHostOptions = {}) {}

  /** Start the worker now (it loads the parser) so that the first analysis does not wait for it. */
  warmUp(): void {
    this.start();
  }

  /** The flow findings of `file`, or undefined when a newer job for the same file superseded it. */
  analyze(file: SourceFile, options: EmbeddedOptions): Promise<Finding[] | undefined> {
    this.cancel(file.path);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, file, options, attempts: 0, resolve, reject });
      this.pump();
    });
  }

  /** Drop the queued job of `path` and interrupt its running one; both resolve undefined. */
  cancel(path: string): void {
    for (const job of this.queue.filter((queued) => queued.file.path === path)) {
      this.queue.splice(this.queue.indexOf(job), 1);
      job.resolve(undefined);
    }
    if (this.current?.file.path === path && this.running)
      Atomics.store(this.running.cancel, 0, this.current.id);
  }

  /** A closed document: cancel its work and release its tree and caches in the worker. */
  forget(path: string): void {
    this.cancel(path);
    const running = this.running;
    if (!running?.held.delete(path)) return;
    running.worker.postMessage({ type: "forget", path } satisfies TaintRequest);
    this.recycleIfMostlyClosed();
  }

  /**
   * The worker's heap figures once its queued work is done (undefined: no worker running, or it
   * exited first). `collect`: a full GC first, when the process runs with `--expose-gc`.
   */
  memory(collect = false): Promise<TaintWorkerMemory | undefined> {
    const running = this.running;
    if (!running) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      running.memoryQueries.set(id, resolve);
      running.worker.postMessage({ type: "memory", id, collect } satisfies TaintRequest);
    });
  }

  /** Whether a job is queued or running. */
  busy(): boolean {
    return this.current !== undefined || this.queue.length > 0;
  }

  /** Terminate the worker as a crash would (fault injection in tests). */
  async killWorker(): Promise<void> {
    await this.running?.worker.terminate();
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.resolve(undefined);
    this.current?.resolve(undefined);
    this.current = undefined;
    this.stop();
  }

  private pump(): void {
    if (this.current || this.disposed) return;
    const job = this.queue.shift();
    if (!job) return;
    const running = this.start();
    this.current = job;
    // Re-inserted: the Map's order is the recency order.
    running.held.delete(job.file.path);
    running.held.set(job.file.path, job.file.text.length);
    this.evictLeastRecent(running);
    running.peakBytes = Math.max(running.peakBytes, sum(running.held.values()));
    running.analyzedBytes += job.file.text.length;
    running.worker.postMessage({
      type: "analyze",
      id: job.id,
      file: job.file,
      options: job.options,
    } satisfies TaintRequest);
    const budget = job.options.taintTimeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
    // Infinity (no budget) never trips the watchdog; the engine polls the cancel slot anyway.
    if (Number.isFinite(budget)) {
      const grace = this.options.overrunGraceMs ?? 10_000;
      // The first job after a start also waits for the parser to load.
      this.watchdog = setTimeout(() => this.overrun(running, job), budget + grace);
      this.watchdog.unref();
    }
  }

  private settle(): Job | undefined {
    const job = this.current;
    this.current = undefined;
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    return job;
  }

  private onReply(running: RunningWorker, reply: TaintReply): void {
    if (reply.type === "memory") {
      running.memoryQueries.get(reply.id)?.({
        ...reply.memory,
        heldDocuments: running.held.size,
        liveTrees: reply.liveTrees,
      });
      running.memoryQueries.delete(reply.id);
      return;
    }
    if (running !== this.running || reply.type === "ready") return;
    const job = this.current;
    if (!job || reply.id !== job.id) return;
    this.settle();
    if (reply.type === "failed") {
      // The engine catches its own errors: a failure here is the worker's, so replace it.
      this.replaceAfterFailure(job, `${reply.error.name}: ${reply.error.message}`);
      return;
    }
    this.liveTrees = reply.liveTrees;
    job.resolve(reply.interrupted ? undefined : shareFindingStrings(reply.findings));
    this.pump();
  }

  private onExit(running: RunningWorker): void {
    for (const resolve of running.memoryQueries.values()) resolve(undefined);
    running.memoryQueries.clear();
    if (running !== this.running) return;
    this.running = undefined;
    const job = this.settle();
    if (this.disposed) return;
    if (job) this.replaceAfterFailure(job, "the taint worker exited", running);
    else {
      this.restarts++;
      this.pump();
    }
  }

  /** Retry the job once on a fresh worker (a crash may be the worker's state, not the file). */
  private replaceAfterFailure(job: Job, reason: string, exited?: RunningWorker): void {
    this.restarts++;
    if (!exited) this.stop();
    if (job.attempts >= 1) {
      job.reject(new TaintWorkerError(`taint analysis of ${job.file.path} failed twice: ${reason}`));
    } else {
      job.attempts++;
      this.queue.unshift(job);
    }
    this.pump();
  }

  private overrun(running: RunningWorker, job: Job): void {
    if (running !== this.running || this.current !== job) return;
    this.settle();
    this.restarts++;
    this.stop();
    job.reject(
      new TaintWorkerError(`taint analysis of ${job.file.path} overran its time budget; worker replaced`),
    );
    this.pump();
  }

  private evictLeastRecent(running: RunningWorker): void {
    const limit = this.options.maxHeldDocuments ?? 8;
    const byteLimit = this.options.maxHeldBytes ?? 1024 * 1024;
    let bytes = sum(running.held.values());
    for (const [path, size] of running.held) {
      if (running.held.size <= 1 || (running.held.size <= limit && bytes <= byteLimit)) break;
      bytes -= size;
      running.held.delete(path);
      running.worker.postMessage({ type: "forget", path } satisfies TaintRequest);
    }
  }

  private recycleIfMostlyClosed(): void {
    const running = this.running;
    const threshold = this.options.recycleAfterBytes ?? 4 * 1024 * 1024;
    if (!running || this.busy() || running.analyzedBytes < threshold) return;
    if (sum(running.held.values()) * 2 > running.peakBytes) return;
    this.recycles++;
    this.stop();
    this.liveTrees = 0;
    // Started at once: the parser loads while the editor is idle, not on the next keystroke.
    this.start();
  }

  private start(): RunningWorker {
    if (this.running) return this.running;
    const { entry, eval: isSource } = workerEntry("taint-worker");
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const workerData: TaintWorkerData = { cancel };
    const resourceLimits = { maxOldGenerationSizeMb: this.options.maxHeapMb ?? DEFAULT_WORKER_HEAP_MB };
    const worker = new Worker(entry, { workerData, eval: isSource, resourceLimits });
    const running: RunningWorker = {
      worker,
      cancel,
      held: new Map(),
      peakBytes: 0,
      analyzedBytes: 0,
      memoryQueries: new Map(),
    };
    worker.on("message", (reply: TaintReply) => this.onReply(running, reply));
    // A crash surfaces as "exit"; this listener only keeps it from crashing the process.
    worker.on("error", () => undefined);
    worker.on("exit", () => this.onExit(running));
    worker.unref();
    this.running = running;
    return running;
  }

  private stop(): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    void running.worker.terminate();
  }
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
