import {
  field,
  namedChildren,
  type PyNode,
  STATEMENT_CONTAINERS,
  type SyntaxTree,
  textOf,
  unwrap,
} from "../syntax-tree.js";
import type { ModuleRef } from "./module-resolver.js";

/**
 * What a module-level import binds a name to, keeping the relative level that `imports.ts`
 * drops (`from .db import run` → module "db", level 1, member "run").
 */
export interface ImportBinding extends ModuleRef {
  /** `from m import member`: the imported name (a function, class or submodule of `m`). */
  member?: string;
  /** `import a.b.c` (no alias) binds `a`: the dotted modules imported under it ("a.b.c", "a.b", "a"). */
  submodules?: Set<string>;
}

/** A call target named through an import: the module that should define it and its name there. */
export interface ImportedFunction extends ModuleRef {
  name: string;
}

/** Local name → binding, for every import statement outside functions and classes. */
export function importBindings(tree: SyntaxTree): Map<string, ImportBinding> {
  const bindings = new Map<string, ImportBinding>();
  const visit = (node: PyNode): void => {
    for (const stmt of namedChildren(node)) {
      if (stmt.type === "import_statement") addImport(tree, stmt, bindings);
      else if (stmt.type === "import_from_statement") addFromImport(tree, stmt, bindings);
      else if (
        STATEMENT_CONTAINERS.has(stmt.type) &&
        stmt.type !== "function_definition" &&
        stmt.type !== "class_definition"
      )
        visit(stmt);
    }
  };
  visit(tree.root);
  return bindings;
}

function addImport(tree: SyntaxTree, stmt: PyNode, bindings: Map<string, ImportBinding>): void {
  for (const child of namedChildren(stmt)) {
    if (child.type === "dotted_name") {
      // `import a.b.c` binds `a`; `a.b.c.f()` names the rest.
      const parts = textOf(tree, child).replace(/\s+/g, "").split(".");
      const root = parts[0]!;
      const known = bindings.get(root);
      const submodules =
        known?.member === undefined && known?.submodules ? known.submodules : new Set<string>();
      for (let i = 1; i <= parts.length; i++) submodules.add(parts.slice(0, i).join("."));
      bindings.set(root, { module: root, level: 0, submodules });
    } else if (child.type === "aliased_import") {
      const name = field(child, "name");
      const alias = field(child, "alias");
      if (name && alias) bindings.set(textOf(tree, alias), { module: textOf(tree, name), level: 0 });
    }
  }
}

function addFromImport(tree: SyntaxTree, stmt: PyNode, bindings: Map<string, ImportBinding>): void {
  const moduleNode = field(stmt, "module_name");
  if (!moduleNode) return;
  const raw = textOf(tree, moduleNode).replace(/\s+/g, "");
  const level = raw.length - raw.replace(/^\.+/, "").length;
  const module = raw.slice(level);
  for (const child of stmt.children) {
    if (child === moduleNode || child.field !== "name") continue;
    if (child.type === "dotted_name") {
      const name = textOf(tree, child);
      bindings.set(name, { module, level, member: name });
    } else if (child.type === "aliased_import") {
      const name = field(child, "name");
      const alias = field(child, "alias");
      if (name && alias) bindings.set(textOf(tree, alias), { module, level, member: textOf(tree, name) });
    }
  }
}

/** `u.clean` → ["u", "clean"]; undefined unless the callee is a chain of plain names. */
export function dottedCallee(tree: SyntaxTree, node: PyNode): string[] | undefined {
  const parts: string[] = [];
  let n = unwrap(node);
  while (n.type === "attribute") {
    const attr = field(n, "attribute");
    const object = field(n, "object");
    if (!attr || !object) return undefined;
    parts.unshift(textOf(tree, attr));
    n = unwrap(object);
  }
  if (n.type !== "identifier") return undefined;
  parts.unshift(textOf(tree, n));
  return parts;
}

/** Where the function a dotted callee names should be defined, through the file's imports. */
export function importedFunction(
  bindings: ReadonlyMap<string, ImportBinding>,
  dotted: readonly string[],
): ImportedFunction | undefined {
  const [root, ...rest] = dotted;
  const binding = root === undefined ? undefined : bindings.get(root);
  if (!binding) return undefined;
  const join = (...parts: Array<string | undefined>) => parts.filter((p) => p).join(".");
  // Only modules the file imports by name (what module-dependencies.ts scans for cache keys):
  // `import a` does not make `a.b.f()` a call into a/b.py.
  if (binding.member === undefined) {
    if (rest.length === 0) return undefined;
    const name = rest[rest.length - 1]!;
    const module = join(binding.module, ...rest.slice(0, -1));
    // `import a.b as u; u.f()` / `import a.b; a.b.f()`
    if (binding.submodules ? !binding.submodules.has(module) : rest.length !== 1) return undefined;
    return { module, level: binding.level, name };
  }
  if (rest.length === 0) return { module: binding.module, level: binding.level, name: binding.member };
  // `from pkg import mod; mod.f()`: `mod` is a submodule of pkg.
  if (rest.length !== 1) return undefined;
  const name = rest[0]!;
  return { module: join(binding.module, binding.member), level: binding.level, name };
}
