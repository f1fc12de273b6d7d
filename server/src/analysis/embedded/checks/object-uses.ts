import { field, type PyNode, type SyntaxTree, textOf, unwrap, walk } from "../taint/syntax-tree.js";

/** The function body (or module) a node belongs to: where a local variable lives. */
export function enclosingScope(node: PyNode): PyNode {
  let current = node.parent;
  while (current && current.type !== "function_definition" && current.type !== "module")
    current = current.parent;
  return current ?? node;
}

/** The variable a call's result is assigned to (`x = call(...)`), if any. */
export function assignedName(tree: SyntaxTree, call: PyNode): string | undefined {
  let node = call;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const parent = node.parent;
  if (parent?.type !== "assignment" || field(parent, "right") !== node) return undefined;
  const left = field(parent, "left");
  return left?.type === "identifier" ? textOf(tree, left) : undefined;
}

/**
 * Calls `name.method(...)` (method in `methods`) after `after` in `scope`, plus the direct chain
 * `call(...).method(...)` when `call` is `after` itself.
 */
export function methodCallsOn(
  tree: SyntaxTree,
  after: PyNode,
  name: string | undefined,
  methods: ReadonlySet<string>,
): PyNode[] {
  const chained = chainedMethodCall(tree, after, methods);
  if (chained) return [chained];
  if (!name) return [];
  const found: PyNode[] = [];
  const scope = enclosingScope(after);
  walk(scope, (node) => {
    if (node !== scope && node.type === "function_definition") return false;
    if (node.type !== "call" || node.start < after.end) return undefined;
    const fn = field(node, "function");
    if (fn?.type !== "attribute") return undefined;
    const object = field(fn, "object");
    const attr = field(fn, "attribute");
    if (object && attr && unwrap(object).type === "identifier" && textOf(tree, object) === name) {
      if (methods.has(textOf(tree, attr))) found.push(node);
    }
    return undefined;
  });
  return found;
}

function chainedMethodCall(tree: SyntaxTree, call: PyNode, methods: ReadonlySet<string>): PyNode | undefined {
  const attribute = call.parent;
  if (attribute?.type !== "attribute" || field(attribute, "object") !== call) return undefined;
  const outer = attribute.parent;
  const attr = field(attribute, "attribute");
  if (outer?.type !== "call" || !attr || !methods.has(textOf(tree, attr))) return undefined;
  return outer;
}
