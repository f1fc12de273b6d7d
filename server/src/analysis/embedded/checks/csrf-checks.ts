import { isFalsyConstant, isTruthyConstant, splitArguments } from "../taint/call-info.js";
import { type ImportMap, qualifiedName } from "../taint/imports.js";
import {
  field,
  namedChildren,
  type PyNode,
  type SyntaxTree,
  stringValue,
  textOf,
  unwrap,
  walk,
} from "../taint/syntax-tree.js";
import type { CheckFindings } from "./check-finding.js";

const RULE = "py/csrf-protection-disabled";
const CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware";
const VIEW_MESSAGE = "Potential CSRF vulnerability due to forgery protection being disabled for this view.";
const FORM_MESSAGE = "Potential CSRF vulnerability due to forgery protection being disabled for this form.";
/** Flask-WTF settings that turn the global check off when false. */
const WTF_SETTING = /^WTF_CSRF_(ENABLED|CHECK_DEFAULT)$/;
/** DRF authentication classes that do not use cookies: a view using only these cannot be forged. */
const TOKEN_AUTH =
  /^(TokenAuthentication|BasicAuthentication|JSONWebTokenAuthentication|JWTAuthentication|OAuth2Authentication|KnoxTokenAuthentication)$/;

/** Cheap pre-filter: a file that can contain none of the patterns is not walked. */
export function mayDisableCsrf(text: string): boolean {
  return /csrf|MIDDLEWARE/i.test(text);
}

/**
 * Settings files of tests turn CSRF off on purpose (CodeQL skips paths containing "test"; our paths
 * are absolute, so only the file name and its folder count).
 */
export function isTestSettingsPath(path: string): boolean {
  const parts = path.split(/[\\/]/);
  return parts.slice(-2).some((part) => /test/i.test(part));
}

/**
 * `py/csrf-protection-disabled`: Django `MIDDLEWARE` without `CsrfViewMiddleware`, `@csrf_exempt`
 * views (unless they authenticate with tokens only), Flask-WTF `@csrf.exempt` / `csrf.exempt(view)`,
 * `WTF_CSRF_ENABLED = False` in any config form, and WTForms forms with `Meta.csrf = False` or
 * `meta={"csrf": False}`. Configuration that also sets `TESTING = True` (a test config) is quiet.
 */
export function runCsrfChecks(tree: SyntaxTree, imports: ImportMap, findings: CheckFindings): void {
  const protectors = csrfProtectors(tree, imports);
  const testingScopes = new Set<PyNode>();
  const candidates: Candidates = [];
  // `MIDDLEWARE += [CSRF]`, `.append(CSRF)`, `.insert(i, CSRF)`: a list without it is completed later.
  let csrfMiddlewareAdded = false;
  walk(tree.root, (node) => {
    switch (node.type) {
      case "string":
        if (stringValue(tree, node) === CSRF_MIDDLEWARE && !removedMiddleware(tree, node))
          csrfMiddlewareAdded = true;
        return false;
      case "decorator":
        if (exemptDecorator(tree, imports, protectors, node) && !tokenAuthenticatedView(tree, node))
          candidates.push({ node, message: VIEW_MESSAGE });
        break;
      case "call":
        checkCall(tree, imports, protectors, node, testingScopes, candidates);
        break;
      case "assignment":
        checkAssignment(tree, node, testingScopes, candidates);
        break;
      case "class_definition": {
        const off = csrfOffInMeta(tree, node);
        if (off) candidates.push({ node: off, message: FORM_MESSAGE });
        break;
      }
    }
    return undefined;
  });
  for (const { node, scope, message, middleware } of candidates) {
    if (scope && testingScopes.has(scope)) continue;
    if (middleware && csrfMiddlewareAdded) continue;
    if (message) findings.emitMessage(RULE, node, message);
    else findings.emit(RULE, node);
  }
}

/** `scope` is set for settings only: a `TESTING = True` in the same config scope makes them quiet. */
type Candidates = Array<{ node: PyNode; scope?: PyNode; message?: string; middleware?: boolean }>;

/** The string is the argument of `MIDDLEWARE.remove(...)`. */
function removedMiddleware(tree: SyntaxTree, node: PyNode): boolean {
  const call = node.parent?.parent;
  if (node.parent?.type !== "argument_list" || call?.type !== "call") return false;
  const fn = field(call, "function");
  return fn !== undefined && /^MIDDLEWARE(_CLASSES)?\.remove$/.test(textOf(tree, fn));
}

/** Names bound to a Flask-WTF `CSRFProtect(...)` (module level or any scope: one name, one meaning). */
function csrfProtectors(tree: SyntaxTree, imports: ImportMap): Set<string> {
  const names = new Set<string>();
  if (!/CSRFProtect|CsrfProtect/.test(tree.text)) return names;
  walk(tree.root, (node) => {
    if (node.type !== "assignment") return undefined;
    const left = field(node, "left");
    const right = field(node, "right");
    if (left?.type !== "identifier" || right?.type !== "call") return undefined;
    const q = qualifiedName(tree, imports, field(right, "function")) ?? "";
    if (/^flask_wtf(\.csrf)?\.(CSRFProtect|CsrfProtect)$/.test(q)) names.add(textOf(tree, left));
    return undefined;
  });
  return names;
}

function exemptDecorator(
  tree: SyntaxTree,
  imports: ImportMap,
  protectors: Set<string>,
  node: PyNode,
): boolean {
  const expression = namedChildren(node)[0];
  if (!expression) return false;
  const target = expression.type === "call" ? field(expression, "function") : expression;
  if (isCsrfExempt(tree, imports, target)) return true;
  // @method_decorator(csrf_exempt, name="dispatch") on a class-based view
  if (
    expression.type === "call" &&
    /(^|\.)method_decorator$/.test(qualifiedName(tree, imports, target) ?? "")
  ) {
    const first = splitArguments(tree, expression).args[0];
    if (isCsrfExempt(tree, imports, first)) return true;
  }
  return isProtectorExempt(tree, protectors, target);
}

function isCsrfExempt(tree: SyntaxTree, imports: ImportMap, node: PyNode | undefined): boolean {
  const q = qualifiedName(tree, imports, node);
  return q === "django.views.decorators.csrf.csrf_exempt" || q === "csrf_exempt";
}

/** `csrf.exempt` where `csrf = CSRFProtect(app)`. */
function isProtectorExempt(tree: SyntaxTree, protectors: Set<string>, node: PyNode | undefined): boolean {
  if (node?.type !== "attribute") return false;
  const object = field(node, "object");
  const attr = field(node, "attribute");
  return (
    object?.type === "identifier" &&
    protectors.has(textOf(tree, object)) &&
    attr !== undefined &&
    textOf(tree, attr) === "exempt"
  );
}

/**
 * DRF token authentication on the same view — `@authentication_classes([TokenAuthentication])` on a
 * function, or `authentication_classes = [TokenAuthentication]` in a class-based view: no cookie,
 * nothing to forge. SessionAuthentication (or anything unknown) in the list keeps the finding.
 */
function tokenAuthenticatedView(tree: SyntaxTree, decorator: PyNode): boolean {
  const definition = decorator.parent;
  if (definition?.type !== "decorated_definition") return false;
  for (const other of namedChildren(definition)) {
    if (other.type === "class_definition") {
      const body = field(other, "body");
      for (const stmt of body ? namedChildren(body) : []) {
        const assignment = stmt.type === "expression_statement" ? namedChildren(stmt)[0] : undefined;
        const left = assignment?.type === "assignment" ? field(assignment, "left") : undefined;
        if (left && textOf(tree, left) === "authentication_classes")
          return onlyTokenClasses(tree, field(assignment!, "right"));
      }
    }
    if (other.type !== "decorator") continue;
    const call = namedChildren(other)[0];
    if (call?.type !== "call") continue;
    const fn = field(call, "function");
    if (!fn || !/(^|\.)authentication_classes$/.test(textOf(tree, fn))) continue;
    return onlyTokenClasses(tree, splitArguments(tree, call).args[0]);
  }
  return false;
}

function onlyTokenClasses(tree: SyntaxTree, list: PyNode | undefined): boolean {
  const classes = list ? namedChildren(unwrap(list)) : [];
  return classes.length > 0 && classes.every((c) => TOKEN_AUTH.test(textOf(tree, c).split(".").pop() ?? ""));
}

function checkCall(
  tree: SyntaxTree,
  imports: ImportMap,
  protectors: Set<string>,
  node: PyNode,
  testingScopes: Set<PyNode>,
  candidates: Candidates,
): void {
  const fn = field(node, "function");
  if (!fn) return;
  // MIDDLEWARE.remove("django.middleware.csrf.CsrfViewMiddleware")
  const [first] = splitArguments(tree, node).args;
  if (
    first &&
    /^MIDDLEWARE(_CLASSES)?\.remove$/.test(textOf(tree, fn)) &&
    stringValue(tree, first) === CSRF_MIDDLEWARE
  ) {
    candidates.push({ node, scope: configScope(node) });
    return;
  }
  // csrf.exempt(view) / csrf.exempt(blueprint) / csrf_exempt(view) in a URL conf
  if (isProtectorExempt(tree, protectors, fn) || isCsrfExempt(tree, imports, fn)) {
    candidates.push({ node, message: VIEW_MESSAGE });
    return;
  }
  const { kwargs } = splitArguments(tree, node);
  // app.config.update(WTF_CSRF_ENABLED=False) / from_mapping(...)
  if (fn.type === "attribute" && /\.config\.(update|from_mapping)$/.test(textOf(tree, fn))) {
    if (isTruthyConstant(tree, kwargs.get("TESTING"))) testingScopes.add(configScope(node));
    for (const [name, value] of kwargs) {
      if (WTF_SETTING.test(name) && isFalsyConstant(tree, value))
        candidates.push({ node, scope: configScope(node) });
    }
    return;
  }
  // SomeForm(meta={"csrf": False})
  const meta = kwargs.get("meta");
  if (meta && unwrap(meta).type === "dictionary" && dictionaryTurnsCsrfOff(tree, unwrap(meta)))
    candidates.push({ node, message: FORM_MESSAGE });
}

function dictionaryTurnsCsrfOff(tree: SyntaxTree, dict: PyNode): boolean {
  return namedChildren(dict).some((pair) => {
    if (pair.type !== "pair") return false;
    const key = field(pair, "key");
    return (
      key !== undefined && stringValue(tree, key) === "csrf" && isFalsyConstant(tree, field(pair, "value"))
    );
  });
}

function checkAssignment(
  tree: SyntaxTree,
  node: PyNode,
  testingScopes: Set<PyNode>,
  candidates: Candidates,
): void {
  const left = field(node, "left");
  const right = field(node, "right");
  if (!left || !right) return;
  const name = settingName(tree, left);
  if (name === undefined) return;
  const scope = configScope(node);
  if (name === "TESTING" && isTruthyConstant(tree, right)) testingScopes.add(scope);
  if (WTF_SETTING.test(name) && isFalsyConstant(tree, right)) candidates.push({ node, scope });
  if ((name === "MIDDLEWARE" || name === "MIDDLEWARE_CLASSES") && left.type === "identifier") {
    const list = unwrap(right);
    if (list.type !== "list" && list.type !== "tuple") return;
    const entries = namedChildren(list).map((e) => stringValue(tree, e) ?? "");
    if (entries.some((e) => e.startsWith("django.")) && !entries.includes(CSRF_MIDDLEWARE))
      candidates.push({ node: right, scope, middleware: true });
  }
}

/** `NAME = …`, `self.NAME = …` / `cls.NAME`, or `x.config["NAME"] = …`. */
function settingName(tree: SyntaxTree, left: PyNode): string | undefined {
  if (left.type === "identifier") return textOf(tree, left);
  if (left.type === "subscript") {
    const value = field(left, "value");
    const key = field(left, "subscript");
    if (!value || !key || !/(^|\.)config$/.test(textOf(tree, value))) return undefined;
    return stringValue(tree, key);
  }
  return undefined;
}

/** The class body a setting lives in (a Flask config class), else the module. */
function configScope(node: PyNode): PyNode {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === "class_definition") return n;
    if (n.type === "function_definition") continue;
    if (n.type === "module") return n;
  }
  return node;
}

/** The `csrf = False` of a `class Meta` inside a class (WTForms' per-form switch), if any. */
function csrfOffInMeta(tree: SyntaxTree, node: PyNode): PyNode | undefined {
  const body = field(node, "body");
  if (!body) return undefined;
  for (const stmt of namedChildren(body)) {
    if (stmt.type !== "class_definition") continue;
    const name = field(stmt, "name");
    if (!name || textOf(tree, name) !== "Meta") continue;
    const metaBody = field(stmt, "body");
    for (const inner of metaBody ? namedChildren(metaBody) : []) {
      const assignment = inner.type === "expression_statement" ? namedChildren(inner)[0] : undefined;
      if (assignment?.type !== "assignment") continue;
      const left = field(assignment, "left");
      if (left && textOf(tree, left) === "csrf" && isFalsyConstant(tree, field(assignment, "right")))
        return assignment;
    }
  }
  return undefined;
}
