import type { Node, Parser } from "web-tree-sitter";
import { compileProblem } from "./compile-rules.js";
import { indentationProblem } from "./indentation-check.js";
import { loadPythonParser } from "./parser.js";

/**
 * Syntax checks for model-written Python. Reuses the process-wide tree-sitter parser of the
 * embedded analyzer: web-tree-sitter's Parser.init() must run once per process (a second init
 * swaps the wasm module under existing parsers).
 */

export interface SyntaxCheck {
  ok: boolean;
  /** First problem, 1-based line, for messages ("syntax error near line 3"). */
  firstErrorLine?: number;
  /**
   * What is wrong when not ok: an ERROR/MISSING node or empty block; indentation Python rejects; a
   * statement its compiler rejects where it stands (compile-rules.ts).
   */
  problem?: "syntax" | "indentation" | "compile";
  /** For `compile`: CPython's words ("'return' outside function"). */
  detail?: string;
}

export interface SyntaxCheckOptions {
  /**
   * The code is a whole module, as it will be saved: also reject indentation Python rejects and
   * tree-sitter accepts (indentation-check.ts), and statements its compiler rejects where they
   * stand (compile-rules.ts). Not for a fragment a reply may indent as a unit (a method sent alone,
   * re-indented before it is merged) or that a merge puts into a function.
   */
  wholeFile?: boolean;
}

export async function pythonParser(): Promise<Parser> {
  return loadPythonParser();
}

/** Parse `code` and report whether the tree is free of ERROR and MISSING nodes (and empty blocks). */
export function checkPythonSyntax(
  parser: Parser,
  code: string,
  options: SyntaxCheckOptions = {},
): SyntaxCheck {
  const tree = parser.parse(code);
  if (!tree) return { ok: false, problem: "syntax" };
  try {
    const root = tree.rootNode;
    const bad = root.hasError ? findProblem(root) : findEmptyBlock(root);
    if (bad || root.hasError)
      return { ok: false, problem: "syntax", firstErrorLine: bad ? bad.startPosition.row + 1 : undefined };
    if (!options.wholeFile) return { ok: true };
    const misindented = indentationProblem(root, code);
    if (misindented)
      return { ok: false, problem: "indentation", firstErrorLine: misindented.startPosition.row + 1 };
    const rejected = compileProblem(root);
    if (rejected)
      return {
        ok: false,
        problem: "compile",
        detail: rejected.message,
        firstErrorLine: rejected.node.startPosition.row + 1,
      };
    return { ok: true };
  } finally {
    tree.delete();
  }
}

function findProblem(node: Node): Node | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) {
      const found = findProblem(child);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * tree-sitter accepts `def f():` with nothing after it (an empty block); Python does not, and a
 * reply cut off mid-function looks exactly like that.
 */
function findEmptyBlock(root: Node): Node | undefined {
  // descendantsOfType runs natively; walking namedChildren from JS costs more than the parse.
  for (const block of root.descendantsOfType("block")) {
    if (!block) continue;
    if (block.namedChildCount === 0 || block.namedChildren.every((child) => child?.type === "comment"))
      return block;
  }
  return undefined;
}

/** Run `fn` over the parsed tree of `code` and free the tree afterwards. */
export function withPythonTree<T>(parser: Parser, code: string, fn: (root: Node) => T): T | undefined {
  const tree = parser.parse(code);
  if (!tree) return undefined;
  try {
    return fn(tree.rootNode);
  } finally {
    tree.delete();
  }
}
