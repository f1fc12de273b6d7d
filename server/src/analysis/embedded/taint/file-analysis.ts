import type { ThreatModel } from "../../analyzer.js";
import { calleeClosure } from "./cross-file/callee-closure.js";
import type { CrossFileLookup } from "./cross-file/external-function.js";
import { fileStamp } from "./file-stamp.js";
import {
  type FileContext,
  FunctionAnalysis,
  type FunctionSummary,
  type RawFinding,
} from "./function-analysis.js";
import type { FunctionResultCache } from "./function-cache.js";
import { collectFunctions, detectFrameworks, type FunctionInfo } from "./function-catalog.js";
import { collectImports } from "./imports.js";
import type { CompiledUserModels } from "./models/user-models.js";
import { exportedNames, publicFunctionKeys } from "./parameter-findings.js";
import { type RecordedAnalysis, RoundReuse, recordAnalysis } from "./round-reuse.js";
import { field, type PyNode, type SyntaxTree, textOf, walk } from "./syntax-tree.js";
import { type TimeBudget, TimeBudgetExceeded } from "./time-budget.js";

const MAX_ROUNDS = 4;

export interface FlowResult {
  findings: RawFinding[];
  /** Functions reachable from outside the module (see parameter-findings.ts). */
  publicFunctions: ReadonlySet<string>;
  /** Set when the time budget ran out: the findings are those found up to that point. */
  incomplete?: { budgetMs: number; functionsAnalyzed: number; functions: number; round: number };
  /** Start offsets of the statements too deeply nested to evaluate. */
  skipped?: number[];
  /** Function summaries by key (other modules import them: cross-file/). */
  summaries: ReadonlyMap<string, FunctionSummary>;
  functions: ReadonlyMap<string, FunctionInfo>;
  /** Function results replayed from an earlier round (see round-reuse.ts). */
  replayed?: number;
}

/**
 * Taint analysis of one file: the module body and every function, repeated until the function
 * summaries (which parameters reach the return value or a sink) stop changing, so that flows
 * through helpers defined anywhere in the file are found. Findings of the last round count.
 * With a `budget`, running out of time stops the analysis and returns what was found so far.
 */
export function analyzeFlows(
  tree: SyntaxTree,
  threatModel: ThreatModel,
  cache?: FunctionResultCache,
  budget?: TimeBudget,
  models?: CompiledUserModels,
  crossFile?: CrossFileLookup,
  only?: ReadonlySet<string>,
): FlowResult {
  const imports = collectImports(tree);
  const all = calleesFirst(tree, collectFunctions(tree, detectFrameworks(tree, imports)));
  // `only` (another module's summary of some of its functions): those and what they call.
  const functions = only ? calleeClosure(tree, all, only) : all;
  // Functions that call into other modules are never reused (see applySummary); the rest are
  // reused only by an analysis that has the same cross-file setting.
  cache?.begin(
    `${models?.key ?? ""}${crossFile ? "\0x" : ""}${fileStamp(tree, threatModel, imports, functions)}`,
  );
  const ctx: FileContext = {
    tree,
    imports,
    threatModel,
    functions: new Map(all.map((f) => [f.key, f])),
    summaries: new Map(),
    globals: new Map(),
    globalTags: new Map(),
    globalConstants: new Map(),
    globalValues: new Map(),
    globalNames: new Set(all.filter((f) => !f.key.includes(".")).map((f) => f.name)),
    findings: [],
    computed: new Set(),
    usedStaleSummary: false,
    reporting: false,
    budget,
    ...(models && !models.empty ? { models } : {}),
    ...(crossFile ? { crossFile } : {}),
  };
  let previousRound: RawFinding[] = [];
  let round = 0;
  const rounds = new RoundReuse();
  try {
    for (; round < MAX_ROUNDS; round++) {
      previousRound = ctx.findings;
      ctx.findings = [];
      ctx.computed = new Set();
      ctx.usedStaleSummary = false;
      // The module body first for globals (app, logger, constants), again at the end for its findings.
      ctx.reporting = false;
      new FunctionAnalysis(ctx, undefined).run(tree.root);
      rounds.beginRound(ctx);
      ctx.reporting = true;
      let changed = false;
      for (const fn of functions) {
        budget?.check();
        const summary = rounds.analyze(ctx, fn, () =>
          round === 0 && cache
            ? analyzeWithCache(ctx, fn, cache)
            : recordAnalysis(ctx, () => analyzeFunction(ctx, fn)),
        );
        const before = ctx.summaries.get(fn.key);
        // A replayed or equal summary is the very same object (see round-reuse.ts).
        if (before && before !== summary && signature(before) !== signature(summary)) changed = true;
        ctx.summaries.set(fn.key, summary);
        ctx.computed.add(fn.key);
      }
      // The module body's findings (not needed for summaries of `only`).
      if (!only) new FunctionAnalysis(ctx, undefined).run(tree.root);
      // Callees are analyzed first, so one round suffices unless there is recursion.
      if (!ctx.usedStaleSummary || (round > 0 && !changed)) break;
      // Later rounds (a call to a function defined further down, recursion) are not cached across
      // edits, but the cache keeps its round-0 results: those read only summaries computed before
      // them in round 0 (an entry that read ahead is never stored), so the next edit's round 0
      // reuses them exactly; later rounds replay through `rounds`.
    }
  } catch (error) {
    if (!(error instanceof TimeBudgetExceeded) || !budget) throw error;
    // A half-analyzed file must not seed the per-function cache of the next edit.
    cache?.abandon();
    return {
      // The last complete round's findings stay valid; the current round adds what it reached.
      findings: [...previousRound, ...ctx.findings],
      summaries: ctx.summaries,
      functions: ctx.functions,
      publicFunctions: publicFunctionKeys(functions, exportedNames(tree)),
      ...(ctx.skipped ? { skipped: [...ctx.skipped].sort((a, b) => a - b) } : {}),
      incomplete: {
        budgetMs: budget.ms,
        functionsAnalyzed: ctx.computed.size,
        functions: functions.length,
        round: round + 1,
      },
    };
  }
  cache?.end();
  const publicFunctions = publicFunctionKeys(functions, exportedNames(tree));
  const base = {
    findings: ctx.findings,
    publicFunctions,
    summaries: ctx.summaries,
    functions: ctx.functions,
    ...(rounds.replayed > 0 ? { replayed: rounds.replayed } : {}),
  };
  if (!ctx.skipped) return base;
  return { ...base, skipped: [...ctx.skipped].sort((a, b) => a - b) };
}

/** Reuse the previous result of an unchanged function, or analyze it and remember the result. */
function analyzeWithCache(ctx: FileContext, fn: FunctionInfo, cache: FunctionResultCache): RecordedAnalysis {
  const hit = cache.lookup(ctx.tree, fn, ctx.summaries);
  if (hit) {
    ctx.findings.push(...hit.findings);
    // Cached entries never read a summary ahead of its round (see FunctionResultCache.store).
    return { ...hit, stale: false };
  }
  const recorded = recordAnalysis(ctx, () => analyzeFunction(ctx, fn));
  recorded.summary = cache.stable(fn, recorded.summary);
  cache.store(ctx.tree, fn, recorded);
  return recorded;
}

/**
 * The last order computed for a list of functions, by its first function: the catalog reuses a
 * function's entry while its statement is unchanged, so after most edits the list is the very
 * same entries and so is the order (3,000 functions: ~3 ms per edit saved).
 */
const lastOrder = new WeakMap<FunctionInfo, { functions: FunctionInfo[]; ordered: FunctionInfo[] }>();

function calleesFirst(tree: SyntaxTree, functions: FunctionInfo[]): readonly FunctionInfo[] {
  const first = functions[0];
  if (first === undefined) return [];
  const last = lastOrder.get(first);
  if (last && sameEntries(last.functions, functions)) return last.ordered;
  const ordered = computeCalleesFirst(tree, functions);
  lastOrder.set(first, { functions, ordered });
  return ordered;
}

function sameEntries(a: readonly FunctionInfo[], b: readonly FunctionInfo[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Order functions so that callees (by name) come before their callers. Depth-first with an
 * explicit stack: a chain of thousands of helpers must not overflow the JS stack.
 */
function computeCalleesFirst(tree: SyntaxTree, functions: FunctionInfo[]): FunctionInfo[] {
  const byName = new Map<string, FunctionInfo[]>();
  for (const fn of functions) {
    const same = byName.get(fn.name);
    if (same) same.push(fn);
    else byName.set(fn.name, [fn]);
  }
  const calls = new Map<FunctionInfo, FunctionInfo[]>();
  for (const fn of functions) {
    calls.set(
      fn,
      calledNames(tree, fn.node).flatMap((name) => byName.get(name) ?? []),
    );
  }
  const ordered: FunctionInfo[] = [];
  const seen = new Set<FunctionInfo>();
  for (const root of functions) {
    if (seen.has(root)) continue;
    seen.add(root);
    // Each frame: a function and the index of its next callee to visit.
    const stack: Array<{ fn: FunctionInfo; next: number }> = [{ fn: root, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const callees = calls.get(frame.fn) ?? [];
      const callee = callees[frame.next++];
      if (callee === undefined) {
        stack.pop();
        ordered.push(frame.fn);
      } else if (!seen.has(callee)) {
        seen.add(callee);
        stack.push({ fn: callee, next: 0 });
      }
    }
  }
  return ordered;
}

function analyzeFunction(ctx: FileContext, fn: FunctionInfo): FunctionSummary {
  const body = field(fn.node, "body");
  if (!body) return { returns: [], paramSinks: [] };
  return new FunctionAnalysis(ctx, fn).run(body);
}

function signature(summary: FunctionSummary): string {
  const returns = summary.returns
    .map(
      (l) =>
        `${l.origin.kind}:${l.origin.paramIndex ?? ""}:${l.origin.range.start.line}:${l.sanitized}:${l.flags}`,
    )
    .sort()
    .join(",");
  const sinks = summary.paramSinks
    .map((p) => `${p.paramIndex}:${p.rule}:${p.sink.start.line}:${p.sink.start.character}`)
    .sort()
    .join(",");
  const fields = [...(summary.fields ?? [])]
    .map(([attr, taint]) => `${attr}=${taint.map((l) => `${l.origin.kind}:${l.sanitized}`).join("+")}`)
    .join(",");
  return `${returns}|${sinks}|${fields}`;
}

/** Names called directly in a function (not in nested definitions); memoized per unchanged node. */
const calledNamesMemo = new WeakMap<PyNode, string[]>();

function calledNames(tree: SyntaxTree, definition: PyNode): string[] {
  const memo = calledNamesMemo.get(definition);
  if (memo) return memo;
  const names: string[] = [];
  walk(definition, (node) => {
    if (node !== definition && (node.type === "function_definition" || node.type === "class_definition"))
      return false;
    if (node.type === "call") {
      const callee = field(node, "function");
      const nameNode = callee?.type === "attribute" ? field(callee, "attribute") : callee;
      if (nameNode?.type === "identifier") names.push(textOf(tree, nameNode));
    }
    return undefined;
  });
  calledNamesMemo.set(definition, names);
  return names;
}
