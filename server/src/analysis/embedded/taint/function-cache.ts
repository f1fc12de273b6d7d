import type { ThreatModel } from "../../analyzer.js";
import type { FunctionSummary, RawFinding } from "./flow-context.js";
import type { FunctionInfo } from "./function-catalog.js";
import type { ImportMap } from "./imports.js";
import { field, type SyntaxTree } from "./syntax-tree.js";

/** What the analysis of one function produced, and the callee summaries it depended on. */
interface CachedFunction {
  summary: FunctionSummary;
  findings: RawFinding[];
  /** Callee summaries read (by reference): reuse only while they are the very same objects. */
  reads: Array<[string, FunctionSummary | undefined]>;
}

/**
 * Per-function flow results of the previous analysis of one file, reused across edits. Most
 * edits touch one function: the others keep their text, position and callee summaries, so
 * their summary and findings are the same. Anything else a function reads (imports, module
 * globals, the function catalog, rows of module-level code) is covered by the file "stamp": when
 * it changes, nothing is reused. Entries hold ranges, so a function is reused only at the same
 * row and column (an edit that adds or removes lines changes the stamp of what follows it).
 */
export class FunctionResultCache {
  private stamp = "";
  private entries = new Map<string, CachedFunction>();
  private next = new Map<string, CachedFunction>();
  /** Functions reused in the last analysis (observability for tests and benchmarks). */
  reused = 0;

  /** Start an analysis: drop everything when the file context changed. */
  begin(stamp: string): void {
    if (stamp !== this.stamp) this.entries.clear();
    this.stamp = stamp;
    this.next = new Map();
    this.reused = 0;
  }

  /** Keep only the entries of this analysis (stale versions of edited functions go away). */
  end(): void {
    this.entries = this.next;
    this.next = new Map();
  }

  /** Forget the results of this analysis (it needed extra rounds: recursion). */
  abandon(): void {
    this.entries.clear();
    this.next = new Map();
    this.stamp = "";
  }

  lookup(
    tree: SyntaxTree,
    fn: FunctionInfo,
    summaries: Map<string, FunctionSummary>,
  ): CachedFunction | undefined {
    const key = functionKey(tree, fn);
    const entry = this.entries.get(key);
    if (!entry?.reads.every(([callee, summary]) => summaries.get(callee) === summary)) return undefined;
    this.next.set(key, entry);
    this.reused++;
    return entry;
  }

  store(tree: SyntaxTree, fn: FunctionInfo, entry: CachedFunction): void {
    // A read of a summary not computed yet (recursion) depends on the round: not cached.
    if (entry.reads.some(([, summary]) => summary === undefined)) return;
    this.next.set(functionKey(tree, fn), entry);
  }
}

function functionKey(tree: SyntaxTree, fn: FunctionInfo): string {
  const n = fn.node;
  return `${fn.key}\0${n.startRow}\0${n.startCol}\0${tree.text.slice(n.start, n.end)}`;
}

/**
 * Everything outside function bodies that a function's analysis can depend on: the threat
 * model, imports, the function catalog (names, parameters, routes), and the module-level text
 * with its rows (module globals carry ranges). Function bodies are replaced by their row span.
 */
export function fileStamp(
  tree: SyntaxTree,
  threatModel: ThreatModel,
  imports: ImportMap,
  functions: FunctionInfo[],
): string {
  const bodies = functions
    .map((fn) => field(fn.node, "body"))
    .filter((b) => b !== undefined)
    .sort((a, b) => a.start - b.start);
  const parts: string[] = [threatModel, JSON.stringify([...imports])];
  for (const fn of functions) {
    parts.push(
      JSON.stringify([
        fn.key,
        fn.node.startRow,
        fn.node.startCol,
        fn.className,
        fn.routeKind,
        [...fn.requestParams],
        fn.params.map((p) => [
          p.name,
          p.index,
          p.annotation,
          p.defaultText,
          p.node.startRow,
          p.node.startCol,
        ]),
      ]),
    );
  }
  let at = 0;
  for (const body of bodies) {
    if (body.start < at) continue; // nested in a body already replaced
    parts.push(tree.text.slice(at, body.start), `\0${body.startRow}:${body.endRow}\0`);
    at = body.end;
  }
  parts.push(tree.text.slice(at));
  return parts.join("\n");
}
