import { setFlagsFromString } from "node:v8";
import { envWholeNumber } from "./env-whole-number.js";

/**
 * Side-effect module for every seclsp process (imported first by `cli.ts` and `start-server.ts`,
 * next to heap-tuning.ts): a smaller TurboFan inlining budget per optimized function.
 *
 * The taint engine's evaluators are large and call each other deeply; with V8's default budget
 * (920 bytes of bytecode inlined per function) each optimization inlines big call trees, which
 * deoptimize and are compiled again whenever the code analyzed shows a new shape — on the
 * standard library ~1,000 TurboFan compiles, several of 50–130 ms for `evalCall` alone.
 * Measured (`seclsp check --jobs 1` over the standard library, 5 pairs run side by side so both
 * saw the same load): V8's background threads −1.2 to −1.5 CPU-s (−18%), the analysis thread
 * unchanged (±0.2 s), the same report. Less compiling also leaves more of a 2-core machine to
 * ruff's worker and the editor. SECLSP_INLINE_BUDGET overrides it (0: V8's default).
 */
const DEFAULT_INLINE_BUDGET = 300;

/** The budget to apply: SECLSP_INLINE_BUDGET when a whole number ≥ 0, else the default. */
export function inlineBudget(env: NodeJS.ProcessEnv): number {
  return envWholeNumber(env, "SECLSP_INLINE_BUDGET", DEFAULT_INLINE_BUDGET);
}

const budget = inlineBudget(process.env);
if (budget > 0) setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${budget}`);
