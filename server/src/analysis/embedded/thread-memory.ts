import { getHeapStatistics } from "node:v8";

/** One thread's (V8 isolate's) memory, in bytes. RSS is per process, so it is not here. */
export interface ThreadMemory {
  /** Live and not yet collected objects on the JS heap. */
  heapUsed: number;
  /** Pages the JS heap holds from the OS (what counts in RSS). */
  heapTotal: number;
  /** ArrayBuffers and WebAssembly memories owned by this isolate (wasm memory never shrinks). */
  external: number;
}

/**
 * This thread's heap figures; with `collect` and a `gc` exposed (`node --expose-gc`, benchmarks
 * only) a full collection runs first, so what remains is what is still referenced.
 */
export function threadMemory(collect = false): ThreadMemory {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (collect && gc) gc();
  const heap = getHeapStatistics();
  return {
    heapUsed: heap.used_heap_size,
    heapTotal: heap.total_heap_size,
    external: heap.external_memory,
  };
}
