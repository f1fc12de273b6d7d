import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { Diagnostic } from "@astral-sh/ruff-wasm-nodejs";
import type { RuffReply, RuffRequest, RuffWorkerData } from "./ruff-worker-protocol.js";
import type { ThreadMemory } from "./thread-memory.js";
import { workerEntry } from "./worker-entry.js";

/** ruff trapped (stack overflow, "memory access out of bounds", a panic) or its worker died. */
export class RuffTrapError extends Error {
  override readonly name = "RuffTrapError";
}

/** ruff did not answer within its time budget; its worker was terminated. */
export class RuffTimeoutError extends Error {
  override readonly name = "RuffTimeoutError";
}

/** The text nests deeper than the request's `depthLimit`: ruff was not run (its stack would overflow). */
export class RuffTooDeepError extends Error {
  override readonly name = "RuffTooDeepError";
  constructor(
    readonly depth: number,
    readonly offset: number,
  ) {
    super(`expressions nested about ${depth} levels deep`);
  }
}

export interface RuffHostOptions {
  /** ruff `Workspace` settings. */
  settings: unknown;
  /** Time budget of one check once the worker is up. */
  checkTimeoutMs: number;
  /** Extra time the first check after a (re)start may take: loading the 10 MB wasm module. */
  startupTimeoutMs: number;
}

export interface RuffCheckOptions {
  /** See `RuffRequest.depthLimit`: past it the check throws (rejects) `RuffTooDeepError`. */
  depthLimit?: number;
}

interface RunningWorker {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  ready: boolean;
  /** `memory()` calls awaiting the worker's reply, by id. */
  memoryQueries: Map<number, (memory: ThreadMemory | undefined) => void>;
}

/** A queued or running asynchronous check. */
interface AsyncCheck {
  id: number;
  text: string;
  options: RuffCheckOptions;
  /** Polled before the check is sent: true drops it (resolves undefined; a newer text replaced it). */
  stale: (() => boolean) | undefined;
  resolve: (diagnostics: Diagnostic[] | undefined) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/**
 * ruff in a worker thread, behind two APIs on one worker:
 * - `check` (CLI, tests): blocks the calling thread in `Atomics.wait` until the reply or deadline;
 * - `checkAsync` (the LSP server): posts and resolves on the reply, so the main thread keeps
 *   answering requests while a big file is checked. Async checks run one at a time, in order.
 * A trap, a crash or a time-out retires the worker (terminated, never reused: its wasm memory may
 * be corrupt) and a fresh one starts loading at once; an async check that was waiting behind the
 * failed one is re-sent to the new worker.
 */
export class RuffWorkerHost {
  private running: RunningWorker | undefined;
  private nextId = 1;
  private readonly queue: AsyncCheck[] = [];
  private inFlight: AsyncCheck | undefined;
  /** Workers retired so far (tests and logs). */
  restarts = 0;
  /** Time budget of one check (adjustable, e.g. from settings). */
  checkTimeoutMs: number;

  constructor(private readonly options: RuffHostOptions) {
    this.checkTimeoutMs = options.checkTimeoutMs;
  }

  check(text: string, options: RuffCheckOptions = {}): Diagnostic[] {
    let running = this.start();
    const id = this.nextId++;
    running.port.postMessage(request(id, text, options));
    // An async check already sent is answered first: its time counts against this deadline too.
    let budget =
      this.checkTimeoutMs * (this.inFlight ? 2 : 1) + (running.ready ? 0 : this.options.startupTimeoutMs);
    let deadline = Date.now() + budget;
    for (;;) {
      const seen = Atomics.load(running.signal, 0);
      const received = receiveMessageOnPort(running.port);
      if (received) {
        const reply = received.message as RuffReply;
        if (reply.type === "ready") {
          // The worker is up: from now on only the check's own budget counts.
          running.ready = true;
          budget = this.checkTimeoutMs;
          deadline = Math.min(deadline, Date.now() + budget);
          continue;
        }
        if (reply.type === "memory" || (reply.id !== id && reply.id !== -1)) {
          // The reply to an async check sent before this one (or a stale one): deliver it.
          this.onAsyncReply(running, reply);
          if (this.running !== running) {
            // That job broke the worker: this check goes to its replacement.
            running = this.start();
            running.port.postMessage(request(id, text, options));
            budget = this.checkTimeoutMs + this.options.startupTimeoutMs;
            deadline = Date.now() + budget;
          }
          continue;
        }
        if (reply.type === "result") return reply.diagnostics;
        if (reply.type === "tooDeep") throw new RuffTooDeepError(reply.depth, reply.offset);
        this.retire();
        throw new RuffTrapError(`ruff failed: ${reply.error.name}: ${reply.error.message}`);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        this.retire();
        throw new RuffTimeoutError(`ruff took longer than ${budget} ms`);
      }
      Atomics.wait(running.signal, 0, seen, remaining);
    }
  }

  /**
   * The diagnostics of `text`, without blocking the calling thread; undefined when `stale()` said
   * the check is no longer wanted before it was sent. Rejects like `check` throws.
   */
  checkAsync(
    text: string,
    options: RuffCheckOptions = {},
    stale?: () => boolean,
  ): Promise<Diagnostic[] | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, text, options, stale, resolve, reject });
      this.pump();
    });
  }

  /** The worker's heap figures (benchmarks, debugging); undefined when no worker runs or it fails first. */
  memory(collect = false): Promise<ThreadMemory | undefined> {
    const running = this.running;
    if (!running) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      running.memoryQueries.set(id, resolve);
      running.port.postMessage({ id, text: "", memory: { collect } } satisfies RuffRequest);
    });
  }

  /** Stop the worker (the process may then exit). Pending async checks are rejected. */
  dispose(): void {
    const pending = [...(this.inFlight ? [this.inFlight] : []), ...this.queue.splice(0)];
    this.inFlight = undefined;
    for (const job of pending) {
      clearTimeout(job.timer);
      job.reject(new RuffTrapError("ruff worker stopped"));
    }
    this.stopWorker();
  }

  private pump(): void {
    while (!this.inFlight) {
      const job = this.queue.shift();
      if (!job) return;
      if (job.stale?.()) {
        job.resolve(undefined);
        continue;
      }
      this.send(job);
    }
  }

  private send(job: AsyncCheck): void {
    const running = this.start();
    this.inFlight = job;
    running.port.postMessage(request(job.id, job.text, job.options));
    this.arm(job, this.checkTimeoutMs + (running.ready ? 0 : this.options.startupTimeoutMs));
  }

  private arm(job: AsyncCheck, budget: number): void {
    clearTimeout(job.timer);
    job.timer = setTimeout(() => {
      if (this.inFlight !== job) return;
      this.inFlight = undefined;
      this.retire();
      job.reject(new RuffTimeoutError(`ruff took longer than ${budget} ms`));
      this.pump();
    }, budget);
  }

  /** A reply read from the port outside a synchronous check (or skipped over by one). */
  private onAsyncReply(running: RunningWorker, reply: RuffReply): void {
    if (reply.type === "memory") {
      running.memoryQueries.get(reply.id)?.(reply.memory);
      running.memoryQueries.delete(reply.id);
      return;
    }
    if (running !== this.running) return;
    if (reply.type === "ready") {
      running.ready = true;
      if (this.inFlight) this.arm(this.inFlight, this.checkTimeoutMs);
      return;
    }
    const job = this.inFlight;
    if (reply.type === "failed") {
      // The worker is broken whoever's request it was: replace it; re-send a job it did not fail on.
      const culprit = job && (reply.id === job.id || reply.id === -1) ? job : undefined;
      this.inFlight = undefined;
      if (job) clearTimeout(job.timer);
      this.retire();
      if (culprit)
        culprit.reject(new RuffTrapError(`ruff failed: ${reply.error.name}: ${reply.error.message}`));
      else if (job) this.queue.unshift(job);
      this.pump();
      return;
    }
    if (!job || reply.id !== job.id) return; // a stale reply to an abandoned request
    this.inFlight = undefined;
    clearTimeout(job.timer);
    if (reply.type === "tooDeep") job.reject(new RuffTooDeepError(reply.depth, reply.offset));
    else job.resolve(reply.diagnostics);
    this.pump();
  }

  private start(): RunningWorker {
    if (this.running) return this.running;
    const { entry, eval: isSource } = workerEntry("ruff-worker");
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const workerData: RuffWorkerData = { port: port2, signal, settings: this.options.settings };
    const worker = new Worker(entry, { workerData, transferList: [port2], eval: isSource });
    // Errors arrive as "failed" replies; this listener only keeps them from crashing the process.
    worker.on("error", () => undefined);
    worker.unref();
    const running: RunningWorker = { worker, port: port1, signal, ready: false, memoryQueries: new Map() };
    port1.on("message", (reply: RuffReply) => this.onAsyncReply(running, reply));
    // A pending async check keeps the process alive through its timer, not through the port.
    port1.unref();
    this.running = running;
    return running;
  }

  private stopWorker(): void {
    if (!this.running) return;
    const { worker, port, memoryQueries } = this.running;
    this.running = undefined;
    for (const resolve of memoryQueries.values()) resolve(undefined);
    port.close();
    void worker.terminate();
  }

  private retire(): void {
    this.restarts++;
    this.stopWorker();
    // Start loading the replacement now, in parallel with whatever the caller does next.
    this.start();
  }
}

function request(id: number, text: string, options: RuffCheckOptions): RuffRequest {
  return options.depthLimit === undefined ? { id, text } : { id, text, depthLimit: options.depthLimit };
}
