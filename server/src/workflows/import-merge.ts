import type { ImportBinding, OutlineItem } from "./python-outline.js";

/**
 * Imports of a model's reply against the document's: which bindings are new (they go, one line
 * per module, at the end of the document's import block) and where that block ends.
 */

/** Import lines for the reply's bindings the document does not import at module level. */
export function missingImportLines(documentItems: OutlineItem[], replyItems: OutlineItem[]): string[] {
  const known = new Set(importBindings(documentItems).map((b) => b.canonical));
  // Plain imports as they are; `from` bindings grouped per module at their first position.
  const entries: Array<string | { fromModule: string; clauses: string[] }> = [];
  const fromGroups = new Map<string, { fromModule: string; clauses: string[] }>();
  for (const binding of importBindings(replyItems)) {
    if (known.has(binding.canonical)) continue;
    known.add(binding.canonical);
    if (binding.fromModule === undefined) {
      entries.push(binding.canonical);
      continue;
    }
    const group = fromGroups.get(binding.fromModule);
    if (group) group.clauses.push(binding.clause);
    else {
      const created = { fromModule: binding.fromModule, clauses: [binding.clause] };
      fromGroups.set(binding.fromModule, created);
      entries.push(created);
    }
  }
  return entries.map((entry) =>
    typeof entry === "string" ? entry : `from ${entry.fromModule} import ${entry.clauses.join(", ")}`,
  );
}

export function importBindings(items: OutlineItem[]): ImportBinding[] {
  return items.flatMap((item) => item.imports ?? []);
}

/**
 * Where new imports go: after the last import before the first definition (the import block,
 * possibly mixed with constants), else after the docstring, else before the first statement.
 */
export type ImportAnchor =
  | { after: OutlineItem; kind: "import" | "docstring" }
  | { before: OutlineItem }
  | { atEnd: true };

export function importAnchor(items: OutlineItem[]): ImportAnchor {
  let lastImport: OutlineItem | undefined;
  for (const item of items) {
    if (item.kind === "import") lastImport = item;
    else if (item.kind === "function" || item.kind === "class") break;
  }
  if (lastImport) return { after: lastImport, kind: "import" };
  const first = items[0];
  if (first?.key === "docstring") return { after: first, kind: "docstring" };
  return first ? { before: first } : { atEnd: true };
}

/**
 * Document imports the reply dropped that nothing uses any more: only these may be removed
 * when the reply is the whole file (an import the code still needs always stays).
 */
export function droppedUnusedImports(
  documentItems: OutlineItem[],
  replyItems: OutlineItem[],
  usedNames: Set<string>,
): OutlineItem[] {
  const kept = new Set(importBindings(replyItems).map((b) => b.canonical));
  return documentItems.filter(
    (item) =>
      item.kind === "import" &&
      (item.imports?.length ?? 0) > 0 &&
      item.imports?.every(
        (b) => !kept.has(b.canonical) && b.bound !== "*" && !b.fromModule?.startsWith("__future__"),
      ) &&
      item.imports.every((b) => !usedNames.has(b.bound)),
  );
}
