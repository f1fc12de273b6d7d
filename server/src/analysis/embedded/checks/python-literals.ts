import {
  field,
  namedChildren,
  type PyNode,
  type SyntaxTree,
  textOf,
  unwrap,
  walk,
} from "../taint/syntax-tree.js";

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "\n": "",
};

/**
 * The runtime value of a plain (non-f) string literal, with Python's escapes decoded (raw
 * strings kept as written); undefined for interpolations and non-strings.
 */
export function pythonStringValue(tree: SyntaxTree, node: PyNode): string | undefined {
  const n = unwrap(node);
  if (n.type === "concatenated_string") {
    const parts = namedChildren(n).map((part) => pythonStringValue(tree, part));
    return parts.every((p) => p !== undefined) ? parts.join("") : undefined;
  }
  if (n.type !== "string") return undefined;
  const start = n.children[0];
  const prefix = start
    ? textOf(tree, start)
        .replace(/['"]+$/, "")
        .toLowerCase()
    : "";
  const raw = prefix.includes("r");
  let out = "";
  for (const child of n.children) {
    if (child.type === "interpolation") return undefined;
    if (child.type === "string_content")
      out += raw ? textOf(tree, child) : decodeEscapes(textOf(tree, child));
    else if (child.type === "escape_sequence")
      out += raw ? textOf(tree, child) : decodeEscapes(textOf(tree, child));
  }
  return out;
}

function decodeEscapes(text: string): string {
  return text.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g,
    (whole, esc: string) => {
      const simple = SIMPLE_ESCAPES[esc];
      if (simple !== undefined) return simple;
      if (/^[xuU]/.test(esc) && esc.length > 1)
        return String.fromCodePoint(Number.parseInt(esc.slice(1), 16));
      if (/^[0-7]+$/.test(esc)) return String.fromCharCode(Number.parseInt(esc, 8));
      return whole; // unknown escapes stay as written (`"\d"` is `\d`)
    },
  );
}

/**
 * Names assigned exactly once in the file, to their value node (`KEY_SIZE = 1024`,
 * `PATTERN = r"..."`). Names assigned more than once are left out: their value is not known.
 */
export function singleAssignments(tree: SyntaxTree, assignments?: readonly PyNode[]): Map<string, PyNode> {
  const values = new Map<string, PyNode | null>();
  for (const node of assignments ?? allAssignments(tree)) {
    const left = field(node, "left");
    const right = field(node, "right");
    if (left?.type === "identifier") {
      const name = textOf(tree, left);
      values.set(name, values.has(name) || !right || node.type !== "assignment" ? null : right);
    }
  }
  const out = new Map<string, PyNode>();
  for (const [name, value] of values) if (value) out.set(name, value);
  return out;
}

function allAssignments(tree: SyntaxTree): PyNode[] {
  const found: PyNode[] = [];
  walk(tree.root, (node) => {
    if (node.type === "assignment" || node.type === "augmented_assignment") found.push(node);
    return undefined;
  });
  return found;
}

/** `node` itself, or the single value of the name it is. */
export function resolveConstant(tree: SyntaxTree, node: PyNode, constants: Map<string, PyNode>): PyNode {
  const n = unwrap(node);
  if (n.type !== "identifier") return n;
  return constants.get(textOf(tree, n)) ?? n;
}
