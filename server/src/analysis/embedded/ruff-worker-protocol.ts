import type { MessagePort } from "node:worker_threads";
import type { Diagnostic } from "@astral-sh/ruff-wasm-nodejs";
import type { ThreadMemory } from "./thread-memory.js";

/** Messages between the ruff host (main thread) and its worker thread. */
export interface RuffWorkerData {
  /** The worker's end of the channel; the host reads replies from the other end. */
  port: MessagePort;
  /** [0] counts replies: a synchronous check `Atomics.wait`s on it. */
  signal: Int32Array;
  /** ruff `Workspace` settings. */
  settings: unknown;
}

export interface RuffRequest {
  id: number;
  text: string;
  /**
   * Estimate the expression depth first (in the worker: a linear scan that costs ~10 ms at
   * 20,000 lines) and answer `tooDeep` instead of checking when it exceeds this.
   */
  depthLimit?: number;
  /** Not a check: reply with the worker's heap figures (a full GC first when `collect` and exposed). */
  memory?: { collect: boolean };
}

export type RuffReply =
  | { type: "ready" }
  | { type: "result"; id: number; diagnostics: Diagnostic[] }
  | { type: "tooDeep"; id: number; depth: number; offset: number }
  | { type: "memory"; id: number; memory: ThreadMemory }
  | { type: "failed"; id: number; error: { name: string; message: string } };
