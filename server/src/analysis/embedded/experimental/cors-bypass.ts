import { field, namedChildren, type PyNode, stringValue, unwrap, walk } from "../taint/syntax-tree.js";
import {
  comparisonParts,
  headerRead,
  type PatternContext,
  type PatternEmit,
  scopeOf,
} from "./pattern-context.js";

const RULE = "py/cors-bypass";
const ORIGIN_HEADER = /^(HTTP_)?ORIGIN$/i;
const ALLOW_ORIGIN = /^access-control-allow-origin$/i;
/** Methods that keep the value the same origin string (case or whitespace only). */
const SAME_VALUE = /^(lower|casefold|strip|rstrip|lstrip)$/;

/**
 * `py/cors-bypass`: the `Origin` header checked with a test an attacker's origin can pass —
 * `origin.endswith("example.com")` (evilexample.com), `origin.startswith("https://example.com")`
 * (https://example.com.evil.net), `"example.com" in origin` — in a function that reflects that
 * origin in `Access-Control-Allow-Origin`. `endswith(".example.com")`, `endswith("://example.com")`,
 * `startswith("https://example.com:")` and membership in a collection are sound and not reported.
 */
export function checkCorsBypassCall(ctx: PatternContext, node: PyNode, emit: PatternEmit): void {
  const fn = field(node, "function");
  if (fn?.type !== "attribute") return;
  const method = ctx.text(field(fn, "attribute") ?? fn);
  if (method !== "startswith" && method !== "endswith") return;
  const subject = field(fn, "object");
  const origin = subject ? originSource(ctx, subject) : undefined;
  if (!origin) return;
  const first = namedChildren(field(node, "arguments") ?? node)[0];
  const weak = constants(ctx, first).some((c) => (method === "endswith" ? weakSuffix(c) : weakPrefix(c)));
  if (weak && reflected(ctx, node, subject!)) emit({ rule: RULE, node, args: [], source: origin });
}

/** `"example.com" in origin`. */
export function checkCorsBypassContains(ctx: PatternContext, node: PyNode, emit: PatternEmit): void {
  const { operands, ops } = comparisonParts(ctx, node);
  if (operands.length !== 2 || ops.length !== 1 || (ops[0] !== "in" && ops[0] !== "not in")) return;
  const [needle, haystack] = operands as [PyNode, PyNode];
  const origin = originSource(ctx, haystack);
  if (!origin) return;
  const weak = constants(ctx, needle).some((c) => c.includes(".") && !c.endsWith("/"));
  if (weak && reflected(ctx, node, haystack)) emit({ rule: RULE, node, args: [], source: origin });
}

/** A suffix that is not anchored at a label or scheme boundary: "example.com" matches "evilexample.com". */
function weakSuffix(suffix: string): boolean {
  return /^[a-z0-9]/i.test(suffix) && !suffix.includes("://");
}

/** A scheme+host prefix without a delimiter after the host: "https://example.com.evil.net" passes. */
function weakPrefix(prefix: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/]*[a-z0-9]$/i.test(prefix);
}

/** String constants of a literal, a tuple of literals, or a name assigned one once. */
function constants(ctx: PatternContext, node: PyNode | undefined): string[] {
  if (!node) return [];
  // Also a module constant (`TRUSTED = "https://app.example.com"`) compared inside a function.
  const value = ctx.constantOf(node);
  if (value.type === "tuple" || value.type === "parenthesized_expression")
    return namedChildren(value).flatMap((item) => constants(ctx, item));
  const text = stringValue(ctx.tree, value);
  return text ? [text] : [];
}

/** The `Origin` header read behind `node` (directly, through one local, or `.lower()`/`.strip()`). */
function originSource(ctx: PatternContext, node: PyNode): { node: PyNode; description: string } | undefined {
  let value = ctx.valueOf(node);
  for (let i = 0; i < 4; i++) {
    const header = headerRead(ctx, value);
    if (header !== undefined)
      return ORIGIN_HEADER.test(header)
        ? { node: value, description: "client-supplied Origin header" }
        : undefined;
    const fn = value.type === "call" ? field(value, "function") : undefined;
    if (fn?.type !== "attribute" || !SAME_VALUE.test(ctx.text(field(fn, "attribute") ?? fn)))
      return undefined;
    value = ctx.valueOf(field(fn, "object") ?? fn);
  }
  return undefined;
}

/**
 * Whether the function reflects the checked value: a statement naming `Access-Control-Allow-Origin`
 * that also uses the checked variable (or reads the Origin header itself). One walk per function.
 */
function reflected(ctx: PatternContext, check: PyNode, subject: PyNode): boolean {
  const scope = scopeOf(check);
  const uses = ctx.scopeFact(scope, "cors-reflection", () => reflectionUses(ctx, scope));
  const base = strippedValue(ctx, subject);
  const name = base.type === "identifier" ? ctx.text(base) : undefined;
  return (name !== undefined && uses.names.has(name)) || (name === undefined && uses.readsOrigin);
}

function reflectionUses(ctx: PatternContext, scope: PyNode): { names: Set<string>; readsOrigin: boolean } {
  const names = new Set<string>();
  let readsOrigin = false;
  walk(scope, (node) => {
    if (node.type !== "string") return undefined;
    const text = stringValue(ctx.tree, node);
    if (!text || !ALLOW_ORIGIN.test(text)) return false;
    const statement = enclosingStatement(node, scope);
    walk(statement, (inner) => {
      if (inner.type === "identifier") names.add(ctx.text(inner));
      if (headerRead(ctx, inner) !== undefined && originSource(ctx, inner)) readsOrigin = true;
      return undefined;
    });
    return false;
  });
  return { names, readsOrigin };
}

/** `origin.lower().strip()` → `origin`. */
function strippedValue(ctx: PatternContext, node: PyNode): PyNode {
  let current = unwrap(node);
  for (let i = 0; i < 4 && current.type === "call"; i++) {
    const fn = field(current, "function");
    if (fn?.type !== "attribute" || !SAME_VALUE.test(ctx.text(field(fn, "attribute") ?? fn))) break;
    current = unwrap(field(fn, "object") ?? fn);
  }
  return current;
}

function enclosingStatement(node: PyNode, scope: PyNode): PyNode {
  let current = node;
  while (current.parent && current.parent !== scope && !/statement$|^block$/.test(current.type))
    current = current.parent;
  return current;
}
