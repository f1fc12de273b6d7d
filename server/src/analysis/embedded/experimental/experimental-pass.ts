import type { SourceFile } from "../../analyzer.js";
import type { Finding, FlowStep } from "../../finding.js";
import { fingerprintFor } from "../../fingerprint.js";
import { collectImports } from "../taint/imports.js";
import { LineTable } from "../taint/line-table.js";
import { codeqlHelpUri, formatMessage, ruleInfo } from "../taint/rule-catalog.js";
import { field, type PyNode, rangeOf, type SyntaxTree, walk } from "../taint/syntax-tree.js";
import { checkAssignment, checkConfigCall } from "./assignment-checks.js";
import { checkAuthCall } from "./auth-checks.js";
import { checkComparison, checkIpPrefixCall } from "./comparison-checks.js";
import { checkCorsBypassCall, checkCorsBypassContains } from "./cors-bypass.js";
import { checkRandomness } from "./insecure-randomness.js";
import { PatternContext, type PatternFinding } from "./pattern-context.js";
import { checkUnicodeNormalize } from "./unicode-checks.js";

/** Words one of the checks needs in the file; a file without any of them is skipped. */
const TRIGGERS =
  /jwt|jose|ldap|XMLRPC|CORS|cors|secret_key|SECRET_KEY|random|digest|headers|META|environ|access_route|azure|normalize|==|!=/;

/**
 * A top-level statement's raw findings, reused while its node is (the syntax tree keeps an
 * unchanged statement's node across edits, shifted) and the file-level inputs of the checks are
 * the same; a statement whose checks read the module scope or a whole-file fact is never reused.
 */
const statementFindings = new WeakMap<PyNode, { context: string; raw: PatternFinding[] }>();

/** Pattern checks of CodeQL's experimental queries over the taint engine's syntax tree. */
export function experimentalFindings(file: SourceFile, tree: SyntaxTree): Finding[] {
  if (!TRIGGERS.test(tree.text)) return [];
  const ctx = new PatternContext(tree, collectImports(tree));
  const importsKey = JSON.stringify([...ctx.imports]);
  const flaskApps = flaskAppNames(ctx, importsKey);
  const ldapImported = [...ctx.imports.values()].some((q) => q === "ldap" || q.startsWith("ldap."));
  const context = JSON.stringify([importsKey, [...flaskApps], ldapImported]);
  const raw: PatternFinding[] = [];
  for (const statement of tree.root.namedKids) {
    const known = statementFindings.get(statement);
    if (known?.context === context) {
      raw.push(...known.raw);
      continue;
    }
    ctx.beginStatement();
    const found = statementPatterns(ctx, statement, flaskApps, ldapImported);
    if (ctx.readOutsideStatement) statementFindings.delete(statement);
    else statementFindings.set(statement, { context, raw: found });
    raw.push(...found);
  }
  return toFindings(file, raw, tree.lines?.text === file.text ? tree.lines : undefined);
}

function statementPatterns(
  ctx: PatternContext,
  statement: PyNode,
  flaskApps: ReadonlySet<string>,
  ldapImported: boolean,
): PatternFinding[] {
  const raw: PatternFinding[] = [];
  const emit = (finding: PatternFinding) => raw.push(finding);
  walk(statement, (node) => {
    switch (node.type) {
      case "call": {
        if (mayNeedCallInfo(ctx, node, ldapImported)) {
          const call = ctx.call(node);
          checkAuthCall(ctx, call, emit);
          checkConfigCall(ctx, call, flaskApps, emit);
        }
        checkIpPrefixCall(ctx, node, emit);
        checkCorsBypassCall(ctx, node, emit);
        checkUnicodeNormalize(ctx, node, emit);
        break;
      }
      case "assignment":
        checkAssignment(ctx, node, flaskApps, emit);
        checkRandomness(ctx, node, emit);
        break;
      case "return_statement":
        checkRandomness(ctx, node, emit);
        break;
      case "comparison_operator":
        checkComparison(ctx, node, emit);
        checkCorsBypassContains(ctx, node, emit);
        break;
    }
    return undefined;
  });
  return raw;
}

/** Callee names the call checks look at without an import behind them. */
const UNQUALIFIED_CALLEES = new Set(["update", "from_mapping", "Middleware", "add_middleware"]);
const LDAP_BIND_METHOD = /^(simple_bind|simple_bind_s|bind|bind_s)$/;

/**
 * Whether `checkAuthCall`/`checkConfigCall` can report this call: they need a callee reached
 * through an import (`jwt.decode`, `CORS(...)`), a config update or middleware call, or an LDAP
 * bind method in a file importing ldap. Building the call's details for every call of a 20,000-line
 * file was a third of this pass; most calls are none of these.
 */
function mayNeedCallInfo(ctx: PatternContext, node: PyNode, ldapImported: boolean): boolean {
  const fn = field(node, "function");
  if (!fn) return false;
  let root = fn;
  while (root.type === "attribute") {
    const object = field(root, "object");
    if (!object) return false;
    root = object;
  }
  if (root.type === "identifier" && ctx.imports.has(ctx.text(root))) return true;
  const name = ctx.text(fn.type === "attribute" ? (field(fn, "attribute") ?? fn) : fn);
  return UNQUALIFIED_CALLEES.has(name) || (ldapImported && LDAP_BIND_METHOD.test(name));
}

/** Per top-level statement: the names it binds to `flask.Flask(...)` (they depend on the imports too). */
const statementApps = new WeakMap<PyNode, { importsKey: string; names: string[] }>();

/** Names bound to `flask.Flask(...)`, plus the conventional `app`. */
function flaskAppNames(ctx: PatternContext, importsKey: string): Set<string> {
  const names = new Set(["app"]);
  for (const statement of ctx.tree.root.namedKids) {
    let known = statementApps.get(statement);
    if (known?.importsKey !== importsKey) {
      const found: string[] = [];
      walk(statement, (node) => {
        if (node.type !== "assignment") return undefined;
        const left = field(node, "left");
        const right = field(node, "right");
        if (left?.type === "identifier" && right?.type === "call") {
          if (ctx.qualify(field(right, "function")) === "flask.Flask") found.push(ctx.text(left));
        }
        return undefined;
      });
      known = { importsKey, names: found };
      statementApps.set(statement, known);
    }
    for (const name of known.names) names.add(name);
  }
  return names;
}

/** `table`: the syntax tree's line table of this text, when it has one (no second scan). */
function toFindings(file: SourceFile, raw: PatternFinding[], table?: LineTable): Finding[] {
  const lines = table ?? new LineTable(file.text);
  const seen = new Map<string, number>();
  const out: Finding[] = [];
  const reported = new Set<string>();
  for (const f of raw) {
    const range = rangeOf(f.node);
    const key = `${f.rule}:${range.start.line}:${range.start.character}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const rule = ruleInfo(f.rule);
    let message = formatMessage(rule.message, ...f.args);
    let flow: FlowStep[] | undefined;
    if (f.source) {
      message = message.replace("$@", `[${f.source.description}](1)`);
      flow = [
        { file: file.path, range: rangeOf(f.source.node), message: `source: ${f.source.description}` },
        { file: file.path, range, message: `sink: ${clip(file.text, f.node)}` },
      ];
    }
    const occurrence = seen.get(`${f.rule}:${range.start.line}`) ?? 0;
    seen.set(`${f.rule}:${range.start.line}`, occurrence + 1);
    const snippet = lines.slice(range.start.line, range.end.line);
    const local = {
      start: { ...range.start, line: 0 },
      end: { ...range.end, line: range.end.line - range.start.line },
    };
    out.push({
      ruleId: rule.id,
      cwes: rule.cwes,
      severity: rule.severity,
      securitySeverity: rule.securitySeverity,
      message,
      file: file.path,
      range,
      ...(flow ? { flow } : {}),
      source: "embedded",
      fingerprint: fingerprintFor(rule.id, snippet, local, occurrence),
      helpUri: codeqlHelpUri(rule.id),
    });
  }
  return out;
}

function clip(text: string, node: PyNode): string {
  const one = text.slice(node.start, node.end).replace(/\s+/g, " ");
  return one.length > 80 ? `${one.slice(0, 79)}…` : one;
}
