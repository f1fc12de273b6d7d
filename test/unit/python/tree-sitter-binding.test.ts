import { describe, expect, it } from "vitest";
import { treeAddress, treeSitterBindingOf } from "../../../server/src/python/tree-sitter-binding.js";

describe("treeSitterBindingOf", () => {
  it("accepts a module object only when every function the walk needs is there", () => {
    const names = [
      "_ts_tree_cursor_goto_first_child_wasm",
      "_ts_tree_cursor_goto_next_sibling_wasm",
      "_ts_tree_cursor_goto_parent_wasm",
      "_ts_tree_cursor_current_node_type_id_wasm",
      "_ts_tree_cursor_current_node_is_named_wasm",
      "_ts_tree_cursor_start_index_wasm",
      "_ts_tree_cursor_end_index_wasm",
      "_ts_tree_cursor_current_field_id_wasm",
      "_ts_tree_cursor_delete_wasm",
    ];
    const full = Object.fromEntries(names.map((name) => [name, () => 0]));
    expect(treeSitterBindingOf(full)).toBe(full);
    for (const missing of names) {
      const partial: Record<string, unknown> = { ...full };
      delete partial[missing];
      expect(treeSitterBindingOf(partial)).toBeUndefined();
    }
    expect(treeSitterBindingOf({ ...full, _ts_tree_cursor_delete_wasm: 1 })).toBeUndefined();
  });

  it("refuses a deleted tree's address", () => {
    expect(treeAddress({ 0: 1234 })).toBe(1234);
    expect(() => treeAddress({ 0: 0 })).toThrow(/deleted/);
    expect(() => treeAddress({})).toThrow(/deleted/);
  });
});
