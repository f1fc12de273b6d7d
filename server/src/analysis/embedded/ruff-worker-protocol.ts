import type { MessagePort } from "node:worker_threads";
import type { Diagnostic } from "@astral-sh/ruff-wasm-nodejs";

/** Messages between the ruff host (main thread) and its worker thread. */
export interface RuffWorkerData {
  /** The worker's end of the channel; the host reads replies synchronously from the other end. */
  port: MessagePort;
  /** [0] counts replies: the host `Atomics.wait`s on it while blocked on a check. */
  signal: Int32Array;
  /** ruff `Workspace` settings. */
  settings: unknown;
}

export interface RuffRequest {
  id: number;
  text: string;
}

export type RuffReply =
  | { type: "ready" }
  | { type: "result"; id: number; diagnostics: Diagnostic[] }
  | { type: "failed"; id: number; error: { name: string; message: string } };
