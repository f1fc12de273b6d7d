import type { Tree } from "web-tree-sitter";
import type { Range } from "../../finding.js";
import { LineTable } from "./line-table.js";
import { ReusableStatements } from "./reusable-statements.js";
import { openCursor } from "./tree-cursor.js";

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
  /** UTF-16 offsets into the text. */
  start: number;
  end: number;
  startRow: number;
  startCol: number;
  endRow: number;
  endCol: number;
  children: PyNode[];
  /** The named subset of `children` (precomputed: the analysis asks for it constantly). */
  namedKids: PyNode[];
  parent: PyNode | undefined;
}

export interface SyntaxTree {
  root: PyNode;
  text: string;
  /** The line table the conversion built (fingerprints reuse it instead of scanning the text again). */
  lines?: LineTable;
  /** Parsed without an ERROR or MISSING node (statement-reparse.ts needs it). */
  clean?: boolean;
}

/**
 * One cursor walk. Only ids and offsets are read from wasm (names come from the language's
 * tables, named-ness from a per-type cache, rows/columns from a JS line table), which keeps the
 * copy cheap; with web-tree-sitter's raw binding each read is one wasm call (tree-cursor.ts).
 */
export function toSyntaxTree(tree: Tree, text: string, previous?: SyntaxTree): SyntaxTree {
  const reusable = previous ? new ReusableStatements(previous, text) : undefined;
  // Rows as editors count them: \r\n, \n and a lone \r each end a line (LSP positions).
  const previousLines = previous?.lines?.text === previous?.text ? previous?.lines : undefined;
  const table =
    reusable && previousLines
      ? LineTable.afterEdit(previousLines, text, reusable.editStart, reusable.oldEditEnd, reusable.newEditEnd)
      : new LineTable(text);
  const lineStarts = table.starts;
  const lastRow = lineStarts.length - 1;
  const language = tree.language;
  const typeNames = language.types;
  const fieldNames = language.fields;
  const namedByType = namedCache(language);
  // Read before the walk: the raw cursor owns web-tree-sitter's transfer buffer until it is closed.
  const clean = !tree.rootNode.hasError;
  const cursor = openCursor(tree);
  // Nodes are visited in document order, so their start rows only grow.
  let row = 0;
  const make = (parent: PyNode | undefined): PyNode => {
    const start = cursor.startIndex();
    const end = cursor.endIndex();
    while (row < lastRow && lineStarts[row + 1]! <= start) row++;
    // Never expected (pre-order starts do not decrease), but a wrong row would be silent.
    if (lineStarts[row]! > start) row = table.rowOf(start);
    const startRow = row;
    const endRow = row === lastRow || end < lineStarts[row + 1]! ? row : table.rowOf(end);
    const typeId = cursor.typeId();
    let named = namedByType[typeId];
    if (named === undefined) {
      named = cursor.isNamed();
      namedByType[typeId] = named;
    }
    const fieldId = cursor.fieldId();
    return {
      // What web-tree-sitter's `nodeType` answers: hidden and error symbols have no name.
      type: typeNames[typeId] || "ERROR",
      named,
      field: fieldId === 0 ? undefined : (fieldNames[fieldId] ?? undefined),
      start,
      end,
      startRow,
      startCol: start - lineStarts[startRow]!,
      endRow,
      endCol: end - lineStarts[endRow]!,
      // Leaves (half the nodes) share one frozen empty list; a node gets its own when it has children.
      children: NO_NODES,
      namedKids: NO_NODES,
      parent,
    };
  };
  try {
    const root = make(undefined);
    const parents: PyNode[] = [];
    let current = root;
    if (cursor.firstChild()) {
      root.children = [];
      root.namedKids = [];
      walkLoop: for (;;) {
        let node = make(current);
        // Comments carry no data flow.
        const keep = node.type !== "comment";
        // An unchanged top-level statement of the previous version is reused (shifted), not re-read from wasm.
        const reused = keep && current === root && reusable ? reusable.take(node) : undefined;
        if (reused) node = reused;
        if (keep) {
          current.children.push(node);
          if (node.named) current.namedKids.push(node);
        }
        if (keep && !reused && cursor.firstChild()) {
          node.children = [];
          node.namedKids = [];
          parents.push(current);
          current = node;
          continue;
        }
        while (!cursor.nextSibling()) {
          const parent = parents.pop();
          if (!parent) break walkLoop;
          cursor.parent();
          current = parent;
        }
      }
    }
    return { root, text, lines: table, clean };
  } finally {
    cursor.close();
  }
}

const NO_NODES: PyNode[] = Object.freeze([]) as unknown as PyNode[];

/** Named-ness per type id: a property of the (public) symbol, read from wasm once per type. */
const namedCaches = new WeakMap<object, boolean[]>();

function namedCache(language: object): boolean[] {
  let cache = namedCaches.get(language);
  if (!cache) {
    cache = [];
    namedCaches.set(language, cache);
  }
  return cache;
}

export function field(node: PyNode, name: string): PyNode | undefined {
  // Indexed: the hottest lookup of the engine; for-of allocates an iterator until V8 optimizes it.
  const children = node.children;
  for (let i = 0; i < children.length; i++) if (children[i]!.field === name) return children[i];
  return undefined;
}

export function fields(node: PyNode, name: string): PyNode[] {
  return node.children.filter((child) => child.field === name);
}

export function namedChildren(node: PyNode): PyNode[] {
  return node.namedKids;
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

/** Visit every named node below `node` (pre-order). Return false from `visit` to skip a subtree. */
export function walk(node: PyNode, visit: (node: PyNode) => boolean | undefined): void {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (visit(current) === false) continue;
    const kids = current.namedKids;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/** Statement containers: imports and definitions only live below these. */
export const STATEMENT_CONTAINERS = new Set([
  "module",
  "block",
  "if_statement",
  "elif_clause",
  "else_clause",
  "try_statement",
  "except_clause",
  "except_group_clause",
  "finally_clause",
  "with_statement",
  "for_statement",
  "while_statement",
  "function_definition",
  "class_definition",
  "decorated_definition",
  "match_statement",
  "case_clause",
]);

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
