import { isSensitiveName } from "../taint/models/sources.js";
import { field, namedChildren, type PyNode, unwrap } from "../taint/syntax-tree.js";
import {
  comparisonParts,
  headerRead,
  type PatternContext,
  type PatternEmit,
  type PatternFinding,
} from "./pattern-context.js";

const SECRET_HEADER = /token|secret|signature|api[-_]?key|auth|password|csrf|hmac/i;
const IP_HEADER =
  /^(HTTP_)?(X[-_]FORWARDED[-_]FOR|X[-_]REAL[-_]IP|CLIENT[-_]IP|X[-_]CLIENT[-_]IP|TRUE[-_]CLIENT[-_]IP)$/i;
const DIGEST_METHODS = /^(digest|hexdigest)$/;

/**
 * `==`/`!=` on secrets (timing attacks: hashes, header values, secret-named values) and checks
 * on client-supplied IP headers (spoofing). One finding per comparison, most specific first.
 */
export function checkComparison(ctx: PatternContext, node: PyNode, emit: PatternEmit): void {
  const { operands, ops } = comparisonParts(ctx, node);
  if (operands.length !== 2 || ops.length !== 1) return;
  const op = ops[0]!;
  if (op === "in" || op === "not in") {
    const ip = ipHeaderSource(ctx, operands[0]!);
    if (ip) emit({ rule: "py/ip-address-spoofing", node, args: [], source: ip });
    return;
  }
  if (op !== "==" && op !== "!=") return;
  if (operands.some((o) => isTrivialConstant(o))) return;
  const finding = equalityFinding(ctx, node, operands);
  if (finding) emit(finding);
}

/** The most specific problem of `a == b`: hash, then IP header, secret header, secret name. */
function equalityFinding(ctx: PatternContext, node: PyNode, operands: PyNode[]): PatternFinding | undefined {
  for (const operand of operands) {
    const digest = digestSource(ctx, operand);
    if (digest) return { rule: "py/possible-timing-attack-against-hash", node, args: [], source: digest };
  }
  for (const operand of operands) {
    const ip = ipHeaderSource(ctx, operand);
    if (ip) return { rule: "py/ip-address-spoofing", node, args: [], source: ip };
  }
  for (const operand of operands) {
    const value = ctx.valueOf(operand);
    const header = headerRead(ctx, value);
    if (header !== undefined && SECRET_HEADER.test(header)) {
      const source = { node: value, description: `client-supplied header ${header}` };
      return { rule: "py/timing-attack-against-header-value", node, args: [], source };
    }
  }
  for (const operand of operands) {
    const name = lastName(ctx, operand);
    if (name && isSensitiveName(name)) {
      const source = { node: operand, description: `secret value ${name}` };
      return { rule: "py/possible-timing-attack-sensitive-info", node, args: [], source };
    }
  }
  return undefined;
}

/** `x.startswith("10.")` on a client-supplied IP header. */
export function checkIpPrefixCall(ctx: PatternContext, node: PyNode, emit: PatternEmit): void {
  const fn = field(node, "function");
  if (fn?.type !== "attribute") return;
  if (!/^(startswith|endswith)$/.test(ctx.text(field(fn, "attribute") ?? fn))) return;
  const ip = ipHeaderSource(ctx, field(fn, "object") ?? fn);
  if (ip) emit({ rule: "py/ip-address-spoofing", node, args: [], source: ip });
}

function digestSource(
  ctx: PatternContext,
  operand: PyNode,
): { node: PyNode; description: string } | undefined {
  const value = ctx.valueOf(operand);
  if (value.type !== "call") return undefined;
  const fn = field(value, "function");
  if (fn?.type !== "attribute" || !DIGEST_METHODS.test(ctx.text(field(fn, "attribute") ?? fn))) return;
  const producer = ctx.valueOf(field(fn, "object") ?? fn);
  const q = producer.type === "call" ? ctx.qualify(field(producer, "function")) : undefined;
  if (!q || !/^(hmac\.new|hmac\.HMAC|hashlib\.\w+)$/.test(q)) return undefined;
  return { node: value, description: q.startsWith("hmac") ? "this HMAC digest" : "this hash digest" };
}

/** The header read behind `value`, also through `.split(",")[0]` and `.strip()`. */
function ipHeaderSource(
  ctx: PatternContext,
  operand: PyNode,
): { node: PyNode; description: string } | undefined {
  let value = ctx.valueOf(operand);
  for (let i = 0; i < 4; i++) {
    const header = headerRead(ctx, value);
    if (header !== undefined)
      return IP_HEADER.test(header)
        ? { node: value, description: `client-supplied header ${header}` }
        : undefined;
    if (/^(self\.)?request\.access_route\[/.test(ctx.text(value)))
      return { node: value, description: "client-supplied access_route" };
    const next =
      value.type === "subscript"
        ? field(value, "value")
        : value.type === "call" && field(value, "function")?.type === "attribute"
          ? field(field(value, "function")!, "object")
          : undefined;
    if (!next) return undefined;
    value = ctx.valueOf(next);
  }
  return undefined;
}

function lastName(ctx: PatternContext, operand: PyNode): string | undefined {
  const n = unwrap(operand);
  if (n.type === "identifier") return ctx.text(n);
  if (n.type === "attribute") return ctx.text(field(n, "attribute") ?? n);
  return undefined;
}

/** None, booleans, numbers and empty strings: presence checks, not secret comparisons. */
function isTrivialConstant(node: PyNode): boolean {
  const n = unwrap(node);
  if (["none", "true", "false", "integer", "float"].includes(n.type)) return true;
  if (n.type === "string") return namedChildren(n).every((c) => c.type !== "string_content");
  return false;
}
