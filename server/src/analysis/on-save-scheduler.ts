import { createHash } from "node:crypto";
import { diffLines } from "diff";
import type { Finding, FlowStep, Range } from "./finding.js";

/**
 * Background analysis on save, one run per document at a time (plain TS; the LSP wires it).
 * A newer save of the same document aborts the older run (its process tree is killed through
 * the AbortSignal); identical text is answered from a content-hash cache; results come with
 * the text they were computed on so the caller can `reconcileFindings` with the current buffer.
 */

export type RunAnalysis = (uri: string, text: string, signal: AbortSignal) => Promise<Finding[]>;

export type ScheduleOutcome =
  | { status: "done"; findings: Finding[]; forVersion: number; analyzedText: string; cached: boolean }
  | { status: "cancelled"; reason: "superseded" | "cancelled" | "disposed" }
  | { status: "failed"; error: Error; forVersion: number };

interface Job {
  hash: string;
  controller: AbortController;
  promise: Promise<ScheduleOutcome>;
  cancelReason?: "superseded" | "cancelled" | "disposed";
}

export class OnSaveScheduler {
  private readonly running = new Map<string, Job>();
  private readonly cache = new Map<string, Finding[]>();
  private disposed = false;

  constructor(
    private readonly run: RunAnalysis,
    private readonly options: { cacheEntries?: number } = {},
  ) {}

  /**
   * Analyze `text` (document version `version`) in the background. Never rejects.
   * `contextKey` names anything else the result depends on (e.g. other files analyzed along).
   */
  schedule(uri: string, text: string, version: number, contextKey = ""): Promise<ScheduleOutcome> {
    if (this.disposed) return Promise.resolve({ status: "cancelled", reason: "disposed" });
    const hash = contentHash(uri, text, contextKey);
    const cached = this.cache.get(hash);
    if (cached) {
      this.cancel(uri, "superseded");
      this.touch(hash, cached);
      return Promise.resolve({
        status: "done",
        findings: cached,
        forVersion: version,
        analyzedText: text,
        cached: true,
      });
    }
    const current = this.running.get(uri);
    if (current && current.hash === hash && !current.controller.signal.aborted) {
      // Re-saving the same text joins the running analysis instead of restarting it.
      return current.promise.then((outcome) =>
        outcome.status === "cancelled" ? outcome : { ...outcome, forVersion: version },
      );
    }
    this.cancel(uri, "superseded");
    const controller = new AbortController();
    const job: Job = {
      hash,
      controller,
      promise: Promise.resolve({ status: "cancelled", reason: "cancelled" }),
    };
    job.promise = this.execute(uri, text, version, job);
    this.running.set(uri, job);
    return job.promise;
  }

  /** Abort the running analysis of `uri`, if any (e.g. the document was closed). */
  cancel(uri: string, reason: "superseded" | "cancelled" | "disposed" = "cancelled"): void {
    const job = this.running.get(uri);
    if (!job) return;
    job.cancelReason = reason;
    job.controller.abort();
    this.running.delete(uri);
  }

  isRunning(uri: string): boolean {
    return this.running.has(uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const uri of [...this.running.keys()]) this.cancel(uri, "disposed");
  }

  private async execute(uri: string, text: string, version: number, job: Job): Promise<ScheduleOutcome> {
    // Let the caller's synchronous code (and a superseding schedule) run before spawning.
    await Promise.resolve();
    try {
      if (job.controller.signal.aborted)
        return { status: "cancelled", reason: job.cancelReason ?? "cancelled" };
      // Race the abort so a run that ignores its signal cannot hold the outcome back.
      const findings = await Promise.race([
        this.run(uri, text, job.controller.signal),
        whenAborted(job.controller.signal),
      ]);
      // A run that ignored the signal still must not report stale results.
      if (job.controller.signal.aborted)
        return { status: "cancelled", reason: job.cancelReason ?? "cancelled" };
      this.touch(job.hash, findings);
      return { status: "done", findings, forVersion: version, analyzedText: text, cached: false };
    } catch (error) {
      if (job.controller.signal.aborted)
        return { status: "cancelled", reason: job.cancelReason ?? "cancelled" };
      return {
        status: "failed",
        error: error instanceof Error ? error : new Error(String(error)),
        forVersion: version,
      };
    } finally {
      if (this.running.get(uri) === job) this.running.delete(uri);
    }
  }

  /** Insert or refresh a cache entry (Map order = least recently used first). */
  private touch(hash: string, findings: Finding[]): void {
    this.cache.delete(hash);
    this.cache.set(hash, findings);
    const limit = this.options.cacheEntries ?? 256;
    while (this.cache.size > limit) this.cache.delete(this.cache.keys().next().value!);
  }
}

/** Never resolves; rejects when the signal aborts. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

function contentHash(uri: string, text: string, contextKey: string): string {
  return createHash("sha256").update(`${uri}\0${contextKey}\0`).update(text).digest("hex");
}

/**
 * Findings computed on `analyzedText`, moved to where their lines are in `currentText`.
 * A finding whose own lines were edited (or deleted) is dropped — never shown on the wrong
 * line. Flow steps in the same file on edited lines are dropped; the finding stays.
 */
export function reconcileFindings(findings: Finding[], analyzedText: string, currentText: string): Finding[] {
  if (analyzedText === currentText) return findings;
  const lineMap = mapUnchangedLines(analyzedText, currentText);
  const out: Finding[] = [];
  for (const finding of findings) {
    const range = shiftRange(finding.range, lineMap);
    if (!range) continue;
    const moved: Finding = { ...finding, range };
    if (finding.flow) {
      const flow = finding.flow
        .map((step): FlowStep | undefined => {
          if (step.file !== finding.file) return step;
          const stepRange = shiftRange(step.range, lineMap);
          return stepRange ? { ...step, range: stepRange } : undefined;
        })
        .filter((step): step is FlowStep => step !== undefined);
      if (flow.length > 0) moved.flow = flow;
      else delete moved.flow;
    }
    out.push(moved);
  }
  return out;
}

/** old line → new line for every line that is unchanged between the texts. */
function mapUnchangedLines(before: string, after: string): LineMap {
  const map = new Map<number, number>();
  // Common leading and trailing lines map directly; only the middle is diffed (an edit in a
  // 20,000-line file diffs a few lines, not the file).
  const oldLines = linesOf(before);
  const newLines = linesOf(after);
  let head = 0;
  while (head < oldLines.length - 1 && head < newLines.length - 1 && oldLines[head] === newLines[head])
    head++;
  let tail = 0;
  while (
    tail < oldLines.length - 1 - head &&
    tail < newLines.length - 1 - head &&
    oldLines[oldLines.length - 2 - tail] === newLines[newLines.length - 2 - tail]
  )
    tail++;
  let oldLine = head;
  let newLine = head;
  for (const change of diffLines(middleOf(oldLines, head, tail), middleOf(newLines, head, tail))) {
    const count = change.count;
    if (change.added) newLine += count;
    else if (change.removed) oldLine += count;
    else {
      for (let i = 0; i < count; i++) map.set(oldLine + i, newLine + i);
      oldLine += count;
      newLine += count;
    }
  }
  // The common head and tail by arithmetic (a Map entry per line of a 20,000-line file cost ms).
  const tailStart = oldLines.length - 1 - tail;
  const shift = newLines.length - oldLines.length;
  return {
    get: (line) =>
      line < head ? line : line >= tailStart && line < oldLines.length - 1 ? line + shift : map.get(line),
  };
}

/**
 * The lines between the common head and tail, as text. Module-level, not a closure per call: V8
 * deoptimized `mapUnchangedLines` on every call ("wrong call target") and recompiled it per edit.
 */
function middleOf(lines: string[], head: number, tail: number): string {
  return lines
    .slice(head, lines.length - 1 - tail)
    .map((l) => `${l}\n`)
    .join("");
}

/** old line → new line, for the unchanged lines only. */
interface LineMap {
  get(line: number): number | undefined;
}

/**
 * Lines of the last texts split (normalized): a version's text is reconciled from as the old
 * text once the next edit comes, so each text is split once.
 */
const recentLines: Array<{ text: string; lines: string[] }> = [];

function linesOf(text: string): string[] {
  const known = recentLines.find((entry) => entry.text === text);
  if (known) return known.lines;
  const lines = normalizeNewlines(text).split("\n");
  recentLines.unshift({ text, lines });
  recentLines.length = Math.min(recentLines.length, 2);
  return lines;
}

/** Every line of the range must be unchanged and stay contiguous. */
function shiftRange(range: Range, lineMap: LineMap): Range | undefined {
  const start = lineMap.get(range.start.line);
  if (start === undefined) return undefined;
  const delta = start - range.start.line;
  for (let line = range.start.line + 1; line <= range.end.line; line++) {
    if (lineMap.get(line) !== line + delta) return undefined;
  }
  return {
    start: { line: start, character: range.start.character },
    end: { line: range.end.line + delta, character: range.end.character },
  };
}

/** One newline style and a final newline, so "b" and "b\n" as last lines compare equal. */
function normalizeNewlines(text: string): string {
  const unified = text.includes("\r") ? text.replace(/\r\n|\r/g, "\n") : text;
  return unified.endsWith("\n") ? unified : `${unified}\n`;
}
