import { setFlagsFromString } from "node:v8";

/**
 * Side-effect module: import it FIRST (before anything that loads ruff's 10 MB wasm module), and
 * `wasm-tuning-end.js` right after that import. Only ruff's worker does (ruff-worker.ts): no other
 * thread compiles ruff (its version for reports comes from its package.json).
 *
 * Measured on Node 20 (2 cores, loaded machine): with V8's default tiering, the ruff module is
 * recompiled by TurboFan in the background — ~6 extra CPU seconds that compete with the analysis
 * (a 2,000-line check took 115 ms median instead of 8 ms, the first check 5 s instead of 0.8 s)
 * and that V8 waits for at exit (10+ s). Liftoff-only code is fast enough and costs none of that.
 * The flag only affects modules compiled after it is set. SECLSP_WASM_TIERUP=1 keeps V8's default.
 */
if (process.env.SECLSP_WASM_TIERUP !== "1") setFlagsFromString("--liftoff-only");
