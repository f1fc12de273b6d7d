import type { Tree } from "web-tree-sitter";
import type { Range } from "../../finding.js";

/**
 * A plain-JS copy of the tree-sitter tree. Reading node properties through web-tree-sitter
 * crosses into wasm on every access; the analysis visits nodes many times, so one cursor walk
 * into JS objects is much faster. Columns are UTF-16 code units (web-tree-sitter parses JS
 * strings as UTF-16), which is what LSP ranges use.
 */
export interface PyNode {
  type: string;
  named: boolean;
  /** Field name in the parent ("function", "left", ...), if any. */
  field: string | undefined;
  start: number;
  end: number;
  startRow: number;
  startCol: number;
  endRow: number;
  endCol: number;
  children: PyNode[];
  parent: PyNode | undefined;
}

export interface SyntaxTree {
  root: PyNode;
  text: string;
}

export function toSyntaxTree(tree: Tree, text: string): SyntaxTree {
  const cursor = tree.walk();
  const make = (parent: PyNode | undefined): PyNode => {
    const start = cursor.startPosition;
    const end = cursor.endPosition;
    return {
      type: cursor.nodeType,
      named: cursor.nodeIsNamed,
      field: cursor.currentFieldName ?? undefined,
      start: cursor.startIndex,
      end: cursor.endIndex,
      startRow: start.row,
      startCol: start.column,
      endRow: end.row,
      endCol: end.column,
      children: [],
      parent,
    };
  };
  const root = make(undefined);
  const parents: PyNode[] = [];
  let current = root;
  if (cursor.gotoFirstChild()) {
    walkLoop: for (;;) {
      const node = make(current);
      // Comments carry no data flow.
      const keep = node.type !== "comment";
      if (keep) current.children.push(node);
      if (keep && cursor.gotoFirstChild()) {
        parents.push(current);
        current = node;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        const parent = parents.pop();
        if (!parent) break walkLoop;
        cursor.gotoParent();
        current = parent;
      }
    }
  }
  cursor.delete();
  return { root, text };
}

export function field(node: PyNode, name: string): PyNode | undefined {
  for (const child of node.children) if (child.field === name) return child;
  return undefined;
}

export function fields(node: PyNode, name: string): PyNode[] {
  return node.children.filter((child) => child.field === name);
}

export function namedChildren(node: PyNode): PyNode[] {
  return node.children.filter((child) => child.named);
}

export function textOf(tree: SyntaxTree, node: PyNode): string {
  return tree.text.slice(node.start, node.end);
}

export function rangeOf(node: PyNode): Range {
  return {
    start: { line: node.startRow, character: node.startCol },
    end: { line: node.endRow, character: node.endCol },
  };
}

/** Visit every node below `node` (pre-order). Return false from `visit` to skip a subtree. */
export function walk(node: PyNode, visit: (node: PyNode) => boolean | undefined): void {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (visit(current) === false) continue;
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]!);
  }
}

/** Strip parentheses: `((x))` → `x`. */
export function unwrap(node: PyNode): PyNode {
  let current = node;
  while (current.type === "parenthesized_expression") {
    const inner = namedChildren(current)[0];
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** The value of a plain string literal (no interpolation), else undefined. Escapes are kept raw. */
export function stringValue(tree: SyntaxTree, node: PyNode): string | undefined {
  const n = unwrap(node);
  if (n.type === "concatenated_string") {
    const parts = namedChildren(n).map((part) => stringValue(tree, part));
    return parts.every((p) => p !== undefined) ? parts.join("") : undefined;
  }
  if (n.type !== "string") return undefined;
  let out = "";
  for (const child of n.children) {
    if (child.type === "interpolation") return undefined;
    if (child.type === "string_content" || child.type === "escape_sequence") out += textOf(tree, child);
  }
  return out;
}
