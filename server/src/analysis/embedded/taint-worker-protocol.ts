import type { SourceFile } from "../analyzer.js";
import type { Finding } from "../finding.js";
import type { EmbeddedOptions } from "./embedded-analyzer.js";
import type { ThreadMemory } from "./thread-memory.js";

/** Messages between the taint host (LSP main thread) and its worker thread. */
export interface TaintWorkerData {
  /** [0] holds the id of the request to interrupt; the worker polls it during an analysis. */
  cancel: Int32Array;
}

export type TaintRequest =
  | { type: "analyze"; id: number; file: SourceFile; options: EmbeddedOptions }
  /** A closed document: release its tree and caches. */
  | { type: "forget"; path: string }
  /** The worker's heap figures (debugging, benchmarks); `collect`: a full GC first when exposed. */
  | { type: "memory"; id: number; collect: boolean };

export type TaintReply =
  | { type: "ready" }
  | { type: "result"; id: number; findings: Finding[]; interrupted: boolean; liveTrees: number }
  | { type: "failed"; id: number; error: { name: string; message: string } }
  | { type: "memory"; id: number; memory: ThreadMemory; liveTrees: number };
