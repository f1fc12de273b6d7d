import type { Node, Parser } from "web-tree-sitter";

/**
 * The statements of a Python module (and of its class bodies) as plain data, so a model's reply
 * can be matched against the document item by item: definitions by name, assignments by target,
 * other statements by their header. Offsets are UTF-16 indices into the original text (what
 * web-tree-sitter reports); trees are freed before returning.
 */

export type ItemKind = "function" | "class" | "import" | "statement" | "error";

export interface OutlineItem {
  kind: ItemKind;
  /** Identity for matching: "def:name", "class:name", "assign:x", "if:<condition>", … */
  key: string;
  /** Function or class name. */
  name?: string;
  /** Whole item (decorators included). */
  start: number;
  end: number;
  /** The `def`/`class` itself, after any decorators. */
  definitionStart: number;
  decorated: boolean;
  /** Column of the item's first line. */
  column: number;
  /** Rows (relative to the item's first row) that lie inside a multi-line string: never re-indented. */
  stringRows: number[];
  /** Dedented, trailing-space-free, \n-only text: equal for items that only differ in layout. */
  normalized: string;
  /** Class body items (classes only). */
  members?: OutlineItem[];
  /** Names an import binds ("os" for `import os.path`), and its bindings as canonical strings. */
  imports?: ImportBinding[];
}

export interface ImportBinding {
  /** "import os.path", "from flask import abort as a". */
  canonical: string;
  /** The name the statement binds in the module. */
  bound: string;
  /** For `from` imports: the module part ("flask", ".", "..models"). */
  fromModule?: string;
  /** "abort as a" (from) or "os.path as p" (import). */
  clause: string;
}

export interface ModuleOutline {
  items: OutlineItem[];
  /** Syntax errors (ERROR or MISSING nodes) in the whole text. */
  errorCount: number;
  /** Every identifier outside import statements (to tell whether an import is still used). */
  usedNames: Set<string>;
}

/** tree-sitter treats only \n (and \r\n) as line breaks: a lone \r becomes \n, same length. */
export function parseableText(text: string): string {
  return text.replace(/\r(?!\n)/g, "\n");
}

export function outlineModule(parser: Parser, text: string): ModuleOutline {
  const source = parseableText(text);
  const tree = parser.parse(source);
  if (!tree) return { items: [], errorCount: 1, usedNames: new Set() };
  try {
    const root = tree.rootNode;
    return {
      items: outlineBlock(source, root.namedChildren, true),
      errorCount: root.hasError ? countErrors(root) : 0,
      usedNames: usedNames(root),
    };
  } finally {
    tree.delete();
  }
}

function outlineBlock(source: string, children: (Node | null)[], moduleLevel: boolean): OutlineItem[] {
  const items: OutlineItem[] = [];
  for (const node of children) {
    if (!node || node.type === "comment") continue;
    items.push(outlineItem(source, node, moduleLevel && items.length === 0));
  }
  return items;
}

function outlineItem(source: string, node: Node, first: boolean): OutlineItem {
  const definition = node.type === "decorated_definition" ? node.childForFieldName("definition") : node;
  const base = {
    start: node.startIndex,
    end: node.endIndex,
    definitionStart: definition?.startIndex ?? node.startIndex,
    decorated: node.type === "decorated_definition",
    column: node.startPosition.column,
    stringRows: stringRows(node),
    normalized: normalizeItemText(source.slice(node.startIndex, node.endIndex), node.startPosition.column),
  };
  const name = definition?.childForFieldName("name")?.text;
  if (definition?.type === "function_definition" && name) {
    return { ...base, kind: "function", key: `def:${name}`, name };
  }
  if (definition?.type === "class_definition" && name) {
    const body = definition.childForFieldName("body");
    const members = body ? outlineBlock(source, body.namedChildren, false) : [];
    return { ...base, kind: "class", key: `class:${name}`, name, members };
  }
  if (isImport(node))
    return { ...base, kind: "import", key: `import:${base.normalized}`, imports: bindings(node) };
  if (node.type === "ERROR") return { ...base, kind: "error", key: `error:${node.startIndex}` };
  return { ...base, kind: "statement", key: statementKey(node, first, base.normalized) };
}

function isImport(node: Node): boolean {
  return (
    node.type === "import_statement" ||
    node.type === "import_from_statement" ||
    node.type === "future_import_statement"
  );
}

function statementKey(node: Node, first: boolean, normalized: string): string {
  const expression = node.type === "expression_statement" ? node.namedChildren[0] : undefined;
  if (expression && (expression.type === "assignment" || expression.type === "augmented_assignment")) {
    return `assign:${expression.childForFieldName("left")?.text ?? normalized}`;
  }
  if (first && expression?.type === "string") return "docstring";
  // Compound statements are known by their header (`if __name__ == "__main__":`).
  const header = normalized.split("\n")[0] ?? "";
  return node.type === "expression_statement" ? `stmt:${normalized}` : `${node.type}:${header}`;
}

/** Rows inside multi-line strings, relative to the node's first row. */
function stringRows(node: Node): number[] {
  const rows: number[] = [];
  const base = node.startPosition.row;
  for (const string of node.descendantsOfType("string")) {
    if (!string) continue;
    for (let row = string.startPosition.row + 1; row <= string.endPosition.row; row++) rows.push(row - base);
  }
  return rows;
}

export function normalizeItemText(text: string, column: number): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line, index) => (index === 0 ? line : stripIndent(line, column)).trimEnd())
    .join("\n");
}

/** Remove up to `column` leading whitespace characters. */
export function stripIndent(line: string, column: number): string {
  let cut = 0;
  while (cut < column && cut < line.length && (line[cut] === " " || line[cut] === "\t")) cut++;
  return line.slice(cut);
}

function bindings(node: Node): ImportBinding[] {
  const out: ImportBinding[] = [];
  const fromModule =
    node.type === "future_import_statement" ? "__future__" : node.childForFieldName("module_name")?.text;
  for (const child of node.childrenForFieldName("name")) {
    if (!child) continue;
    const target = child.type === "aliased_import" ? child.childForFieldName("name") : child;
    const alias = child.type === "aliased_import" ? child.childForFieldName("alias")?.text : undefined;
    const dotted = target?.text ?? child.text;
    const clause = alias ? `${dotted} as ${alias}` : dotted;
    if (fromModule !== undefined) {
      out.push({
        canonical: `from ${fromModule} import ${clause}`,
        bound: alias ?? dotted,
        fromModule,
        clause,
      });
    } else {
      out.push({ canonical: `import ${clause}`, bound: alias ?? dotted.split(".")[0] ?? dotted, clause });
    }
  }
  if (fromModule !== undefined && node.descendantsOfType("wildcard_import").length > 0) {
    out.push({ canonical: `from ${fromModule} import *`, bound: "*", fromModule, clause: "*" });
  }
  return out;
}

function usedNames(root: Node): Set<string> {
  // Both lists come in document order and imports do not nest: one forward pass.
  const imports = root
    .descendantsOfType(["import_statement", "import_from_statement", "future_import_statement"])
    .flatMap((node) => (node ? [[node.startIndex, node.endIndex] as const] : []));
  const names = new Set<string>();
  let next = 0;
  for (const identifier of root.descendantsOfType("identifier")) {
    if (!identifier) continue;
    const at = identifier.startIndex;
    while (next < imports.length && (imports[next]?.[1] ?? 0) <= at) next++;
    const current = imports[next];
    if (!current || at < current[0]) names.add(identifier.text);
  }
  return names;
}

/** ERROR and MISSING nodes under `node` (each error subtree counts once). */
export function countErrors(node: Node): number {
  if (node.isError || node.isMissing) return 1;
  let count = 0;
  for (const child of node.children)
    if (child && (child.hasError || child.isMissing)) count += countErrors(child);
  return count;
}
