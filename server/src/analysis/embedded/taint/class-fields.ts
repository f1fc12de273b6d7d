import type { FunctionInfo } from "./function-catalog.js";
import {
  field,
  namedChildren,
  type PyNode,
  type SyntaxTree,
  stringValue,
  textOf,
  unwrap,
  walk,
} from "./syntax-tree.js";

/** Stands for "some attribute": `setattr(self, name, v)` with a name we cannot read. */
export const ANY_FIELD = "*";

/** The class a method belongs to, as a key prefix ("Outer.Runner."), or undefined for plain functions. */
export function classOf(fn: FunctionInfo | undefined): string | undefined {
  if (!fn?.className) return undefined;
  return fn.key.slice(0, fn.key.length - fn.name.length);
}

export function fieldKey(classPrefix: string, attr: string): string {
  return `${classPrefix}\0${attr}`;
}

/**
 * Which methods write which `self.<attr>` (by assignment, augmented assignment or
 * `setattr(self, ...)`), per class. A read of `self.x` in one method takes the taint those
 * methods' summaries record for `x`; an attribute no method of the class writes keeps the old
 * behaviour (the attribute's own taint in this method, else the object's).
 */
export function collectFieldWriters(
  tree: SyntaxTree,
  functions: Iterable<FunctionInfo>,
): Map<string, string[]> {
  const writers = new Map<string, string[]>();
  const note = (fn: FunctionInfo, attr: string) => {
    const key = fieldKey(classOf(fn)!, attr);
    const list = writers.get(key);
    if (!list) writers.set(key, [fn.key]);
    else if (!list.includes(fn.key)) list.push(fn.key);
  };
  for (const fn of functions) {
    if (!classOf(fn)) continue;
    const body = field(fn.node, "body");
    if (!body) continue;
    walk(body, (node) => {
      if (node.type === "function_definition" || node.type === "class_definition") return false;
      if (node.type === "assignment" || node.type === "augmented_assignment") {
        const left = field(node, "left");
        if (left) for (const attr of selfTargets(tree, left)) note(fn, attr);
      } else if (node.type === "call") {
        const attr = setattrOnSelf(tree, node);
        if (attr !== undefined) note(fn, attr);
      }
      return undefined;
    });
  }
  return writers;
}

/** `self.x` targets of an assignment (also inside tuple targets). */
function selfTargets(tree: SyntaxTree, target: PyNode): string[] {
  const t = unwrap(target);
  if (t.type === "attribute") {
    const attr = selfAttribute(tree, t);
    return attr ? [attr] : [];
  }
  if (["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "expression_list"].includes(t.type))
    return namedChildren(t).flatMap((c) => selfTargets(tree, c));
  return [];
}

/** "x" for `self.x` (exactly: not `self.a.x`). */
export function selfAttribute(tree: SyntaxTree, node: PyNode): string | undefined {
  const n = unwrap(node);
  if (n.type !== "attribute") return undefined;
  const object = field(n, "object");
  const attr = field(n, "attribute");
  if (!object || !attr || object.type !== "identifier" || textOf(tree, object) !== "self") return undefined;
  return textOf(tree, attr);
}

/** The attribute `setattr(self, "name", v)` writes; ANY_FIELD when the name is not a constant. */
export function setattrOnSelf(tree: SyntaxTree, call: PyNode): string | undefined {
  const fn = field(call, "function");
  if (fn?.type !== "identifier" || textOf(tree, fn) !== "setattr") return undefined;
  const args = field(call, "arguments");
  const [object, name] = args ? namedChildren(args) : [];
  if (object?.type !== "identifier" || textOf(tree, object) !== "self") return undefined;
  return (name && stringValue(tree, name)) ?? ANY_FIELD;
}
