import type { ThreatModel } from "../../analyzer.js";
import {
  type FileContext,
  FunctionAnalysis,
  type FunctionSummary,
  type RawFinding,
} from "./function-analysis.js";
import { collectFunctions, detectFrameworks, type FunctionInfo } from "./function-catalog.js";
import { collectImports } from "./imports.js";
import { field, type SyntaxTree } from "./syntax-tree.js";

const MAX_ROUNDS = 4;

/**
 * Taint analysis of one file: the module body and every function, repeated until the function
 * summaries (which parameters reach the return value or a sink) stop changing, so that flows
 * through helpers defined anywhere in the file are found. Findings of the last round count.
 */
export function analyzeFlows(tree: SyntaxTree, threatModel: ThreatModel): RawFinding[] {
  const imports = collectImports(tree);
  const functions = collectFunctions(tree, detectFrameworks(tree, imports));
  const ctx: FileContext = {
    tree,
    imports,
    threatModel,
    functions: new Map(functions.map((f) => [f.key, f])),
    summaries: new Map(),
    globals: new Map(),
    globalTags: new Map(),
    globalConstants: new Map(),
    globalNames: new Set(functions.filter((f) => !f.key.includes(".")).map((f) => f.name)),
    findings: [],
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    ctx.findings = [];
    new FunctionAnalysis(ctx, undefined).run(tree.root);
    let changed = false;
    for (const fn of functions) {
      const summary = analyzeFunction(ctx, fn);
      const before = ctx.summaries.get(fn.key);
      if (!before || signature(before) !== signature(summary)) changed = true;
      ctx.summaries.set(fn.key, summary);
    }
    if (!changed) break;
  }
  return ctx.findings;
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
  return `${returns}|${sinks}`;
}
