import { sameData as samePlainData } from "../../same-data.js";
import type { FileContext, FunctionSummary, RawFinding } from "./flow-context.js";
import type { FunctionInfo } from "./function-catalog.js";

/** Replaying is on except in equivalence tests (a replay must equal a fresh analysis). */
let replayEnabled = true;

export function setRoundReplay(enabled: boolean): void {
  replayEnabled = enabled;
}

/** One function's analysis: its results and the callee summaries it read. */
export interface RecordedAnalysis {
  summary: FunctionSummary;
  findings: RawFinding[];
  /** Callee summaries read (by reference), in order. */
  reads: Array<[string, FunctionSummary | undefined]>;
  /** The analysis read a summary not computed yet in its round (see `FileContext.usedStaleSummary`). */
  stale: boolean;
}

/** Analyze `fn` through `run`, recording what it read, what it found and whether it read ahead. */
export function recordAnalysis(ctx: FileContext, run: () => FunctionSummary): RecordedAnalysis {
  const firstFinding = ctx.findings.length;
  const staleBefore = ctx.usedStaleSummary;
  ctx.usedStaleSummary = false;
  const reads: Array<[string, FunctionSummary | undefined]> = [];
  ctx.summaryReads = reads;
  try {
    const summary = run();
    const stale = ctx.usedStaleSummary;
    return { summary, findings: ctx.findings.slice(firstFinding), reads, stale };
  } finally {
    ctx.summaryReads = undefined;
    ctx.usedStaleSummary ||= staleBefore;
  }
}

/**
 * The rounds of one file's analysis (recursion, calls to functions analyzed later) repeat every
 * function, but most functions read nothing that changed since the previous round. A function is
 * analyzed again only when a summary it read is no longer the very same object, or the module
 * globals differ from those it saw; otherwise its recorded results are replayed. The analysis is
 * deterministic in those inputs, so the replay equals a fresh run. To keep identities meaningful,
 * a re-analyzed function whose summary comes out equal (as data) keeps its previous summary
 * object. Reads of other modules' summaries (keys not in the file) are fixed for the whole
 * analysis: the cross-file lookup resolves a callee once per analysis.
 */
export class RoundReuse {
  /** By function (not key: a class may define a method twice, in two branches of an `if`). */
  private readonly records = new Map<FunctionInfo, RecordedAnalysis & { globals: number }>();
  /** Version of the module globals the functions of this round see. */
  private globals = 0;
  private lastGlobals: unknown[] | undefined;
  /** Functions replayed so far (tests and benchmarks). */
  replayed = 0;

  /** After the module body's pre-pass of a round: note whether the globals changed. */
  beginRound(ctx: FileContext): void {
    const now = [ctx.globals, ctx.globalTags, ctx.globalConstants, ctx.globalValues, ctx.globalNames];
    const snapshot = now.map(copyShallow);
    if (!this.lastGlobals || !sameData(this.lastGlobals, snapshot)) this.globals++;
    this.lastGlobals = snapshot;
  }

  /** The function's result in this round: replayed when nothing it read changed, else `analyze()`. */
  analyze(ctx: FileContext, fn: FunctionInfo, analyze: () => RecordedAnalysis): FunctionSummary {
    const previous = this.records.get(fn);
    if (
      replayEnabled &&
      previous &&
      previous.globals === this.globals &&
      unchangedReads(ctx, previous.reads)
    ) {
      ctx.findings.push(...previous.findings);
      if (previous.stale) ctx.usedStaleSummary = true;
      this.replayed++;
      return previous.summary;
    }
    const fresh = analyze();
    fresh.summary = keepEqual(previous?.summary, fresh.summary);
    this.records.set(fn, { ...fresh, globals: this.globals });
    return fresh.summary;
  }
}

function unchangedReads(ctx: FileContext, reads: Array<[string, FunctionSummary | undefined]>): boolean {
  for (const [key, summary] of reads) {
    if (!ctx.functions.has(key)) continue; // another module's function: fixed for this analysis
    if (ctx.summaries.get(key) !== summary) return false;
  }
  return true;
}

/** The maps and sets are filled in place round after round: compare copies. */
function copyShallow(value: Map<unknown, unknown> | Set<unknown>): unknown {
  return value instanceof Map ? new Map(value) : new Set(value);
}

/**
 * `now`, or `before` when the two are equal as data: callers recorded `before` and compare by
 * identity to know nothing changed (across rounds here, across edits in the function cache).
 */
export function keepEqual<T>(before: T | undefined, now: T): T {
  return before !== undefined && sameData(before, now) ? before : now;
}

/** Deep equality of analysis data (see same-data.ts); syntax nodes compare by identity. */
export function sameData(a: unknown, b: unknown): boolean {
  return samePlainData(a, b, isSyntaxNode);
}

/**
 * A syntax node carried along in analysis data (a sink use keeps its node; only its flags are read
 * by callers): opaque — neither walked (it links to the whole tree) nor copied.
 */
export function isSyntaxNode(value: object): boolean {
  return "namedKids" in value && "parent" in value;
}
