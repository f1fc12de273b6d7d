import { type CallInfo, calleeExactly } from "./call-info.js";
import { guardedName } from "./models/guards.js";
import { field, namedChildren, type PyNode, type SyntaxTree, textOf, unwrap } from "./syntax-tree.js";

/**
 * AST-walk allowlists: `for node in ast.walk(tree): if not isinstance(node, ALLOWED): raise ...`
 * leaves only the allowed node types in `tree`, so `eval(compile(tree, ...))` after it runs no
 * attacker-chosen call or attribute. A denylist (`if isinstance(node, ast.Call): raise`) is not
 * accepted: whatever it forgets (attributes, comprehensions, lambdas) still runs.
 */
export function astWalkValidated(
  tree: SyntaxTree,
  stmt: PyNode,
  callInfo: (node: PyNode) => CallInfo,
): string | undefined {
  if (stmt.type !== "for_statement") return undefined;
  const left = field(stmt, "left");
  const right = field(stmt, "right");
  const body = field(stmt, "body");
  if (!left || !right || !body || unwrap(left).type !== "identifier") return undefined;
  const iter = unwrap(right);
  if (iter.type !== "call" || !calleeExactly(callInfo(iter).qualified, "ast.walk")) return undefined;
  const walked = guardedName(tree, callInfo(iter).args[0]);
  const node = textOf(tree, unwrap(left));
  const rejects = namedChildren(body).some(
    (s) => s.type === "if_statement" && rejectsUnlisted(tree, s, node) && alwaysRaises(s),
  );
  return rejects ? walked : undefined;
}

/** `not isinstance(n, T)`, `type(n) not in T`, `n.__class__ not in T`, `type(n).__name__ not in T`. */
function rejectsUnlisted(tree: SyntaxTree, stmt: PyNode, node: PyNode | string): boolean {
  const condition = field(stmt, "condition");
  if (!condition) return false;
  const c = unwrap(condition);
  const n = typeof node === "string" ? node : textOf(tree, node);
  if (c.type === "not_operator") {
    const inner = unwrap(field(c, "argument") ?? c);
    if (inner.type !== "call") return false;
    const fn = field(inner, "function");
    const args = field(inner, "arguments");
    const first = args ? namedChildren(args)[0] : undefined;
    return (
      fn !== undefined &&
      textOf(tree, fn) === "isinstance" &&
      first !== undefined &&
      textOf(tree, first) === n
    );
  }
  if (c.type === "comparison_operator") {
    const ops = c.children.filter((k) => !k.named).map((k) => textOf(tree, k));
    const subject = namedChildren(c)[0];
    if (ops.join(" ") !== "not in" || !subject) return false;
    const text = textOf(tree, subject).replace(/\s+/g, "");
    return [`type(${n})`, `${n}.__class__`, `type(${n}).__name__`, `${n}.__class__.__name__`].includes(text);
  }
  return false;
}

function alwaysRaises(stmt: PyNode): boolean {
  const block = field(stmt, "consequence");
  const last = block ? namedChildren(block).at(-1) : undefined;
  return last?.type === "raise_statement";
}
