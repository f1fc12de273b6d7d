import { field, namedChildren, type PyNode, type SyntaxTree, textOf, walk } from "./syntax-tree.js";

export type RouteKind = "flask" | "fastapi" | "django";

export interface ParamInfo {
  name: string;
  /** Index among the callable parameters (self/cls excluded). */
  index: number;
  node: PyNode;
  annotation: string | undefined;
  defaultText: string | undefined;
}

export interface FunctionInfo {
  /** "name", "Class.name" or "outer.inner". */
  key: string;
  name: string;
  node: PyNode;
  className: string | undefined;
  params: ParamInfo[];
  /** Web handler kind: its parameters carry request data and its return value is a response. */
  routeKind: RouteKind | undefined;
  /** Parameters that hold a request object (request attributes are sources). */
  requestParams: Set<string>;
}

export interface Frameworks {
  fastapi: boolean;
  flask: boolean;
  django: boolean;
  /** Another web framework with class-based handlers (tornado, falcon, aiohttp, ...). */
  otherWeb: boolean;
}

const OTHER_WEB = [
  "tornado",
  "falcon",
  "aiohttp",
  "pyramid",
  "bottle",
  "sanic",
  "cherrypy",
  "webapp2",
  "flask_restful",
];

const ROUTE_DECORATOR =
  /^@\s*[\w.]+\.(route|get|post|put|delete|patch|head|options|api_route|websocket)\s*\(/;
const HTTP_METHOD_NAMES = new Set(["get", "post", "put", "patch", "delete", "head", "options"]);
const VIEW_BASES = /View|Resource|Handler|Endpoint/;
const NON_DATA_ANNOTATION = /Request|Session|BackgroundTasks|Response|WebSocket|HTTPConnection|Depends/;

/**
 * Per top-level statement: its functions, reused while the statement's node is (an unchanged
 * statement keeps its node across edits) and the frameworks are the same.
 */
const statementFunctions = new WeakMap<PyNode, { frameworks: string; functions: FunctionInfo[] }>();

/** Every function and method of the file, with route detection. */
export function collectFunctions(tree: SyntaxTree, frameworks: Frameworks): FunctionInfo[] {
  const out: FunctionInfo[] = [];
  const key = `${frameworks.fastapi}${frameworks.flask}${frameworks.django}${frameworks.otherWeb}`;
  for (const statement of namedChildren(tree.root)) {
    let known = statementFunctions.get(statement);
    if (known?.frameworks !== key) {
      const functions: FunctionInfo[] = [];
      visitStatement(tree, statement, "", undefined, "", frameworks, functions);
      known = { frameworks: key, functions };
      statementFunctions.set(statement, known);
    }
    out.push(...known.functions);
  }
  return out;
}

function visitStatement(
  tree: SyntaxTree,
  child: PyNode,
  prefix: string,
  className: string | undefined,
  classBases: string,
  frameworks: Frameworks,
  out: FunctionInfo[],
): void {
  const visit = (node: PyNode, prefix: string, className: string | undefined, classBases: string) => {
    for (const child of namedChildren(node))
      visitStatement(tree, child, prefix, className, classBases, frameworks, out);
  };
  let definition = child;
  let decorators: string[] = [];
  if (child.type === "decorated_definition") {
    decorators = namedChildren(child)
      .filter((d) => d.type === "decorator")
      .map((d) => textOf(tree, d));
    definition = field(child, "definition") ?? child;
  }
  if (definition.type === "function_definition") {
    const info = describeFunction(tree, definition, prefix, className, classBases, decorators, frameworks);
    out.push(info);
    const body = field(definition, "body");
    if (body) visit(body, `${info.key}.`, undefined, "");
  } else if (definition.type === "class_definition") {
    const name = textOf(tree, field(definition, "name") ?? definition);
    const bases = field(definition, "superclasses");
    const body = field(definition, "body");
    if (body) visit(body, `${prefix}${name}.`, name, bases ? textOf(tree, bases) : "");
  } else if (definition.named && STATEMENT_BLOCKS.has(definition.type)) {
    // Functions defined inside if/try blocks at module level.
    visit(definition, prefix, className, classBases);
  }
}

const STATEMENT_BLOCKS = new Set([
  "if_statement",
  "try_statement",
  "block",
  "else_clause",
  "elif_clause",
  "except_clause",
  "with_statement",
]);

function describeFunction(
  tree: SyntaxTree,
  node: PyNode,
  prefix: string,
  className: string | undefined,
  classBases: string,
  decorators: string[],
  frameworks: Frameworks,
): FunctionInfo {
  const name = textOf(tree, field(node, "name") ?? node);
  const params: ParamInfo[] = [];
  const paramsNode = field(node, "parameters");
  let index = 0;
  let first = true;
  for (const p of paramsNode ? namedChildren(paramsNode) : []) {
    const described = describeParam(tree, p);
    if (!described) continue;
    const isStatic = decorators.some((d) => /staticmethod/.test(d));
    if (first && className && !isStatic && (described.name === "self" || described.name === "cls")) {
      first = false;
      continue;
    }
    first = false;
    params.push({ ...described, index: index++ });
  }
  let routeKind: RouteKind | undefined;
  if (decorators.some((d) => ROUTE_DECORATOR.test(d))) routeKind = frameworks.fastapi ? "fastapi" : "flask";
  else if (
    decorators.some((d) => /api_view|require_(GET|POST|http_methods)|csrf_exempt|login_required/.test(d)) &&
    params[0]?.name === "request"
  ) {
    routeKind = "django";
  } else if (!className && params[0]?.name === "request" && frameworks.django) routeKind = "django";
  else if (
    className &&
    HTTP_METHOD_NAMES.has(name) &&
    VIEW_BASES.test(classBases) &&
    // tkinter's `class Listbox(Widget, XView)` has `get` and `delete` too: a web import or a
    // `request` parameter tells a web view from a widget.
    (frameworks.flask ||
      frameworks.django ||
      frameworks.fastapi ||
      frameworks.otherWeb ||
      params[0]?.name === "request")
  ) {
    routeKind = params[0]?.name === "request" ? "django" : "flask";
  }
  const requestParams = new Set<string>();
  for (const p of params) {
    if (p.name === "request" || p.name === "req" || /Request\b/.test(p.annotation ?? ""))
      requestParams.add(p.name);
  }
  return { key: `${prefix}${name}`, name, node, className, params, routeKind, requestParams };
}

function describeParam(tree: SyntaxTree, p: PyNode): Omit<ParamInfo, "index"> | undefined {
  const ident = (n: PyNode | undefined) => (n?.type === "identifier" ? textOf(tree, n) : undefined);
  switch (p.type) {
    case "identifier":
      return { name: textOf(tree, p), node: p, annotation: undefined, defaultText: undefined };
    case "typed_parameter": {
      const id = namedChildren(p).find(
        (c) =>
          c.type === "identifier" || c.type === "list_splat_pattern" || c.type === "dictionary_splat_pattern",
      );
      const type = field(p, "type");
      const name =
        id?.type === "identifier" ? textOf(tree, id) : id ? ident(namedChildren(id)[0]) : undefined;
      return name
        ? { name, node: id!, annotation: type ? textOf(tree, type) : undefined, defaultText: undefined }
        : undefined;
    }
    case "default_parameter":
    case "typed_default_parameter": {
      const nameNode = field(p, "name");
      const type = field(p, "type");
      const value = field(p, "value");
      const name = ident(nameNode);
      return name
        ? {
            name,
            node: nameNode!,
            annotation: type ? textOf(tree, type) : undefined,
            defaultText: value ? textOf(tree, value) : undefined,
          }
        : undefined;
    }
    case "list_splat_pattern":
    case "dictionary_splat_pattern": {
      const inner = namedChildren(p)[0];
      const name = ident(inner);
      return name ? { name, node: inner!, annotation: undefined, defaultText: undefined } : undefined;
    }
    default:
      return undefined;
  }
}

/** Route parameters that carry request data (FastAPI dependencies and request objects do not). */
export function isDataParam(fn: FunctionInfo, param: ParamInfo): boolean {
  if (fn.requestParams.has(param.name)) return false;
  if (fn.routeKind === "django" && param.index === 0) return false;
  if (NON_DATA_ANNOTATION.test(param.annotation ?? "")) return false;
  if (/Depends\(/.test(param.defaultText ?? "")) return false;
  return true;
}

export function detectFrameworks(tree: SyntaxTree, imports: Map<string, string>): Frameworks {
  const values = [...imports.values()];
  const has = (prefix: string) => values.some((v) => v === prefix || v.startsWith(`${prefix}.`));
  let django = has("django") || has("rest_framework");
  if (!django) {
    walk(tree.root, (n) => {
      if (n.type === "import_from_statement" && /django/.test(textOf(tree, n))) django = true;
      return n.type === "module" ? undefined : false;
    });
  }
  return {
    fastapi: has("fastapi") || has("starlette"),
    flask: has("flask"),
    django,
    otherWeb: OTHER_WEB.some(has),
  };
}
