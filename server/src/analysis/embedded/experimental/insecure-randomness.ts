import { field, type PyNode, walk } from "../taint/syntax-tree.js";
import type { PatternContext, PatternEmit } from "./pattern-context.js";

const SECURITY_NAME =
  /pass(word|wd|phrase)?$|^pwd$|token|secret|nonce|salt|otp|session_?(id|key)|api_?key|reset_?code|csrf|verification_?code|one_?time/i;
const RANDOM_FUNCTIONS =
  /^random\.(random|randint|randrange|choice|choices|sample|getrandbits|uniform|randbytes|shuffle)$/;

/**
 * Values from the `random` module (a predictable Mersenne Twister) stored in a security-named
 * variable, or returned by a security-named function (`def make_token(): return random...`).
 */
export function checkRandomness(ctx: PatternContext, node: PyNode, emit: PatternEmit): void {
  if (node.type === "assignment") {
    const left = field(node, "left");
    const right = field(node, "right");
    const name = left ? lastName(ctx, left) : undefined;
    if (!left || !right || !name || !SECURITY_NAME.test(name)) return;
    const source = randomCall(ctx, right);
    if (source) emit({ rule: "py/insecure-randomness", node: left, args: [], source });
  }
  if (node.type === "return_statement") {
    const fn = enclosingFunction(node);
    const name = fn ? ctx.text(field(fn, "name") ?? fn) : undefined;
    const value = node.namedKids[0];
    if (!name || !value || !SECURITY_NAME.test(name)) return;
    const source = randomCall(ctx, value);
    if (source) emit({ rule: "py/insecure-randomness", node, args: [], source });
  }
}

function randomCall(ctx: PatternContext, node: PyNode): { node: PyNode; description: string } | undefined {
  let found: PyNode | undefined;
  walk(node, (n) => {
    if (found) return false;
    if (n.type === "lambda" || n.type === "function_definition") return false;
    if (n.type === "call" && RANDOM_FUNCTIONS.test(ctx.qualify(field(n, "function")) ?? "")) found = n;
    return undefined;
  });
  return found ? { node: found, description: "random value" } : undefined;
}

function enclosingFunction(node: PyNode): PyNode | undefined {
  let current = node.parent;
  while (current && current.type !== "function_definition") current = current.parent;
  return current;
}

function lastName(ctx: PatternContext, node: PyNode): string | undefined {
  if (node.type === "identifier") return ctx.text(node);
  if (node.type === "attribute") return ctx.text(field(node, "attribute") ?? node);
  if (node.type === "subscript") {
    const key = field(node, "subscript");
    const text = key ? ctx.text(key).replace(/^["']|["']$/g, "") : "";
    return text || undefined;
  }
  return undefined;
}
