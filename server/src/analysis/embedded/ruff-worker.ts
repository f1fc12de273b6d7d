// Must stay the first import: V8 flags apply only to wasm modules compiled after them.
import "./wasm-tuning.js";
import { type MessagePort, workerData } from "node:worker_threads";
import { PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";
// Right after ruff's module: other wasm modules (tree-sitter) may tier up again.
import "./wasm-tuning-end.js";
import { expressionDepth } from "./expression-depth.js";
import type { RuffReply, RuffRequest, RuffWorkerData } from "./ruff-worker-protocol.js";
import { threadMemory } from "./thread-memory.js";

/**
 * Worker-thread entry that owns one ruff wasm instance. A wasm trap can leave the instance
 * corrupted (every later call: "memory access out of bounds"), so after any error this worker
 * reports it and stops taking work; the host terminates it and starts a fresh one.
 */
const { port, signal, settings } = workerData as RuffWorkerData;

function reply(message: RuffReply, target: MessagePort = port): void {
  target.postMessage(message);
  // Wake the host, which waits synchronously on this counter (Atomics.wait).
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function describe(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

// A poisoned instance can also throw later, from a FinalizationRegistry callback: report, exit.
process.on("uncaughtException", (error) => {
  reply({ type: "failed", id: -1, error: describe(error) });
  process.exit(1);
});

const workspace = new Workspace(settings, PositionEncoding.Utf16);
let broken = false;
reply({ type: "ready" });

port.on("message", (request: RuffRequest) => {
  if (request.memory) {
    reply({ type: "memory", id: request.id, memory: threadMemory(request.memory.collect) });
    return;
  }
  if (broken) {
    reply({ type: "failed", id: request.id, error: { name: "Error", message: "ruff worker is retired" } });
    return;
  }
  if (request.depthLimit !== undefined) {
    const { depth, offset } = expressionDepth(request.text);
    if (depth > request.depthLimit) {
      reply({ type: "tooDeep", id: request.id, depth, offset });
      return;
    }
  }
  try {
    reply({ type: "result", id: request.id, diagnostics: workspace.check(request.text) });
  } catch (error) {
    broken = true;
    reply({ type: "failed", id: request.id, error: describe(error) });
  }
});
