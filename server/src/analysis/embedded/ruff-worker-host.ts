import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { Diagnostic } from "@astral-sh/ruff-wasm-nodejs";
import type { RuffReply, RuffRequest, RuffWorkerData } from "./ruff-worker-protocol.js";

/** ruff trapped (stack overflow, "memory access out of bounds", a panic) or its worker died. */
export class RuffTrapError extends Error {
  override readonly name = "RuffTrapError";
}

/** ruff did not answer within its time budget; its worker was terminated. */
export class RuffTimeoutError extends Error {
  override readonly name = "RuffTimeoutError";
}

export interface RuffHostOptions {
  /** ruff `Workspace` settings. */
  settings: unknown;
  /** Time budget of one check once the worker is up. */
  checkTimeoutMs: number;
  /** Extra time the first check after a (re)start may take: loading the 10 MB wasm module. */
  startupTimeoutMs: number;
}

/**
 * How to start the worker: the compiled entry next to this file (dist/), or — when running from
 * TypeScript sources under vitest or tsx — the .ts entry through tsx's require hook (a dev
 * dependency, present exactly when the sources are). tsx's ESM loader (`--import tsx`) is not
 * usable here: its hooks need the main thread, which is blocked in `Atomics.wait` during startup.
 */
function workerEntry(): { entry: URL | string; eval: boolean } {
  const compiled = new URL("./ruff-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { entry: compiled, eval: false };
  const require = createRequire(import.meta.url);
  const source = fileURLToPath(new URL("./ruff-worker.ts", import.meta.url));
  const bootstrap = `require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(source)});`;
  return { entry: bootstrap, eval: true };
}

interface RunningWorker {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  ready: boolean;
}

/**
 * ruff in a worker thread behind a synchronous API (callers stay as they were): the calling
 * thread posts the text and blocks in `Atomics.wait` until the reply or the deadline. A trap,
 * a crash or a time-out retires the worker (terminated, never reused: its wasm memory may be
 * corrupt) and a fresh one starts loading at once, so the NEXT file is analyzed normally.
 */
export class RuffWorkerHost {
  private running: RunningWorker | undefined;
  private nextId = 1;
  /** Workers retired so far (tests and logs). */
  restarts = 0;
  /** Time budget of one check (adjustable, e.g. from settings). */
  checkTimeoutMs: number;

  constructor(private readonly options: RuffHostOptions) {
    this.checkTimeoutMs = options.checkTimeoutMs;
  }

  check(text: string): Diagnostic[] {
    const running = this.start();
    const id = this.nextId++;
    running.port.postMessage({ id, text } satisfies RuffRequest);
    let budget = this.checkTimeoutMs + (running.ready ? 0 : this.options.startupTimeoutMs);
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
        if (reply.type === "result" && reply.id === id) return reply.diagnostics;
        if (reply.type === "failed") {
          this.retire();
          throw new RuffTrapError(`ruff failed: ${reply.error.name}: ${reply.error.message}`);
        }
        continue; // a stale reply to an earlier, abandoned request
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        this.retire();
        throw new RuffTimeoutError(`ruff took longer than ${budget} ms`);
      }
      Atomics.wait(running.signal, 0, seen, remaining);
    }
  }

  /** Stop the worker (the process may then exit). */
  dispose(): void {
    if (!this.running) return;
    const { worker, port } = this.running;
    this.running = undefined;
    port.close();
    void worker.terminate();
  }

  private start(): RunningWorker {
    if (this.running) return this.running;
    const { entry, eval: isSource } = workerEntry();
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const workerData: RuffWorkerData = { port: port2, signal, settings: this.options.settings };
    const worker = new Worker(entry, { workerData, transferList: [port2], eval: isSource });
    // Errors arrive as "failed" replies; this listener only keeps them from crashing the process.
    worker.on("error", () => undefined);
    worker.unref();
    port1.unref();
    this.running = { worker, port: port1, signal, ready: false };
    return this.running;
  }

  private retire(): void {
    this.restarts++;
    this.dispose();
    // Start loading the replacement now, in parallel with whatever the caller does next.
    this.start();
  }
}
