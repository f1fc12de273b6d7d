import { field, namedChildren, type PyNode, stringValue, unwrap, walk } from "../taint/syntax-tree.js";
import { type PatternContext, type PatternEmit, scopeOf } from "./pattern-context.js";

/** Compatibility forms: they map look-alikes (`＜`, `ﬁ`, `…`) to ASCII and can grow the text. */
const COMPATIBILITY_FORMS = new Set(["NFKC", "NFKD"]);
/** Escaping and sanitizing calls whose result must not be normalized afterwards. */
const ESCAPERS = new Set([
  "html.escape",
  "cgi.escape",
  "markupsafe.escape",
  "flask.escape",
  "jinja2.escape",
  "django.utils.html.escape",
  "django.utils.html.strip_tags",
  "bleach.clean",
  "werkzeug.utils.secure_filename",
  "os.path.basename",
  "shlex.quote",
  "re.escape",
]);
/**
 * Deny-list checks normalization can bypass (a search for bad characters). Allow-list matches
 * (`re.fullmatch(r"[a-z]+", x)`) are not: NFKC of ASCII is ASCII.
 */
const DENYLIST_SEARCHES = new Set(["re.search", "re.findall"]);
const ALLOW_LIST_MATCHES = new Set(["re.fullmatch", "re.match"]);
/** Request data read directly (Flask, Django, FastAPI/Starlette, Tornado-style). */
const REQUEST_READ =
  /^(self\.)?request\.(args|form|values|json|data|GET|POST|headers|cookies|query_params|path_params|get_json|get_data|get_argument|body)\b/;

/**
 * CodeQL's experimental Unicode queries, precise subset:
 * - `py/unicode-bypass-validation`: `unicodedata.normalize("NFKC"|"NFKD", x)` where x is request
 *   data that was escaped (`html.escape(x)`, …) or checked against a deny-list (`"<" in x`,
 *   `re.search(BAD, x)` in an earlier `if` of the same function) before: normalization can turn
 *   look-alikes (`＜`) into what the check looked for.
 * - `py/unicode-dos`: the same normalization of request data with no length check on it first
 *   (`len(x)` compared in the function before the call, or a slice `x[:n]` as the argument).
 */
export function checkUnicodeNormalize(ctx: PatternContext, node: PyNode, emit: PatternEmit): void {
  const fn = field(node, "function");
  // Cheap name test first: this runs for every call of the file.
  const callee = fn?.type === "attribute" ? field(fn, "attribute") : fn;
  if (!callee || ctx.text(callee) !== "normalize" || ctx.qualify(fn) !== "unicodedata.normalize") return;
  const [formNode, argument] = namedChildren(field(node, "arguments") ?? node);
  if (!formNode || !argument) return;
  const form = stringValue(ctx.tree, ctx.constantOf(formNode));
  if (!form || !COMPATIBILITY_FORMS.has(form)) return;
  const value = ctx.valueOf(argument);
  // Escaped before normalization: html.escape(request.args["q"]) → normalize.
  if (value.type === "call" && ESCAPERS.has(ctx.qualify(field(value, "function")) ?? "")) {
    const escaped = namedChildren(field(value, "arguments") ?? value)[0];
    if (escaped && requestData(ctx, escaped, value)) {
      emit({
        rule: "py/unicode-bypass-validation",
        node,
        args: [],
        source: { node: value, description: "this escaping" },
      });
      return;
    }
  }
  const read = requestData(ctx, argument, node);
  if (!read) return;
  const name = unwrap(argument).type === "identifier" ? ctx.text(unwrap(argument)) : undefined;
  const validation = name ? earlierValidation(ctx, node, name) : undefined;
  if (validation) {
    emit({
      rule: "py/unicode-bypass-validation",
      node,
      args: [],
      source: { node: validation, description: "this deny-list check" },
    });
    return;
  }
  if (name && lengthChecked(ctx, node, name)) return;
  emit({
    rule: "py/unicode-dos",
    node,
    args: [],
    source: { node: read, description: "user-provided value" },
  });
}

/** The request read behind `node` (directly or through the local's last assignment before `use`); slices are bounded. */
function requestData(ctx: PatternContext, node: PyNode, use: PyNode): PyNode | undefined {
  const value = ctx.valueBefore(node, use);
  if (value.type === "subscript" && field(value, "subscript")?.type === "slice") return undefined;
  return REQUEST_READ.test(ctx.text(value)) ? value : undefined;
}

interface ScopeChecks {
  /** First deny-list check (`if "<" in name`, `if re.search(BAD, name)`) per name, in source order. */
  validations: Map<string, PyNode>;
  /** Offset of the first `len(name)` comparison or allow-list match (`re.fullmatch(P, name)`) per name. */
  lengthChecks: Map<string, number>;
}

/** One walk per function: later normalize calls in it only look names up. */
function scopeChecks(ctx: PatternContext, scope: PyNode): ScopeChecks {
  return ctx.scopeFact(scope, "unicode-scope", () => {
    const checks: ScopeChecks = { validations: new Map(), lengthChecks: new Map() };
    walk(scope, (node) => {
      if (node !== scope && (node.type === "function_definition" || node.type === "class_definition"))
        return false;
      if (node.type === "if_statement") {
        const condition = field(node, "condition");
        if (condition) recordValidations(ctx, condition, checks.validations);
        if (condition) recordAllowListMatches(ctx, condition, checks.lengthChecks);
      }
      if (node.type === "comparison_operator") recordLengthChecks(ctx, node, checks.lengthChecks);
      return undefined;
    });
    return checks;
  });
}

function earlierValidation(ctx: PatternContext, call: PyNode, name: string): PyNode | undefined {
  const found = scopeChecks(ctx, scopeOf(call)).validations.get(name);
  return found && found.end <= call.start ? found : undefined;
}

function lengthChecked(ctx: PatternContext, call: PyNode, name: string): boolean {
  const at = scopeChecks(ctx, scopeOf(call)).lengthChecks.get(name);
  return at !== undefined && at < call.start;
}

/** `re.search(BAD, name)` and `"<" in name` in an `if` condition. */
function recordValidations(ctx: PatternContext, condition: PyNode, out: Map<string, PyNode>): void {
  walk(condition, (node) => {
    const names: PyNode[] = [];
    if (node.type === "call" && DENYLIST_SEARCHES.has(ctx.qualify(field(node, "function")) ?? ""))
      names.push(...namedChildren(field(node, "arguments") ?? node).slice(1));
    if (node.type === "comparison_operator") {
      const [needle, haystack] = namedChildren(node);
      const ops = node.children
        .filter((c) => !c.named)
        .map((c) => ctx.text(c))
        .join(" ");
      if (
        (ops === "in" || ops === "not in") &&
        needle &&
        haystack &&
        stringValue(ctx.tree, needle) !== undefined
      )
        names.push(haystack);
    }
    for (const n of names.map(unwrap)) {
      if (n.type === "identifier" && !out.has(ctx.text(n))) out.set(ctx.text(n), node);
    }
    return undefined;
  });
}

/** `re.fullmatch(P, name)` / `re.match(P, name)`: an allow-listed value is not an unbounded one. */
function recordAllowListMatches(ctx: PatternContext, condition: PyNode, out: Map<string, number>): void {
  walk(condition, (node) => {
    if (node.type !== "call" || !ALLOW_LIST_MATCHES.has(ctx.qualify(field(node, "function")) ?? ""))
      return undefined;
    const subject = namedChildren(field(node, "arguments") ?? node)[1];
    const n = subject ? unwrap(subject) : undefined;
    if (n?.type === "identifier" && !out.has(ctx.text(n))) out.set(ctx.text(n), condition.start);
    return undefined;
  });
}

function recordLengthChecks(ctx: PatternContext, comparison: PyNode, out: Map<string, number>): void {
  walk(comparison, (node) => {
    if (node.type !== "call" || ctx.qualify(field(node, "function")) !== "len") return undefined;
    const [arg] = namedChildren(field(node, "arguments") ?? node);
    const n = arg ? unwrap(arg) : undefined;
    if (n?.type === "identifier" && !out.has(ctx.text(n))) out.set(ctx.text(n), comparison.start);
    return undefined;
  });
}
