import type { Node } from "web-tree-sitter";

export interface CompileProblem {
  node: Node;
  /** CPython's words for it ("'return' outside function"). */
  message: string;
}

/**
 * Statements CPython's compiler rejects where tree-sitter's grammar parses them without error:
 * Python 2's `print x` and `exec code` (the grammar keeps them), `return` and `yield` outside a
 * function, `break`/`continue` outside a loop's body, `await` outside an `async def` (or an async
 * generator expression). Model code
 * has them (a module-level fix that ends in `return`, an old-style `print`), and a merged fix or
 * generated code with one leaves a file Python will not import. Not every compile-time check of
 * CPython's: duplicate parameters, repeated keywords, starred targets and the like stay unchecked.
 */
export function compileProblem(root: Node): CompileProblem | undefined {
  for (const node of root.descendantsOfType(["print_statement", "exec_statement"]))
    if (node)
      return { node, message: `Python 2 ${node.type === "print_statement" ? "print" : "exec"} statement` };
  for (const node of root.descendantsOfType("return_statement"))
    if (node && enclosingScope(node, false) === undefined)
      return { node, message: "'return' outside function" };
  for (const node of root.descendantsOfType("yield"))
    if (node && enclosingScope(node, true) === undefined)
      return { node, message: "'yield' outside function" };
  for (const node of root.descendantsOfType(["break_statement", "continue_statement"]))
    if (node && !inLoopBody(node))
      return {
        node,
        message: node.type === "break_statement" ? "'break' outside loop" : "'continue' not properly in loop",
      };
  for (const node of root.descendantsOfType("await"))
    if (node && !awaitAllowed(node)) return { node, message: "'await' outside async function" };
  return undefined;
}

/** In an `async def` (a lambda or class in between does not count), or in a generator expression (an async one). */
function awaitAllowed(node: Node): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.type === "generator_expression") return true;
    if (up.type === "function_definition") return up.child(0)?.type === "async";
    if (up.type === "lambda" || up.type === "class_definition") return false;
  }
  return false;
}

/** The function (or, when `lambdas`, lambda) whose body holds `node`; undefined at module or class level. */
function enclosingScope(node: Node, lambdas: boolean): Node | undefined {
  for (let up = node.parent; up; up = up.parent) {
    if (up.type === "function_definition" || (lambdas && up.type === "lambda")) return up;
    if (up.type === "class_definition" || up.type === "lambda") return undefined;
  }
  return undefined;
}

/** Inside the body of a `for`/`while` of the same function (its `else:` does not count). */
function inLoopBody(node: Node): boolean {
  let child = node;
  for (let up = node.parent; up; child = up, up = up.parent) {
    if (up.type === "function_definition" || up.type === "class_definition" || up.type === "lambda")
      return false;
    if (
      (up.type === "for_statement" || up.type === "while_statement") &&
      up.childForFieldName("body")?.id === child.id
    )
      return true;
  }
  return false;
}
