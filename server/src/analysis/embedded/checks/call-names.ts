import { type ImportMap, qualifiedName } from "../taint/imports.js";
import { field, type PyNode, type SyntaxTree, textOf, walk } from "../taint/syntax-tree.js";

/** Resolved through the file's imports (`RSA.generate` → `Crypto.PublicKey.RSA.generate`); one implementation, the taint engine's. */
export { qualifiedName };

/** The callee of a call node, resolved through imports. */
export function calleeName(tree: SyntaxTree, imports: ImportMap, call: PyNode): string | undefined {
  return qualifiedName(tree, imports, field(call, "function"));
}

/** `a.b.c` → "c" (the last dotted segment). */
export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

/** The last name of a call's callee without import resolution (`new` for `ARC4.new(k)`): a cheap pre-filter. */
export function calleeLastName(tree: SyntaxTree, call: PyNode): string | undefined {
  const fn = field(call, "function");
  if (fn?.type === "identifier") return textOf(tree, fn);
  if (fn?.type === "attribute") {
    const attr = field(fn, "attribute");
    return attr ? textOf(tree, attr) : undefined;
  }
  return undefined;
}

/** Every call and assignment node of the file, in source order (one walk shared by the checks). */
export function collectCallsAndAssignments(tree: SyntaxTree): { calls: PyNode[]; assignments: PyNode[] } {
  const calls: PyNode[] = [];
  const assignments: PyNode[] = [];
  walk(tree.root, (node) => {
    if (node.type === "call") calls.push(node);
    else if (node.type === "assignment" || node.type === "augmented_assignment") assignments.push(node);
    return undefined;
  });
  return { calls, assignments };
}
