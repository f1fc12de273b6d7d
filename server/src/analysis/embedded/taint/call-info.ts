import {
  field,
  namedChildren,
  type PyNode,
  type SyntaxTree,
  stringValue,
  textOf,
  unwrap,
} from "./syntax-tree.js";

/** A call expression, with the callee resolved through the file's imports. */
export interface CallInfo {
  node: PyNode;
  /** Resolved callee ("subprocess.run", "open", "flask.redirect"); undefined for methods called on values. */
  qualified: string | undefined;
  /** Last name of the callee: "execute" for `cur.execute(...)`. */
  name: string;
  receiver: PyNode | undefined;
  /** Tags of the receiver object ("logger", "mongo", ...), see models/object-tags.ts. */
  receiverTags: ReadonlySet<string>;
  /** Receiver source text ("app.logger"), for name heuristics. */
  receiverText: string | undefined;
  args: PyNode[];
  kwargs: Map<string, PyNode>;
  tree: SyntaxTree;
  /** Object tags of any expression in the current scope. */
  tagsOf: (node: PyNode) => ReadonlySet<string>;
}

/** Positional argument `index`, or keyword `names[i]` when given by name. */
export function argument(call: CallInfo, index: number, ...names: string[]): PyNode | undefined {
  const positional = call.args[index];
  if (positional && positional.type !== "list_splat") return positional;
  for (const name of names) {
    const kw = call.kwargs.get(name);
    if (kw) return kw;
  }
  return undefined;
}

/** `q` is one of `names`, or ends with `.name` for one of them. */
export function calleeIs(q: string | undefined, ...names: string[]): boolean {
  if (!q) return false;
  for (const name of names) if (q === name || q.endsWith(`.${name}`)) return true;
  return false;
}

/** `q` is exactly one of `names` (after import resolution). */
export function calleeExactly(q: string | undefined, ...names: string[]): boolean {
  return q !== undefined && names.includes(q);
}

export function isTruthyConstant(tree: SyntaxTree, node: PyNode | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (n.type === "true") return true;
  if (n.type === "integer") return textOf(tree, n) !== "0";
  return false;
}

export function isFalsyConstant(tree: SyntaxTree, node: PyNode | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (n.type === "false" || n.type === "none") return true;
  if (n.type === "integer") return textOf(tree, n) === "0";
  return stringValue(tree, n) === "";
}

/** Split an `argument_list` into positional and keyword arguments. */
export function splitArguments(
  tree: SyntaxTree,
  call: PyNode,
): { args: PyNode[]; kwargs: Map<string, PyNode> } {
  const argsNode = field(call, "arguments");
  const args: PyNode[] = [];
  const kwargs = new Map<string, PyNode>();
  if (!argsNode) return { args, kwargs };
  if (argsNode.type === "generator_expression") return { args: [argsNode], kwargs };
  for (const child of namedChildren(argsNode)) {
    if (child.type === "keyword_argument") {
      const name = field(child, "name");
      const value = field(child, "value");
      if (name && value) kwargs.set(textOf(tree, name), value);
    } else {
      args.push(child);
    }
  }
  return { args, kwargs };
}
