import { setFlagsFromString } from "node:v8";
import { envWholeNumber } from "./env-whole-number.js";

/**
 * Side-effect module for every seclsp process (imported first by `cli.ts` and `start-server.ts`).
 *
 * After each full collection V8 lets a heap grow by up to 4× its live size before the next one.
 * - The server's main thread holds little (~30 MiB live) but every open document's text and
 *   findings become garbage when it is closed, and an editor's traffic never leaves the thread idle
 *   long enough for V8's memory reducer: measured with 200 × 1,000-line files opened and closed
 *   five times, the main heap grew ~15 MiB per cycle (nothing referenced: a forced GC returned it).
 * - `seclsp check` on the standard library peaked anywhere from 346 to 719 MiB RSS in identical
 *   runs (when the big files' garbage happened to be collected), 265–307 MiB with the 1.5× step,
 *   for ~10% more CPU.
 * The flag is process-wide (worker threads follow it too). SECLSP_HEAP_GROWING_PERCENT overrides
 * the step (0: V8's default heuristics).
 */
const DEFAULT_GROWING_PERCENT = 50;

/** The growth step to apply: SECLSP_HEAP_GROWING_PERCENT when a whole number ≥ 0, else the default. */
export function heapGrowingPercent(env: NodeJS.ProcessEnv): number {
  return envWholeNumber(env, "SECLSP_HEAP_GROWING_PERCENT", DEFAULT_GROWING_PERCENT);
}

const percent = heapGrowingPercent(process.env);
if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
