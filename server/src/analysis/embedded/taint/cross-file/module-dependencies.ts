import type { ModuleReader } from "./module-reader.js";
import type { ModuleRef, ModuleResolver } from "./module-resolver.js";

/**
 * Modules a file may import, found by a plain text scan (no parser: `seclsp check` computes
 * cache keys in its main thread, which never loads the wasm parser on a cached run). It finds
 * every module the analysis can use (see `importedFunction`) and possibly more — imports inside
 * strings or functions — which only costs a needless re-analysis when such a file changes.
 */
export function scanImports(text: string): ModuleRef[] {
  const refs: ModuleRef[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    // Only lines naming "import" (the editor calls this on every change of a document).
    if (!lines[i]!.includes("import")) continue;
    let statement = lines[i]!;
    // `from x \` on the lines before; continuations and an open parenthesis' lines after.
    for (let j = i - 1; j >= 0 && j > i - MAX_JOINED && lines[j]!.endsWith("\\"); j--)
      statement = `${lines[j]!.slice(0, -1)} ${statement}`;
    let k = i;
    while (k + 1 < lines.length && k - i < MAX_JOINED && statement.endsWith("\\"))
      statement = `${statement.slice(0, -1)} ${lines[++k]!}`;
    if (statement.includes("(") && !statement.includes(")")) {
      while (k + 1 < lines.length && k - i < MAX_JOINED && !lines[k]!.includes(")"))
        statement = `${statement} ${lines[++k]!}`;
    }
    for (const part of statement.split(";")) scanStatement(part, refs);
    i = k;
  }
  return refs;
}

/** Lines joined into one statement at most (a hostile file cannot make the scan quadratic). */
const MAX_JOINED = 200;

function scanStatement(statement: string, refs: ModuleRef[]): void {
  const from = /^\s*from\s+(\.*)\s*([\w.]*)\s+import\s+\(?([^)#]*)/.exec(statement);
  if (from) {
    const level = from[1]!.length;
    const module = from[2]!.replace(/\.$/, "");
    refs.push({ module, level });
    for (const part of from[3]!.split(",")) {
      const name = /^\s*(\w+)/.exec(part)?.[1];
      if (name) refs.push({ module: module ? `${module}.${name}` : name, level });
    }
    return;
  }
  const plain = /^\s*import\s+([^#]+)/.exec(statement);
  if (!plain) return;
  for (const part of plain[1]!.split(",")) {
    const dotted = /^\s*([\w.]+)/.exec(part)?.[1];
    if (!dotted) continue;
    const parts = dotted.split(".");
    for (let i = 1; i <= parts.length; i++) refs.push({ module: parts.slice(0, i).join("."), level: 0 });
  }
}

/**
 * The workspace modules whose summaries the analysis of `path` may use, to `maxDepth` import
 * hops, as (real path → content hash): what a result cache key must include so that editing
 * `util.py` invalidates the cached results of the files importing it.
 */
export function moduleDependencies(
  path: string,
  text: string,
  resolver: ModuleResolver,
  read: ModuleReader,
  maxDepth = 3,
  /** Imported modules per (path, hash), shared across calls: each module is scanned once. */
  edges?: Map<string, string[]>,
): Map<string, string> {
  const found = new Map<string, string>();
  let frontier: Array<{ path: string; text: string }> = [{ path, text }];
  for (let hop = 0; hop < maxDepth && frontier.length > 0; hop++) {
    const next: Array<{ path: string; text: string }> = [];
    for (const file of frontier) {
      const edgeKey = hop === 0 ? undefined : `${file.path}\0${found.get(file.path)}`;
      let targets = edgeKey ? edges?.get(edgeKey) : undefined;
      if (!targets) {
        targets = [];
        for (const ref of scanImports(file.text)) {
          const module = resolver.resolve(file.path, ref);
          if (module) targets.push(module);
        }
        if (edgeKey) edges?.set(edgeKey, targets);
      }
      for (const module of targets) {
        if (found.has(module)) continue;
        const source = read(module);
        if (!source) continue;
        found.set(module, source.hash);
        next.push({ path: module, text: source.text });
      }
    }
    frontier = next;
  }
  return found;
}
