import { setFlagsFromString } from "node:v8";

/**
 * Side-effect module: import it FIRST (before anything that loads ruff's 10 MB wasm module).
 *
 * Measured on Node 20 (2 cores, loaded machine): with V8's default tiering, the ruff module is
 * recompiled by TurboFan in the background — ~6 extra CPU seconds that compete with the analysis
 * (a 2,000-line check took 115 ms median instead of 8 ms, the first check 5 s instead of 0.8 s)
 * and that V8 waits for at exit (10+ s). Liftoff-only code is fast enough and costs none of that.
 * The flag only affects modules compiled after it is set. SECLSP_WASM_TIERUP=1 keeps V8's default.
 */
const liftoffOnly = process.env.SECLSP_WASM_TIERUP !== "1";
if (liftoffOnly) setFlagsFromString("--liftoff-only");

/**
 * Compile the wasm modules `load` loads with TurboFan, eagerly, then go back to Liftoff-only.
 * For tree-sitter (small modules, hot for the whole run) this pays: over the CPython stdlib
 * (300k lines) parsing and tree conversion cost ~1 s less CPU, for ~0.3 s of compilation once.
 * V8's flags are per process: a module another thread compiles meanwhile is optimized too, so
 * only callers that know no other wasm is being compiled (the `check` command, before its ruff
 * worker starts) use this.
 */
export async function compileOptimized<T>(load: () => Promise<T>): Promise<T> {
  if (!liftoffOnly) return load();
  setFlagsFromString("--no-liftoff-only --no-liftoff --no-wasm-lazy-compilation");
  try {
    return await load();
  } finally {
    setFlagsFromString("--liftoff --wasm-lazy-compilation --liftoff-only");
  }
}
