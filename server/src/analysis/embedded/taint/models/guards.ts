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
  /**
   * Names whose path fact holds only for labels already normalized (normpath/realpath/resolve):
   * a prefix or containment check on a raw path is bypassed by `..`.
   */
  normalizedOnly?: Set<string>;
}

export interface GuardContext {
  tree: SyntaxTree;
  callInfo(node: PyNode): CallInfo;
  /** The variable a urlparse()/urlsplit() result was computed from (`parsed` → `url`). */
  parsedFrom(name: string): string | undefined;
  /** What a boolean variable proves (`inside = p.startswith(base)` … `if not inside:`). */
  conditionOf?(name: string): GuardFacts | undefined;
}

const VALIDATOR_NAME = /(^|_)(is_?)?(valid|safe|allowed|whitelist|allowlist|sanitized|trusted|check|verify)/i;
const PATH_NORMALIZERS = ["os.path.normpath", "os.path.realpath", "os.path.abspath", "posixpath.normpath"];
const URL_CHECKS = ["url_has_allowed_host_and_scheme", "is_safe_url"];

const empty = (): GuardFacts => ({ whenTrue: new Map(), whenFalse: new Map() });

function requireNormalized(facts: GuardFacts, name: string | undefined): void {
  if (!name) return;
  facts.normalizedOnly ??= new Set();
  facts.normalizedOnly.add(name);
}

/** Facts that hold on both sides of a disjunction: each name's kinds in both maps. */
function intersect(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, kinds] of a) {
    const both = kinds & (b.get(name) ?? 0);
    if (both) out.set(name, both);
  }
  return out;
}

/** A name needs normalization when every operand that checks it does (`".." in p` needs none). */
function mergeNormalized(facts: GuardFacts, ...from: GuardFacts[]): GuardFacts {
  const mentions = (f: GuardFacts, name: string) => f.whenTrue.has(name) || f.whenFalse.has(name);
  for (const f of from) {
    for (const name of f.normalizedOnly ?? []) {
      if (from.every((other) => !mentions(other, name) || other.normalizedOnly?.has(name)))
        requireNormalized(facts, name);
    }
  }
  return facts;
}

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
    return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue, normalizedOnly: inner.normalizedOnly };
  }
  if (n.type === "boolean_operator") {
    const left = guardFacts(ctx, field(n, "left") ?? n);
    const right = guardFacts(ctx, field(n, "right") ?? n);
    const op = n.children.find((c) => !c.named);
    const facts = empty();
    // `a and b` is true when both are; it is false when either is (only shared facts hold).
    if (op && textOf(tree, op) === "and") {
      for (const m of [left.whenTrue, right.whenTrue]) for (const [k, v] of m) add(facts.whenTrue, k, v);
      facts.whenFalse = intersect(left.whenFalse, right.whenFalse);
    } else {
      for (const m of [left.whenFalse, right.whenFalse]) for (const [k, v] of m) add(facts.whenFalse, k, v);
      facts.whenTrue = intersect(left.whenTrue, right.whenTrue);
    }
    return mergeNormalized(facts, left, right);
  }
  if (n.type === "comparison_operator") return comparisonFacts(ctx, n);
  if (n.type === "identifier") return ctx.conditionOf?.(textOf(tree, n)) ?? empty();
  if (n.type === "call") return callFacts(ctx, n);
  // `if parsed.netloc:` — when false, the URL is relative: it stays on this host.
  const netlocOf =
    n.type === "attribute" && /\.(netloc|hostname|host)$/.test(textOf(tree, n))
      ? urlPartOwner(ctx, n)
      : undefined;
  if (netlocOf) {
    const facts = empty();
    add(facts.whenFalse, netlocOf, SinkKind.redirect | SinkKind.ssrf);
    return facts;
  }
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
  // `re.fullmatch(p, x) is None` / `is not None`: the match's facts, negated for `is None`.
  const noneSide = unwrap(right).type === "none" ? left : unwrap(left).type === "none" ? right : undefined;
  if (
    noneSide &&
    unwrap(noneSide).type === "call" &&
    ["match", "fullmatch", "search"].includes(ctx.callInfo(unwrap(noneSide)).name) &&
    ["is", "is not", "==", "!="].includes(op)
  ) {
    const inner = callFacts(ctx, unwrap(noneSide));
    const isNone = op === "is" || op === "==";
    return {
      whenTrue: isNone ? inner.whenFalse : inner.whenTrue,
      whenFalse: isNone ? inner.whenTrue : inner.whenFalse,
      ...(inner.normalizedOnly ? { normalizedOnly: inner.normalizedOnly } : {}),
    };
  }
  // A scheme allowlist says nothing about the host (nor about other kinds).
  const l = unwrap(left);
  if (l.type === "attribute" && textOf(tree, field(l, "attribute") ?? l) === "scheme") return facts;
  // urlparse(url).netloc == ... / in ALLOWED_HOSTS
  const netlocOf = urlPartOwner(ctx, left);
  if (netlocOf && ["==", "in", "!=", "not in"].includes(op)) {
    const positive = op === "==" || op === "in";
    add(positive ? facts.whenTrue : facts.whenFalse, netlocOf, SinkKind.redirect | SinkKind.ssrf);
    // The parse result itself (`parsed.geturl()` is returned) is as checked as the URL.
    const parsedName = urlPartObject(ctx, left);
    if (parsedName && parsedName !== netlocOf)
      add(positive ? facts.whenTrue : facts.whenFalse, parsedName, SinkKind.redirect | SinkKind.ssrf);
    return facts;
  }
  // os.path.commonpath([base, p]) == base: p lies under base (once normalized).
  const containment = commonpathFacts(ctx, left, right, op) ?? commonpathFacts(ctx, right, left, op);
  if (containment) return containment;
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

/**
 * `commonpath([base, p]) == base` (list or tuple; `!=` on the failing side): every path in the
 * call other than the compared base is contained. commonpath does not resolve `..`, so the fact
 * holds only for normalized paths.
 */
function commonpathFacts(ctx: GuardContext, call: PyNode, other: PyNode, op: string): GuardFacts | undefined {
  const n = unwrap(call);
  if (n.type !== "call" || (op !== "==" && op !== "!=")) return undefined;
  const info = ctx.callInfo(n);
  if (!calleeIs(info.qualified, "os.path.commonpath", "posixpath.commonpath", "ntpath.commonpath"))
    return undefined;
  const paths = argument(info, 0);
  const list = paths ? unwrap(paths) : undefined;
  if (!list || (list.type !== "list" && list.type !== "tuple")) return undefined;
  const baseText = textOf(ctx.tree, unwrap(other));
  const facts = empty();
  const side = op === "==" ? facts.whenTrue : facts.whenFalse;
  for (const element of namedChildren(list)) {
    if (textOf(ctx.tree, unwrap(element)) === baseText) continue;
    const name = guardedName(ctx.tree, element);
    const e = unwrap(element);
    const normalizedHere = e.type === "call" && PATH_NORMALIZERS.includes(ctx.callInfo(e).qualified ?? "");
    add(side, name, SinkKind.path);
    if (!normalizedHere) requireNormalized(facts, name);
  }
  return facts;
}

/** `parsed` in `parsed.netloc`, when `parsed` is a plain name. */
function urlPartObject(ctx: GuardContext, node: PyNode): string | undefined {
  const object = unwrap(field(unwrap(node), "object") ?? node);
  return object.type === "identifier" ? textOf(ctx.tree, object) : undefined;
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
  if (!attr || !["netloc", "hostname", "host"].includes(textOf(ctx.tree, attr))) return undefined;
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

/**
 * Sink kinds a successful match of `pattern` protects. Only a pattern anchored at both ends
 * (or `fullmatch`) constrains the whole value; `.`, negated classes and `\S`/`\W`/`\D` allow
 * almost anything. The allowed characters then decide: no `/`, `\` or `.` for paths, no shell
 * metacharacters or spaces for commands, no quotes or angle brackets for SQL and HTML.
 */
export function patternProtects(pattern: string, method: string): number {
  const start = method !== "search" || pattern.startsWith("^") || pattern.startsWith("\\A");
  const end = method === "fullmatch" || /(^|[^\\])(\$|\\Z|\\z)$/.test(pattern);
  if (!start || !end) return 0;
  const core = pattern.replace(/^(\^|\\A)/, "").replace(/(\$|\\Z|\\z)$/, "");
  // Outside character classes, an unescaped `.` or `|` admits other shapes.
  const outside = core.replace(/\\./g, "E").replace(/\[[^\]]*\]/g, "C");
  if (/[.|]/.test(outside) || /\[\^/.test(core) || /\\[SWDsPpX]/.test(core)) return 0;
  let kinds = ALL_KINDS & ~(SinkKind.redirect | SinkKind.ssrf);
  const chars = withoutGroups(core)
    .replace(/\\[wd]/g, "")
    .replace(/[+*?]|\{\d*,?\d*\}/g, "");
  if (/[/.]|\\\\/.test(chars)) kinds &= ~SinkKind.path;
  if (/[ ;|&$`<>(){}'"!~#=\n]|\\s/.test(chars)) kinds &= ~SinkKind.command;
  if (/['"\\;]|\\\\/.test(chars.replace(/\\[-.]/g, ""))) kinds &= ~SinkKind.sql;
  if (/[<>'"&]/.test(chars)) kinds &= ~(SinkKind.xss | SinkKind.template);
  if (/[(.]/.test(chars)) kinds &= ~SinkKind.code;
  return kinds;
}

/** The pattern without group syntax outside classes: `(?:`, `(?P<name>`, `(` and `)` match no character. */
function withoutGroups(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      out += pattern.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
    } else if (c === "(") {
      const named = /^\(\?(?::|P<\w+>|<\w+>)/.exec(pattern.slice(i));
      if (named) i += named[0].length - 1;
    } else if (c !== ")") out += c;
  }
  return out;
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
      requireNormalized(facts, guardedName(tree, receiver));
      const prefix = stringValue(tree, argument(call, 0) ?? n);
      // A full "https://host/" prefix pins the host.
      if (prefix !== undefined && /^[a-z]+:\/\/[^/]+\//i.test(prefix)) {
        add(facts.whenTrue, guardedName(tree, receiver), SinkKind.redirect | SinkKind.ssrf);
      }
    }
  } else if (call.receiver && call.name === "is_relative_to") {
    const receiver = unwrap(call.receiver);
    const resolved = receiver.type === "call" && ctx.callInfo(receiver).name === "resolve";
    add(facts.whenTrue, guardedName(tree, call.receiver), SinkKind.path);
    if (!resolved) requireNormalized(facts, guardedName(tree, call.receiver));
  } else if (calleeIs(call.qualified, ...URL_CHECKS)) {
    add(facts.whenTrue, guardedName(tree, argument(call, 0, "url")), SinkKind.redirect | SinkKind.ssrf);
  } else if (calleeIs(call.qualified, "isinstance")) {
    const type = argument(call, 1);
    if (type && /\b(int|float|bool|UUID)\b/.test(textOf(tree, type)))
      add(facts.whenTrue, guardedName(tree, argument(call, 0)), ALL_KINDS);
  } else if (
    calleeIs(call.qualified, "re.match", "re.fullmatch", "re.search", "regex.match", "regex.fullmatch")
  ) {
    // A constant pattern protects the sinks its character set cannot break.
    const pattern = stringValue(tree, argument(call, 0, "pattern") ?? n);
    const kinds = pattern === undefined ? 0 : patternProtects(pattern, call.name);
    add(facts.whenTrue, guardedName(tree, argument(call, 1, "string")), kinds);
  } else if (call.receiver && (call.name === "match" || call.name === "fullmatch")) {
    // A compiled pattern we cannot see: a shape check, but URL regexes are usually incomplete.
    add(
      facts.whenTrue,
      guardedName(tree, argument(call, 0, "string")),
      ALL_KINDS & ~(SinkKind.redirect | SinkKind.ssrf),
    );
  } else if (VALIDATOR_NAME.test(call.name) && !(call.qualified ?? "").startsWith("subprocess.")) {
    // (subprocess.check_output/check_call run a command; their result validates nothing.)
    // Project validators such as is_safe_path(p), allowed_file(name), validate_host(h).
    for (const arg of call.args) add(facts.whenTrue, guardedName(tree, arg), ALL_KINDS);
  }
  return facts;
}
