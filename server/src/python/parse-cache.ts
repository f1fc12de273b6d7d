import type { Edit, Parser, Point, Tree } from "web-tree-sitter";
import { editSpan } from "./common-affix.js";

interface CachedParse {
  text: string;
  tree: Tree;
  /** `tree` was edited to `text` but not parsed again (see `advance`). */
  edited?: boolean;
}

/**
 * Keeps the last tree per file so that an edited text is re-parsed incrementally: the edit is
 * derived from the common prefix/suffix of old and new text. Trees hold wasm memory, so callers
 * must `forget(path)` closed files (or `clear()`).
 */
export class ParseCache {
  private readonly entries = new Map<string, CachedParse>();

  constructor(private readonly parser: Parser) {}

  /** Parse `text`, reusing the cached tree of `path` when there is one. The tree stays owned by the cache. */
  parse(path: string, text: string): Tree | undefined {
    const cached = this.entries.get(path);
    if (cached && cached.text === text && !cached.edited) return cached.tree;
    let tree: Tree | null;
    if (cached) {
      if (cached.text !== text) cached.tree.edit(computeEdit(cached.text, text));
      tree = this.parser.parse(text, cached.tree);
      cached.tree.delete();
    } else {
      tree = this.parser.parse(text);
    }
    if (!tree) {
      this.entries.delete(path);
      return undefined;
    }
    this.entries.set(path, { text, tree });
    return tree;
  }

  /**
   * The caller got the tree of `text` another way (statement-reparse.ts): record the edit in the
   * cached tree without parsing, so that a later `parse` re-parses incrementally what all such
   * edits changed (tree-sitter takes several edits before one parse).
   */
  advance(path: string, text: string): void {
    const cached = this.entries.get(path);
    if (!cached || cached.text === text) return;
    cached.tree.edit(computeEdit(cached.text, text));
    cached.text = text;
    cached.edited = true;
  }

  forget(path: string): void {
    this.entries.get(path)?.tree.delete();
    this.entries.delete(path);
  }

  clear(): void {
    for (const path of [...this.entries.keys()]) this.forget(path);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The single edit that turns `before` into `after`. web-tree-sitter parses JS strings as UTF-16,
 * so indices are UTF-16 code units and columns count code units too.
 */
export function computeEdit(before: string, after: string): Edit {
  const { start: prefix, oldEnd: oldEndIndex, newEnd: newEndIndex } = editSpan(before, after);
  const startPosition = pointAt(before, prefix);
  return {
    startIndex: prefix,
    oldEndIndex,
    newEndIndex,
    startPosition,
    oldEndPosition: pointAt(before, oldEndIndex, startPosition, prefix),
    newEndPosition: pointAt(after, newEndIndex, startPosition, prefix),
  };
}

/** Row and column of `index`; counting from `from` (a point at `fromIndex` ≤ `index`) when given. */
function pointAt(text: string, index: number, from?: Point, fromIndex = 0): Point {
  let row = from?.row ?? 0;
  let lineStart = from ? fromIndex - from.column : 0;
  for (let i = text.indexOf("\n", fromIndex); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}
