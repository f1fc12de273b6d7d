/**
 * The C functions web-tree-sitter exports from its wasm module, as far as the tree conversion
 * (taint/syntax-tree.ts) uses them. The public TreeCursor copies the cursor into wasm's transfer
 * buffer before every getter and back after every move (4 `setValue`s, then a call); those
 * copies were most of the conversion's cost. The C side leaves the moved cursor in the transfer
 * buffer and its getters only read it, so a walk that owns the buffer calls these directly:
 * one wasm call per move or property. Every function takes the tree's address and reads the
 * cursor from the transfer buffer (web-tree-sitter 0.25, lib/tree-sitter.c).
 */
export interface TreeSitterBinding {
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_delete_wasm(tree: number): void;
}

const FUNCTIONS = [
  "_ts_tree_cursor_goto_first_child_wasm",
  "_ts_tree_cursor_goto_next_sibling_wasm",
  "_ts_tree_cursor_goto_parent_wasm",
  "_ts_tree_cursor_current_node_type_id_wasm",
  "_ts_tree_cursor_current_node_is_named_wasm",
  "_ts_tree_cursor_start_index_wasm",
  "_ts_tree_cursor_end_index_wasm",
  "_ts_tree_cursor_current_field_id_wasm",
  "_ts_tree_cursor_delete_wasm",
] as const satisfies readonly (keyof TreeSitterBinding)[];

/**
 * The binding in the object given to `Parser.init` (emscripten assigns the exports to it), or
 * undefined when any function is missing (another web-tree-sitter version, or an init that ran
 * before ours): callers then use the public API.
 */
export function treeSitterBindingOf(moduleObject: object): TreeSitterBinding | undefined {
  const record = moduleObject as Record<string, unknown>;
  return FUNCTIONS.every((name) => typeof record[name] === "function")
    ? (moduleObject as TreeSitterBinding)
    : undefined;
}

/** The wasm address of a web-tree-sitter Tree (its `[0]` handle), what every binding function takes. */
export function treeAddress(tree: object): number {
  const address = (tree as { 0?: unknown })[0];
  if (typeof address !== "number" || address === 0) throw new Error("tree-sitter tree already deleted");
  return address;
}
