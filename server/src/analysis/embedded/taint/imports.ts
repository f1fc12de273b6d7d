import {
  field,
  namedChildren,
  type PyNode,
  STATEMENT_CONTAINERS,
  type SyntaxTree,
  textOf,
  unwrap,
  walk,
} from "./syntax-tree.js";

/** Local name → fully qualified name, from every import in the file ("ET" → "xml.etree.ElementTree"). */
export type ImportMap = Map<string, string>;

/** Module aliases that behave the same for our models. */
const CANONICAL: Record<string, string> = {
  "xml.etree.cElementTree": "xml.etree.ElementTree",
  cPickle: "pickle",
  _pickle: "pickle",
  urllib2: "urllib.request",
  "six.moves.urllib.request": "urllib.request",
  "six.moves.urllib.parse": "urllib.parse",
  "markupsafe.Markup": "flask.Markup",
  "markupsafe.escape": "flask.escape",
  "werkzeug.utils.secure_filename": "werkzeug.secure_filename",
  "werkzeug.utils.redirect": "flask.redirect",
  "django.shortcuts.redirect": "django.redirect",
  "django.http.response.HttpResponseRedirect": "django.http.HttpResponseRedirect",
  "django.http.response.HttpResponse": "django.http.HttpResponse",
  "starlette.responses.RedirectResponse": "fastapi.responses.RedirectResponse",
  "starlette.responses.HTMLResponse": "fastapi.responses.HTMLResponse",
  "fastapi.RedirectResponse": "fastapi.responses.RedirectResponse",
};

const CANONICAL_ENTRIES = Object.entries(CANONICAL);
const CANONICAL_ROOTS = new Set(CANONICAL_ENTRIES.map(([from]) => from.split(".")[0]!));

export function canonicalName(qualified: string): string {
  const dot = qualified.indexOf(".");
  if (!CANONICAL_ROOTS.has(dot === -1 ? qualified : qualified.slice(0, dot))) return qualified;
  for (const [from, to] of CANONICAL_ENTRIES) {
    if (qualified === from || qualified.startsWith(`${from}.`)) return to + qualified.slice(from.length);
  }
  return qualified;
}

export function collectImports(tree: SyntaxTree): ImportMap {
  const imports: ImportMap = new Map();
  for (const stmt of tree.root.namedKids) {
    for (const [local, qualified] of importsIn(tree, stmt)) imports.set(local, qualified);
  }
  return imports;
}

/** Imports of one top-level statement, in order; memoized per unchanged (reused) node. */
const importsMemo = new WeakMap<PyNode, Array<[string, string]>>();

function importsIn(tree: SyntaxTree, stmt: PyNode): Array<[string, string]> {
  const memo = importsMemo.get(stmt);
  if (memo) return memo;
  const found: Array<[string, string]> = [];
  const imports = { set: (local: string, qualified: string) => found.push([local, qualified]) };
  walk(stmt, (node) => {
    if (node.type === "import_statement") {
      for (const child of namedChildren(node)) {
        if (child.type === "dotted_name") {
          const name = textOf(tree, child);
          const root = name.split(".")[0]!;
          imports.set(root, canonicalName(root));
        } else if (child.type === "aliased_import") {
          addAliased(tree, imports, child, "");
        }
      }
      return false;
    }
    if (node.type === "import_from_statement") {
      const moduleNode = field(node, "module_name");
      const moduleName = moduleNode ? textOf(tree, moduleNode).replace(/^\.+/, "") : "";
      for (const child of node.children) {
        if (child === moduleNode || child.field !== "name") continue;
        if (child.type === "dotted_name") {
          const name = textOf(tree, child);
          imports.set(name, canonicalName(moduleName ? `${moduleName}.${name}` : name));
        } else if (child.type === "aliased_import") {
          addAliased(tree, imports, child, moduleName);
        }
      }
      return false;
    }
    // Imports are statements: skip expressions.
    return STATEMENT_CONTAINERS.has(node.type) ? undefined : false;
  });
  importsMemo.set(stmt, found);
  return found;
}

function addAliased(
  tree: SyntaxTree,
  imports: { set(local: string, qualified: string): unknown },
  node: PyNode,
  moduleName: string,
): void {
  const name = field(node, "name");
  const alias = field(node, "alias");
  if (!name || !alias) return;
  const full = moduleName ? `${moduleName}.${textOf(tree, name)}` : textOf(tree, name);
  imports.set(textOf(tree, alias), canonicalName(full));
}

/** `ET.parse` → "xml.etree.ElementTree.parse": a name or dotted attribute resolved through the imports. */
export function qualifiedName(
  tree: SyntaxTree,
  imports: ImportMap,
  node: PyNode | undefined,
): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === "identifier") {
    const name = textOf(tree, n);
    return imports.get(name) ?? name;
  }
  if (n.type === "attribute") {
    const base = qualifiedName(tree, imports, field(n, "object"));
    const attr = field(n, "attribute");
    return base && attr ? `${base}.${textOf(tree, attr)}` : undefined;
  }
  return undefined;
}
