import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";
import { type TreeSitterBinding, treeSitterBindingOf } from "./tree-sitter-binding.js";

/**
 * Loads web-tree-sitter and the Python grammar that ships inside the `tree-sitter-python`
 * package (no download at run time). Loading is async (wasm); parsing afterwards is sync,
 * so callers await `loadPythonParser()` once and then use `pythonParserIfReady()`.
 */

let parser: Parser | undefined;
let binding: TreeSitterBinding | undefined;
let loading: Promise<Parser> | undefined;

export function grammarWasmPath(): string {
  return createRequire(import.meta.url).resolve("tree-sitter-python/tree-sitter-python.wasm");
}

export function loadPythonParser(): Promise<Parser> {
  loading ??= (async () => {
    // Emscripten fills the options object it is given with the module's exports: that object is
    // the raw binding the tree conversion uses (see tree-sitter-binding.ts).
    const moduleObject = {};
    await Parser.init(moduleObject);
    binding = treeSitterBindingOf(moduleObject);
    const language = await Language.load(grammarWasmPath());
    const created = new Parser();
    created.setLanguage(language);
    parser = created;
    return created;
  })();
  return loading;
}

/** The shared parser once `loadPythonParser()` has resolved, else undefined. */
export function pythonParserIfReady(): Parser | undefined {
  return parser;
}

/** web-tree-sitter's raw C exports, when this process's init exposed them (else the public API is used). */
export function treeSitterBindingIfReady(): TreeSitterBinding | undefined {
  return binding;
}
