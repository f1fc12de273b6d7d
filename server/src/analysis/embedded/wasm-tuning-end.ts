import { setFlagsFromString } from "node:v8";

/**
 * Side-effect module: import it right AFTER the import that compiles ruff's wasm module (see
 * wasm-tuning.ts). V8 flags are process-wide, and Liftoff-only code suits ruff but not
 * tree-sitter: its parser tiered up by TurboFan parses ~30% faster (the standard library: 1.5 s
 * instead of 2.2 s). The tier of a module is fixed when it is compiled, so ruff keeps Liftoff.
 * A tree-sitter module compiled by another thread between the two imports gets Liftoff: slower,
 * never wrong.
 */
if (process.env.SECLSP_WASM_TIERUP !== "1") setFlagsFromString("--no-liftoff-only");
