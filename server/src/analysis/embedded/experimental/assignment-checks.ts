import { isTruthyConstant } from "../taint/call-info.js";
import { field, namedChildren, type PyNode, stringValue, unwrap } from "../taint/syntax-tree.js";
import type { PatternContext, PatternEmit } from "./pattern-context.js";

/**
 * Assignment checks: a Flask SECRET_KEY set to a constant, Django CORS settings that allow every
 * origin with credentials, Azure blob clients given a key without `encryption_version = "2.0"`.
 */
export function checkAssignment(
  ctx: PatternContext,
  node: PyNode,
  flaskApps: ReadonlySet<string>,
  emit: PatternEmit,
): void {
  const left = field(node, "left");
  const right = field(node, "right");
  if (!left || !right) return;
  const target = ctx.text(left);
  const isApp = (object: PyNode | undefined) => !!object && flaskApps.has(ctx.text(object));
  if (left.type === "attribute" && ctx.text(field(left, "attribute") ?? left) === "secret_key") {
    if (isApp(field(left, "object"))) secretKey(ctx, node, right, emit);
  }
  if (left.type === "subscript") {
    const map = field(left, "value");
    const key = field(left, "subscript");
    if (
      map?.type === "attribute" &&
      ctx.text(field(map, "attribute") ?? map) === "config" &&
      isApp(field(map, "object")) &&
      key &&
      stringValue(ctx.tree, key) === "SECRET_KEY"
    ) {
      secretKey(ctx, node, right, emit);
    }
  }
  if (/^CORS_ALLOW_CREDENTIALS$/.test(target) && isTruthyConstant(ctx.tree, right)) {
    if (ctx.fileFact("cors-all-origins", () => CORS_ALL_ORIGINS.test(ctx.tree.text)))
      emit({ rule: "py/cors-misconfiguration-with-credentials", node, args: ["*"] });
  }
  if (left.type === "attribute" && ctx.text(field(left, "attribute") ?? left) === "key_encryption_key") {
    const object = ctx.text(field(left, "object") ?? left);
    if (isAzureFile(ctx) && !ctx.fileFact("azure-v2-objects", () => version2Objects(ctx)).has(object))
      emit({ rule: "py/azure-storage/unsafe-client-side-encryption-in-use", node, args: [] });
  }
}

/** `app.config.update(SECRET_KEY="...")` and `app.config.from_mapping(SECRET_KEY="...")`. */
export function checkConfigCall(
  ctx: PatternContext,
  call: { node: PyNode; name: string; receiverText: string | undefined; kwargs: Map<string, PyNode> },
  flaskApps: ReadonlySet<string>,
  emit: PatternEmit,
): void {
  if (call.name !== "update" && call.name !== "from_mapping") return;
  const receiver = /^(\w+)\.config$/.exec(call.receiverText ?? "");
  if (!receiver || !flaskApps.has(receiver[1]!)) return;
  const value = call.kwargs.get("SECRET_KEY");
  if (value) secretKey(ctx, call.node, value, emit);
}

function secretKey(ctx: PatternContext, sink: PyNode, value: PyNode, emit: PatternEmit): void {
  const constant = constantString(ctx, value);
  if (constant) emit({ rule: "py/flask-constant-secret-key", node: sink, args: [], source: constant });
}

/** A non-empty string literal, directly or through a name assigned once in the scope. */
function constantString(
  ctx: PatternContext,
  node: PyNode,
): { node: PyNode; description: string } | undefined {
  const n = unwrap(node);
  const resolved = n.type === "identifier" ? ctx.valueOf(n) : n;
  const text = stringValue(ctx.tree, resolved);
  if (text !== undefined && text.length > 0) return { node: resolved, description: "this constant string" };
  if (resolved.type === "call") {
    // os.environ.get("SECRET_KEY", "dev") — the constant fallback is what runs by default.
    const fn = ctx.qualify(field(resolved, "function"));
    const args = namedChildren(field(resolved, "arguments") ?? resolved);
    const fallback = args[1];
    if ((fn === "os.environ.get" || fn === "os.getenv") && fallback) {
      const value = stringValue(ctx.tree, fallback);
      if (value) return { node: fallback, description: "this constant fallback string" };
    }
  }
  return undefined;
}

const CORS_ALL_ORIGINS = /^CORS_(ORIGIN_ALLOW_ALL|ALLOW_ALL_ORIGINS)\s*=\s*True\b/m;
/** `client.encryption_version = "2.0"` (the object as written: a name, dotted path or subscript). */
const VERSION_2 = /(?<![\w.\]])([A-Za-z_][\w.]*(?:\[[^\]\n]*\])*)\.encryption_version\s*=\s*["']2\.0["']/g;

function isAzureFile(ctx: PatternContext): boolean {
  return ctx.fileFact("azure-imported", () => {
    for (const q of ctx.imports.values()) if (q.startsWith("azure.storage")) return true;
    return false;
  });
}

/** Every object the file sets to encryption version 2.0: one scan of the text. */
function version2Objects(ctx: PatternContext): Set<string> {
  return new Set([...ctx.tree.text.matchAll(VERSION_2)].map((m) => m[1] ?? ""));
}
