import type { Tree } from "web-tree-sitter";
import { treeSitterBindingIfReady } from "../../../python/parser.js";
import { treeAddress } from "../../../python/tree-sitter-binding.js";

/** The cursor moves and reads the tree conversion needs (syntax-tree.ts). */
export interface TreeWalkCursor {
  startIndex(): number;
  endIndex(): number;
  typeId(): number;
  /** 0 when the node has no field name in its parent. */
  fieldId(): number;
  isNamed(): boolean;
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): boolean;
  /** Free the cursor's wasm memory; the cursor is unusable afterwards. */
  close(): void;
}

/**
 * A cursor at the root of `tree`. With web-tree-sitter's raw binding (python/tree-sitter-binding.ts)
 * every read is one wasm call on the cursor that the C side keeps in its transfer buffer; this
 * is only sound while nothing else uses the buffer, i.e. within one synchronous walk that makes
 * no other web-tree-sitter call (the conversion reads names from JS tables). Without the binding
 * the public TreeCursor is used.
 */
export function openCursor(tree: Tree): TreeWalkCursor {
  const binding = treeSitterBindingIfReady();
  if (!binding) return publicCursor(tree);
  tree.walk();
  // `walk()` left the new cursor in the transfer buffer; from here on only the raw calls touch it
  // (the JS TreeCursor object keeps a stale copy and is never used again).
  const address = treeAddress(tree);
  return {
    startIndex: () => binding._ts_tree_cursor_start_index_wasm(address),
    endIndex: () => binding._ts_tree_cursor_end_index_wasm(address),
    typeId: () => binding._ts_tree_cursor_current_node_type_id_wasm(address),
    fieldId: () => binding._ts_tree_cursor_current_field_id_wasm(address),
    isNamed: () => binding._ts_tree_cursor_current_node_is_named_wasm(address) === 1,
    firstChild: () => binding._ts_tree_cursor_goto_first_child_wasm(address) === 1,
    nextSibling: () => binding._ts_tree_cursor_goto_next_sibling_wasm(address) === 1,
    parent: () => binding._ts_tree_cursor_goto_parent_wasm(address) === 1,
    close: () => binding._ts_tree_cursor_delete_wasm(address),
  };
}

/** The same walk through web-tree-sitter's public TreeCursor (the fallback; tests compare both). */
export function publicCursor(tree: Tree): TreeWalkCursor {
  const cursor = tree.walk();
  return {
    startIndex: () => cursor.startIndex,
    endIndex: () => cursor.endIndex,
    typeId: () => cursor.nodeTypeId,
    fieldId: () => cursor.currentFieldId,
    isNamed: () => cursor.nodeIsNamed,
    firstChild: () => cursor.gotoFirstChild(),
    nextSibling: () => cursor.gotoNextSibling(),
    parent: () => cursor.gotoParent(),
    close: () => cursor.delete(),
  };
}
