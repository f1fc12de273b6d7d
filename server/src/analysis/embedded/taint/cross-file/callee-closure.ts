import type { FunctionInfo } from "../function-catalog.js";
import { field, type PyNode, type SyntaxTree, textOf, unwrap, walk } from "../syntax-tree.js";

/**
 * The functions named in `roots` and every function of the file they may call, in `functions`'
 * order: what another module's summary of `roots` needs analyzed. A call resolves as the engine
 * resolves it (call-analysis.ts `resolveLocal`): a name to a nested function of the caller or a
 * top-level function, `self.m()`/`cls.m()` to a method of the caller's class.
 */
export function calleeClosure(
  tree: SyntaxTree,
  functions: readonly FunctionInfo[],
  roots: ReadonlySet<string>,
): FunctionInfo[] {
  const byKey = new Map(functions.map((fn) => [fn.key, fn]));
  const keep = new Set<FunctionInfo>(functions.filter((fn) => roots.has(fn.key)));
  const todo = [...keep];
  for (let fn = todo.pop(); fn; fn = todo.pop()) {
    for (const key of calleeKeys(tree, fn)) {
      const callee = byKey.get(key);
      if (!callee || keep.has(callee)) continue;
      keep.add(callee);
      todo.push(callee);
    }
  }
  return functions.filter((fn) => keep.has(fn));
}

/** Keys a function's direct calls may resolve to (nested definitions are their own functions). */
function calleeKeys(tree: SyntaxTree, fn: FunctionInfo): string[] {
  const keys: string[] = [];
  const classPrefix = fn.className ? fn.key.slice(0, fn.key.length - fn.name.length) : undefined;
  walk(fn.node, (node: PyNode) => {
    if (node !== fn.node && (node.type === "function_definition" || node.type === "class_definition"))
      return false;
    if (node.type !== "call") return undefined;
    const callee = field(node, "function");
    const n = callee ? unwrap(callee) : undefined;
    if (n?.type === "identifier") {
      const name = textOf(tree, n);
      keys.push(`${fn.key}.${name}`, name);
    } else if (n?.type === "attribute" && classPrefix !== undefined) {
      const object = field(n, "object");
      const attr = field(n, "attribute");
      const objectText = object ? textOf(tree, object) : "";
      if ((objectText === "self" || objectText === "cls") && attr)
        keys.push(`${classPrefix}${textOf(tree, attr)}`);
    }
    return undefined;
  });
  return keys;
}
