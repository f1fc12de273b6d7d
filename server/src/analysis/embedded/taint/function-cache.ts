import { ROWS } from "./file-stamp.js";
import type { FunctionSummary, RawFinding } from "./flow-context.js";
import type { FunctionInfo } from "./function-catalog.js";
import { isSyntaxNode, keepEqual } from "./round-reuse.js";
import type { PyNode, SyntaxTree } from "./syntax-tree.js";

/** What the analysis of one function produced, and the callee summaries it depended on. */
interface CachedFunction {
  summary: FunctionSummary;
  findings: RawFinding[];
  /** Callee summaries read (by reference): reuse only while they are the very same objects. */
  reads: Array<[string, FunctionSummary | undefined]>;
}

interface Entry extends CachedFunction {
  /** Row of the function's first line when it was analyzed. */
  startRow: number;
  /** The function's text (compared on lookup; not part of the map key, which stays short to hash). */
  text: string;
  /** Its definition node: the same node (reused by the syntax tree) means the same text. */
  node: PyNode;
  /** Every range in the summary and findings lies within the function's own rows. */
  selfContained: boolean;
}

/**
 * Per-function flow results of the previous analysis of one file, reused across edits. Most
 * edits touch one function: the others keep their text and callee summaries, so their summary
 * and findings are the same. Anything else a function reads (imports, module globals, the
 * function catalog, module-level code) is covered by the file "stamp": when it changes, nothing
 * is reused. An edit that adds or removes lines moves the functions after it: when only rows
 * changed (the stamp without rows is the same), a function whose results point only into its own
 * rows is reused with its ranges moved; one whose results point elsewhere (a global, a callee)
 * is analyzed again, since those places may have moved differently.
 */
export class FunctionResultCache {
  private stamp = "";
  private entries = new Map<string, Entry>();
  private next = new Map<string, Entry>();
  /** Only rows changed since the last analysis: exact reuse needs the same row too. */
  private rowsMoved = false;
  /** Summaries of the last analysis → their moved copies in this one (callers' reads accept both). */
  private moved = new Map<FunctionSummary, FunctionSummary>();
  /**
   * Round-0 summaries of the last analysis by function, also of functions not stored (they read a
   * summary ahead of its round): a re-analyzed function whose summary comes out equal keeps the
   * old object (`stable`), so that its callers' recorded reads still match.
   */
  private summaries = new Map<string, FunctionSummary>();
  private nextSummaries = new Map<string, FunctionSummary>();
  /** Functions reused in the last analysis (observability for tests and benchmarks). */
  reused = 0;
  /** Of those, reused with their ranges moved to new rows. */
  reusedMoved = 0;

  /** Start an analysis: drop everything when the file context changed beyond its rows. */
  begin(stamp: string): void {
    if (stamp !== this.stamp) {
      const rowFree = (s: string) => s.slice(0, Math.max(0, s.lastIndexOf(ROWS)));
      this.rowsMoved = rowFree(stamp) === rowFree(this.stamp) && this.stamp !== "";
      if (!this.rowsMoved) this.entries.clear();
    } else this.rowsMoved = false;
    this.stamp = stamp;
    this.next = new Map();
    this.nextSummaries = new Map();
    this.moved = new Map();
    this.reused = 0;
    this.reusedMoved = 0;
  }

  /** Keep only the entries of this analysis (stale versions of edited functions go away). */
  end(): void {
    this.entries = this.next;
    this.next = new Map();
    this.summaries = this.nextSummaries;
    this.nextSummaries = new Map();
    this.moved = new Map();
  }

  /** Forget the results of this analysis (it needed extra rounds: recursion). */
  abandon(): void {
    this.entries.clear();
    this.next = new Map();
    this.summaries.clear();
    this.nextSummaries = new Map();
    this.moved = new Map();
    this.stamp = "";
  }

  lookup(
    tree: SyntaxTree,
    fn: FunctionInfo,
    summaries: Map<string, FunctionSummary>,
  ): CachedFunction | undefined {
    const key = functionKey(fn);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const text = functionText(tree, fn);
    // The same node (the syntax tree reuses an unchanged statement's nodes) has the same text.
    if (entry.node !== fn.node && entry.text !== text) return undefined;
    // Same content, but a slice of the current text: entries never pin older versions' texts.
    entry.text = text;
    entry.node = fn.node;
    const delta = fn.node.startRow - entry.startRow;
    const exact = delta === 0 && !this.rowsMoved;
    if (!exact && !entry.selfContained) return undefined;
    let sameReads = true;
    for (const [callee, summary] of entry.reads) {
      const now = summaries.get(callee);
      if (now === summary) continue;
      // No current summary under that key (another module's function: never matched) is a miss.
      if (summary === undefined || now === undefined || this.moved.get(summary) !== now) return undefined;
      sameReads = false;
    }
    const reused: Entry =
      delta === 0
        ? sameReads
          ? entry
          : { ...entry, reads: entry.reads.map(([callee]) => [callee, summaries.get(callee)]) }
        : {
            summary: shiftRows(entry.summary, delta),
            findings: shiftRows(entry.findings, delta),
            reads: entry.reads.map(([callee]) => [callee, summaries.get(callee)]),
            startRow: fn.node.startRow,
            node: fn.node,
            text,
            selfContained: true,
          };
    if (reused.summary !== entry.summary) this.moved.set(entry.summary, reused.summary);
    this.next.set(key, reused);
    this.nextSummaries.set(key, reused.summary);
    this.reused++;
    if (delta !== 0) this.reusedMoved++;
    return reused;
  }

  /**
   * The summary of a re-analyzed function: its previous object when equal as data (callers only
   * read its content, and compare by identity to know it did not change), else `summary`.
   */
  stable(fn: FunctionInfo, summary: FunctionSummary): FunctionSummary {
    const key = functionKey(fn);
    const before = this.summaries.get(key);
    const kept = keepEqual(before, summary);
    this.nextSummaries.set(key, kept);
    return kept;
  }

  store(tree: SyntaxTree, fn: FunctionInfo, entry: CachedFunction): void {
    // A read of a summary not computed yet (recursion) depends on the round: not cached.
    if (entry.reads.some(([, summary]) => summary === undefined)) return;
    const { startRow, endRow } = fn.node;
    const selfContained =
      rangesWithin(entry.summary, startRow, endRow) && rangesWithin(entry.findings, startRow, endRow);
    this.next.set(functionKey(fn), {
      ...entry,
      startRow,
      node: fn.node,
      text: functionText(tree, fn),
      selfContained,
    });
  }
}

/**
 * The function's identity; its row is not part of it (see `Entry.startRow`), nor its text (see
 * `Entry.text`: hashing a key that embeds the text would copy every function's text per analysis).
 */
function functionKey(fn: FunctionInfo): string {
  // Catalog entries are reused across edits: so is their key, with its hash computed once.
  let key = functionKeys.get(fn);
  if (key === undefined) {
    key = `${fn.key}\0${fn.node.startCol}`;
    functionKeys.set(fn, key);
  }
  return key;
}

const functionKeys = new WeakMap<FunctionInfo, string>();

function functionText(tree: SyntaxTree, fn: FunctionInfo): string {
  return tree.text.slice(fn.node.start, fn.node.end);
}

interface Position {
  line: number;
  character: number;
}

function isPosition(value: unknown): value is Position {
  return typeof value === "object" && value !== null && typeof (value as Position).line === "number";
}

/** Whether every `{line, character}` position inside `value` (plain data) lies in [first, last]. */
function rangesWithin(value: unknown, first: number, last: number): boolean {
  if (typeof value !== "object" || value === null || isSyntaxNode(value)) return true;
  if (isPosition(value) && "character" in value) return value.line >= first && value.line <= last;
  const children =
    value instanceof Map
      ? [...value.values()]
      : value instanceof Set
        ? [...value]
        : Array.isArray(value)
          ? value
          : Object.values(value);
  return children.every((child) => rangesWithin(child, first, last));
}

/**
 * A copy of `value` (plain data: summaries, findings) with every position moved by `delta` rows.
 * Objects shared inside it stay shared in the copy.
 */
function shiftRows<T>(value: T, delta: number, copies = new Map<object, unknown>()): T {
  if (typeof value !== "object" || value === null || isSyntaxNode(value)) return value;
  const known = copies.get(value);
  if (known !== undefined) return known as T;
  let copy: unknown;
  if (Array.isArray(value)) {
    copy = value.length === 0 ? value : value.map((item) => shiftRows(item, delta, copies));
  } else if (isPosition(value) && "character" in value) {
    copy = { ...value, line: value.line + delta };
  } else if (value instanceof Map) {
    // Summaries hold maps (a method's writes to `self.<attr>`): keep them maps.
    copy = new Map([...value].map(([key, child]) => [key, shiftRows(child, delta, copies)]));
  } else if (value instanceof Set) {
    copy = new Set([...value].map((child) => shiftRows(child, delta, copies)));
  } else {
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(value)) out[name] = shiftRows(child, delta, copies);
    copy = out;
  }
  copies.set(value, copy);
  return copy as T;
}
