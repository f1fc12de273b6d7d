import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { FlowPhase } from "./taint-phase.js";
import type { TaintReply, TaintRequest, TaintWorkerData } from "./taint-worker-protocol.js";
import { threadMemory } from "./thread-memory.js";

/**
 * Worker-thread entry that owns one taint engine (wasm parser, parse trees, function caches) for
 * the LSP: the main thread stays free to answer requests while a big file is analyzed. Requests
 * are handled one at a time, in order; an analysis polls the shared cancel slot and stops early
 * when the host marks it superseded.
 */
const { cancel } = workerData as TaintWorkerData;
const port = parentPort;
if (!port) throw new Error("taint-worker must run in a worker thread");

/** Added to the nice value of the taint thread: CPU share ~40% of the others' when they compete. */
const TAINT_THREAD_NICE = 4;
lowerThreadPriority();

const phase = new FlowPhase();
const loaded = phase.ready();

function reply(message: TaintReply): void {
  port?.postMessage(message);
}

function describe(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

let loadError: unknown;
// Requests are chained so that they run in arrival order, each after the parser loaded.
let queue: Promise<void> = loaded.then(
  () => reply({ type: "ready" }),
  (error: unknown) => {
    loadError = error;
  },
);

port.on("message", (request: TaintRequest) => {
  queue = queue.then(() => handle(request));
});

function handle(request: TaintRequest): void {
  if (request.type === "forget") {
    phase.forget(request.path);
    return;
  }
  if (request.type === "memory") {
    reply({
      type: "memory",
      id: request.id,
      memory: threadMemory(request.collect),
      liveTrees: phase.liveTrees,
    });
    return;
  }
  if (loadError !== undefined) {
    reply({ type: "failed", id: request.id, error: describe(loadError) });
    return;
  }
  const interrupted = () => Atomics.load(cancel, 0) === request.id;
  try {
    const findings = phase.run(request.file, request.options, interrupted);
    reply({
      type: "result",
      id: request.id,
      findings,
      interrupted: interrupted(),
      liveTrees: phase.liveTrees,
    });
  } catch (error) {
    reply({ type: "failed", id: request.id, error: describe(error) });
  }
}

/**
 * The flow phase runs beside ruff's worker and the main thread: on a busy machine it should yield
 * to them, so that the fast diagnostics and request answers come first. Linux applies a nice
 * value per thread (a thread id is a pid to setpriority); elsewhere this does nothing.
 */
function lowerThreadPriority(): void {
  if (process.platform !== "linux") return;
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    // Relative to the process's own nice value (a niced editor stays niced, only more so).
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority() + TAINT_THREAD_NICE));
  } catch {
    // best effort: no /proc, or not allowed
  }
}
