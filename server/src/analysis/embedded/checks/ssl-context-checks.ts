import { splitArguments } from "../taint/call-info.js";
import type { ImportMap } from "../taint/imports.js";
import { field, type PyNode, type SyntaxTree, textOf, unwrap, walk } from "../taint/syntax-tree.js";
import { calleeLastName, calleeName, lastSegment } from "./call-names.js";
import type { CheckFindings } from "./check-finding.js";
import { assignedName, enclosingScope } from "./object-uses.js";

/** Versions a context allows when nothing restricts it (CodeQL's view: TLS 1.0 and 1.1 stay on). */
const INSECURE = ["TLSv1", "TLSv1_1"] as const;
type InsecureVersion = (typeof INSECURE)[number];
/** Protocols that negotiate any version; explicit old ones are reported at the call already. */
const NEGOTIATING = new Set([
  "PROTOCOL_TLS",
  "PROTOCOL_TLS_CLIENT",
  "PROTOCOL_TLS_SERVER",
  "PROTOCOL_SSLv23",
]);
const MINIMUM_ALLOWS: Record<string, InsecureVersion[]> = {
  MINIMUM_SUPPORTED: ["TLSv1", "TLSv1_1"],
  SSLv3: ["TLSv1", "TLSv1_1"],
  TLSv1: ["TLSv1", "TLSv1_1"],
  TLSv1_1: ["TLSv1_1"],
  TLSv1_2: [],
  TLSv1_3: [],
  MAXIMUM_SUPPORTED: [],
};
const OP_NO = /OP_NO_(TLSv1(?:_1)?)(?!\w)/g;
const CONTEXT_KEYWORDS = new Set(["context", "ssl_context", "ssl"]);
const CONNECTION_METHODS = new Set(["wrap_socket", "wrap_bio"]);

/**
 * `py/insecure-protocol` through `ssl.SSLContext` objects: a context made with a negotiating
 * protocol allows TLS 1.0/1.1 unless `minimum_version` or `options |= OP_NO_TLSv1...` says
 * otherwise (`options &= ~OP_NO_...` allows them again). Reported where the context makes a
 * connection (`wrap_socket`, `context=` arguments), with the creation as the flow's first step.
 * `ssl.create_default_context()` is not reported: since Python 3.10 its minimum is TLS 1.2.
 */
export function runSslContextChecks(
  tree: SyntaxTree,
  imports: ImportMap,
  findings: CheckFindings,
  calls: readonly PyNode[],
): void {
  for (const node of calls) {
    const last = calleeLastName(tree, node);
    if (last === undefined || (last !== "SSLContext" && !imports.has(last))) continue;
    if (calleeName(tree, imports, node) !== "ssl.SSLContext") continue;
    const { args, kwargs } = splitArguments(tree, node);
    const protocol = args[0] ?? kwargs.get("protocol");
    if (protocol && !NEGOTIATING.has(lastSegment(textOf(tree, unwrap(protocol))))) continue;
    const name = assignedName(tree, node);
    if (name) followContext(tree, node, name, findings);
  }
}

function followContext(tree: SyntaxTree, creation: PyNode, name: string, findings: CheckFindings): void {
  const allowed = new Set<InsecureVersion>(INSECURE);
  const steps = [{ node: creation, message: "SSLContext created here (allows TLS 1.0 and 1.1 by default)" }];
  walk(enclosingScope(creation), (node) => {
    if (node.type === "function_definition" && node !== enclosingScope(creation)) return false;
    if (node.start < creation.end) return node.end > creation.end ? undefined : false;
    if (node.type === "assignment" || node.type === "augmented_assignment") {
      const setting = contextSetting(tree, node, name);
      if (setting) {
        applySetting(tree, node, setting, allowed);
        steps.push({ node, message: `${name}.${setting} changed` });
      }
      return undefined;
    }
    if (node.type === "call" && usesContext(tree, node, name) && allowed.size > 0) {
      const versions = INSECURE.filter((v) => allowed.has(v));
      findings.emitMessage(
        "py/insecure-protocol",
        node,
        `Insecure SSL/TLS protocol version${versions.length > 1 ? "s" : ""} ${versions.join(", ")} allowed by call to ssl.SSLContext.`,
        [...steps, { node, message: "connection made with the context" }],
      );
    }
    return undefined;
  });
}

function contextSetting(
  tree: SyntaxTree,
  node: PyNode,
  name: string,
): "minimum_version" | "options" | undefined {
  const left = field(node, "left");
  if (left?.type !== "attribute") return undefined;
  const object = field(left, "object");
  const attr = field(left, "attribute");
  if (!object || !attr || textOf(tree, object) !== name) return undefined;
  const which = textOf(tree, attr);
  return which === "minimum_version" || which === "options" ? which : undefined;
}

function applySetting(tree: SyntaxTree, node: PyNode, setting: string, allowed: Set<InsecureVersion>): void {
  const right = field(node, "right");
  if (!right) return;
  const value = textOf(tree, right);
  if (setting === "minimum_version") {
    const versions = MINIMUM_ALLOWS[lastSegment(value.trim())];
    if (!versions) return;
    allowed.clear();
    for (const v of versions) allowed.add(v);
    return;
  }
  const operator = node.children.find((c) => !c.named && /=$/.test(textOf(tree, c)));
  const op = operator ? textOf(tree, operator) : "=";
  const named = [...value.matchAll(OP_NO)].map((m) => m[1] as InsecureVersion);
  if (op === "|=" || op === "=") for (const v of named) allowed.delete(v);
  else if (op === "&=" && value.trim().startsWith("~")) for (const v of named) allowed.add(v);
}

function usesContext(tree: SyntaxTree, call: PyNode, name: string): boolean {
  const fn = field(call, "function");
  if (fn?.type === "attribute") {
    const object = field(fn, "object");
    const attr = field(fn, "attribute");
    if (object && attr && textOf(tree, object) === name && CONNECTION_METHODS.has(textOf(tree, attr)))
      return true;
  }
  const { kwargs } = splitArguments(tree, call);
  for (const [keyword, value] of kwargs) {
    if (CONTEXT_KEYWORDS.has(keyword) && unwrap(value).type === "identifier" && textOf(tree, value) === name)
      return true;
  }
  return false;
}
