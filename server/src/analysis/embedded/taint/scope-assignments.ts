import { field, namedChildren, type PyNode, type SyntaxTree, textOf, walk } from "./syntax-tree.js";

/**
 * How many times each name is bound in one scope (function body or module), counting every
 * binding form: assignment targets, augmented assignment, loop targets, `with … as`, `except …
 * as`, walrus, `del`, imports, nested definitions, `global`/`nonlocal`. A name bound exactly
 * once holds the same value wherever it is bound, which is what makes a flow-insensitive
 * constant table sound. Forms other than a plain assignment count twice (never constant).
 */
export function scopeAssignmentCounts(
  tree: SyntaxTree,
  body: PyNode,
  isModule: boolean,
): Map<string, number> {
  // Each round of the file analysis re-runs every function, and the config checks count the
  // module too: the counts depend only on the scope's text, so they are computed once per node
  // (a reused node of an edited file has the same text). Callers get a copy they may extend.
  if (isModule) return new Map(moduleCountsOf(tree, body));
  let counts = bodyCounts.get(body);
  if (!counts) {
    counts = countAssignments(tree, body, false);
    bodyCounts.set(body, counts);
  }
  return new Map(counts);
}

const moduleCounts = new WeakMap<PyNode, Map<string, number>>();
const bodyCounts = new WeakMap<PyNode, Map<string, number>>();
/** Per top-level statement (a module's node is new after every edit; most of its statements are not). */
const statementCounts = new WeakMap<PyNode, Map<string, number>>();

/** The module's counts: the sum of its top-level statements' counts, each counted once per node. */
function moduleCountsOf(tree: SyntaxTree, module: PyNode): Map<string, number> {
  let counts = moduleCounts.get(module);
  if (counts) return counts;
  counts = new Map();
  for (const statement of module.namedKids) {
    let own = statementCounts.get(statement);
    if (!own) {
      own = countAssignments(tree, statement, true, true);
      statementCounts.set(statement, own);
    }
    for (const [name, count] of own) counts.set(name, (counts.get(name) ?? 0) + count);
  }
  moduleCounts.set(module, counts);
  return counts;
}

/** `includeRoot`: `body` is itself a statement to count (a module's top-level statement), not a scope. */
function countAssignments(
  tree: SyntaxTree,
  body: PyNode,
  isModule: boolean,
  includeRoot = false,
): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (name: string, by: number) => counts.set(name, (counts.get(name) ?? 0) + by);
  const targets = (node: PyNode | undefined, by: number) => {
    if (!node) return;
    walk(node, (n) => {
      if (n.type === "identifier") bump(textOf(tree, n), by);
      // `a.b = …` / `a[i] = …` rebind nothing; their inner names are reads.
      return n.type !== "attribute" && n.type !== "subscript";
    });
  };
  walk(body, (n) => {
    if (n === body && !includeRoot) return true;
    switch (n.type) {
      case "function_definition":
      case "class_definition": {
        const name = field(n, "name");
        if (name) bump(textOf(tree, name), 2);
        // A function's `global X` rebinding makes the module's X non-constant.
        if (isModule)
          walk(n, (inner) => {
            if (inner.type === "global_statement")
              for (const id of namedChildren(inner)) bump(textOf(tree, id), 2);
            return true;
          });
        return false;
      }
      case "lambda":
        return false;
      case "assignment":
        targets(field(n, "left"), 1);
        return true;
      case "augmented_assignment":
      case "for_statement":
      case "for_in_clause":
        targets(field(n, "left"), 2);
        return true;
      case "named_expression":
        targets(field(n, "name"), 2);
        return true;
      case "as_pattern":
        targets(field(n, "alias"), 2);
        return true;
      case "case_pattern":
        targets(n, 2);
        return true;
      case "delete_statement":
      case "global_statement":
      case "nonlocal_statement":
        targets(n, 2);
        return false;
      case "import_statement":
      case "import_from_statement":
      case "future_import_statement":
        for (const child of namedChildren(n)) {
          if (child.field === "module_name") continue;
          const alias = child.type === "aliased_import" ? field(child, "alias") : child;
          const first = alias?.type === "dotted_name" ? namedChildren(alias)[0] : alias;
          if (first) bump(textOf(tree, first), 2);
        }
        return false;
      default:
        return true;
    }
  });
  return counts;
}
