import { argument, type CallInfo, calleeIs } from "../call-info.js";
import { ALL_KINDS, SinkKind } from "../rule-catalog.js";
import {
  field,
  namedChildren,
  type PyNode,
  type SyntaxTree,
  stringValue,
  textOf,
  unwrap,
} from "../syntax-tree.js";

/** Variables (by name) validated for some sink kinds when a condition is true / false. */
export interface GuardFacts {
  whenTrue: Map<string, number>;
  whenFalse: Map<string, number>;
}

export interface GuardContext {
  tree: SyntaxTree;
  callInfo(node: PyNode): CallInfo;
  /** The variable a urlparse()/urlsplit() result was computed from (`parsed` → `url`). */
  parsedFrom(name: string): string | undefined;
}

const VALIDATOR_NAME = /(^|_)(is_?)?(valid|safe|allowed|whitelist|allowlist|sanitized|trusted|check|verify)/i;
const PATH_NORMALIZERS = ["os.path.normpath", "os.path.realpath", "os.path.abspath", "posixpath.normpath"];
const URL_CHECKS = ["url_has_allowed_host_and_scheme", "is_safe_url"];

const empty = (): GuardFacts => ({ whenTrue: new Map(), whenFalse: new Map() });

function add(map: Map<string, number>, name: string | undefined, kinds: number): void {
  if (!name) return;
  map.set(name, (map.get(name) ?? 0) | kinds);
}

/** Name of the variable an expression reads: `x`, `x.name` → `x`, `x.strip()` → `x`. */
export function guardedName(tree: SyntaxTree, node: PyNode | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === "identifier") return textOf(tree, n);
  if (n.type === "attribute") return guardedName(tree, field(n, "object"));
  if (n.type === "call") {
    const fn = field(n, "function");
    if (fn?.type === "attribute") return guardedName(tree, field(fn, "object"));
    const first = field(n, "arguments");
    const arg = first ? namedChildren(first)[0] : undefined;
    return arg ? guardedName(tree, arg) : undefined;
  }
  if (n.type === "subscript") return guardedName(tree, field(n, "value"));
  return undefined;
}

export function guardFacts(ctx: GuardContext, condition: PyNode): GuardFacts {
  const n = unwrap(condition);
  const tree = ctx.tree;
  if (n.type === "not_operator") {
    const inner = guardFacts(ctx, field(n, "argument") ?? n);
    return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
  }
  if (n.type === "boolean_operator") {
    const left = guardFacts(ctx, field(n, "left") ?? n);
    const right = guardFacts(ctx, field(n, "right") ?? n);
    const op = n.children.find((c) => !c.named);
    const facts = empty();
    if (op && textOf(tree, op) === "and") {
      for (const m of [left.whenTrue, right.whenTrue]) for (const [k, v] of m) add(facts.whenTrue, k, v);
    } else {
      for (const m of [left.whenFalse, right.whenFalse]) for (const [k, v] of m) add(facts.whenFalse, k, v);
    }
    return facts;
  }
  if (n.type === "comparison_operator") return comparisonFacts(ctx, n);
  if (n.type === "call") return callFacts(ctx, n);
  return empty();
}

function comparisonFacts(ctx: GuardContext, n: PyNode): GuardFacts {
  const tree = ctx.tree;
  const facts = empty();
  const operands = namedChildren(n);
  const ops = n.children.filter((c) => !c.named).map((c) => textOf(tree, c));
  const op = ops.join(" ");
  const [left, right] = operands;
  if (!left || !right) return facts;
  // `"..." in path` → if false, path has no traversal.
  const leftConst = stringValue(tree, left);
  if (leftConst !== undefined && (op === "in" || op === "not in")) {
    if (leftConst === ".." || leftConst === "/" || leftConst === "\\\\") {
      add(op === "in" ? facts.whenFalse : facts.whenTrue, guardedName(tree, right), SinkKind.path);
    }
    return facts;
  }
  // urlparse(url).netloc == ... / in ALLOWED_HOSTS
  const netlocOf = urlPartOwner(ctx, left);
  if (netlocOf && ["==", "in", "!=", "not in"].includes(op)) {
    const positive = op === "==" || op === "in";
    add(positive ? facts.whenTrue : facts.whenFalse, netlocOf, SinkKind.redirect | SinkKind.ssrf);
    return facts;
  }
  // x in ALLOWED (allow-list) / x == "constant"
  if (op === "in" || op === "not in") {
    add(op === "in" ? facts.whenTrue : facts.whenFalse, guardedName(tree, left), ALL_KINDS);
  } else if (op === "==" || op === "!=" || op === "is" || op === "is not") {
    const constant = isConstant(tree, right) ? left : isConstant(tree, left) ? right : undefined;
    if (constant && unwrap(right).type !== "none" && unwrap(left).type !== "none") {
      add(
        op === "==" || op === "is" ? facts.whenTrue : facts.whenFalse,
        guardedName(tree, constant),
        ALL_KINDS,
      );
    }
  } else if (op === "<" || op === "<=" || op === ">" || op === ">=") {
    // Numeric comparisons imply a number (the comparison would raise on strings vs ints).
  }
  return facts;
}

function isConstant(tree: SyntaxTree, node: PyNode): boolean {
  const n = unwrap(node);
  return stringValue(tree, n) !== undefined || n.type === "integer" || n.type === "float";
}

/** `urlparse(x).netloc` / `parsed.netloc` (parsed = urlparse(x)) → "x". */
function urlPartOwner(ctx: GuardContext, node: PyNode): string | undefined {
  const n = unwrap(node);
  if (n.type !== "attribute") return undefined;
  const attr = field(n, "attribute");
  if (!attr || !["netloc", "hostname", "scheme", "host"].includes(textOf(ctx.tree, attr))) return undefined;
  const object = unwrap(field(n, "object") ?? n);
  if (object.type === "call") {
    const call = ctx.callInfo(object);
    if (calleeIs(call.qualified, "urlparse", "urlsplit")) return guardedName(ctx.tree, argument(call, 0));
    return undefined;
  }
  if (object.type === "identifier") {
    const name = textOf(ctx.tree, object);
    return ctx.parsedFrom(name) ?? name;
  }
  return undefined;
}

function callFacts(ctx: GuardContext, n: PyNode): GuardFacts {
  const facts = empty();
  const call = ctx.callInfo(n);
  const tree = ctx.tree;
  if (
    call.receiver &&
    ["isdigit", "isalnum", "isnumeric", "isdecimal", "isalpha", "isidentifier"].includes(call.name)
  ) {
    add(facts.whenTrue, guardedName(tree, call.receiver), ALL_KINDS);
  } else if (call.receiver && call.name === "startswith") {
    const receiver = unwrap(call.receiver);
    // normpath/realpath(x).startswith(base) or a normalized variable
    if (receiver.type === "call") {
      const inner = ctx.callInfo(receiver);
      if (PATH_NORMALIZERS.includes(inner.qualified ?? "") || inner.name === "resolve") {
        add(facts.whenTrue, guardedName(tree, argument(inner, 0) ?? inner.receiver), SinkKind.path);
      }
    } else {
      add(facts.whenTrue, guardedName(tree, receiver), SinkKind.path);
      const prefix = stringValue(tree, argument(call, 0) ?? n);
      // A full "https://host/" prefix pins the host.
      if (prefix !== undefined && /^[a-z]+:\/\/[^/]+\//i.test(prefix)) {
        add(facts.whenTrue, guardedName(tree, receiver), SinkKind.redirect | SinkKind.ssrf);
      }
    }
  } else if (call.receiver && call.name === "is_relative_to") {
    add(facts.whenTrue, guardedName(tree, call.receiver), SinkKind.path);
  } else if (calleeIs(call.qualified, ...URL_CHECKS)) {
    add(facts.whenTrue, guardedName(tree, argument(call, 0, "url")), SinkKind.redirect | SinkKind.ssrf);
  } else if (calleeIs(call.qualified, "isinstance")) {
    const type = argument(call, 1);
    if (type && /\b(int|float|bool|UUID)\b/.test(textOf(tree, type)))
      add(facts.whenTrue, guardedName(tree, argument(call, 0)), ALL_KINDS);
  } else if (
    calleeIs(call.qualified, "re.match", "re.fullmatch", "regex.match", "regex.fullmatch") ||
    (call.receiver && (call.name === "match" || call.name === "fullmatch"))
  ) {
    const subject = call.qualified?.startsWith("re")
      ? argument(call, 1, "string")
      : argument(call, 0, "string");
    // A regex match validates a shape, but URL regexes are usually incomplete (CodeQL agrees).
    add(facts.whenTrue, guardedName(tree, subject), ALL_KINDS & ~(SinkKind.redirect | SinkKind.ssrf));
  } else if (calleeIs(call.qualified, "os.path.isabs")) {
    add(facts.whenFalse, guardedName(tree, argument(call, 0)), SinkKind.path);
  } else if (VALIDATOR_NAME.test(call.name)) {
    // Project validators such as is_safe_path(p), allowed_file(name), validate_host(h).
    for (const arg of call.args) add(facts.whenTrue, guardedName(tree, arg), ALL_KINDS);
  }
  return facts;
}
