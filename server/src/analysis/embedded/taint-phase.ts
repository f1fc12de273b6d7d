import type { SourceFile } from "../analyzer.js";
import type { Finding } from "../finding.js";
import type { EmbeddedOptions } from "./embedded-analyzer.js";
import { experimentalFindings } from "./experimental/experimental-pass.js";
import type { TaintAnalysis, TaintOptions } from "./taint/taint-pass.js";

/**
 * The slow phase of the embedded analyzer — data flow, CodeQL-style checks and the experimental
 * queries on the same tree — for one file, on a caller-owned engine (the LSP's taint worker owns
 * one per thread). Same findings as `taintPass` + `experimentalPass`.
 */
export function flowPhaseFindings(
  taint: TaintAnalysis,
  file: SourceFile,
  options: EmbeddedOptions,
  interrupted?: () => boolean,
): Finding[] {
  const taintOptions: TaintOptions = {};
  if (options.taintTimeBudgetMs !== undefined) taintOptions.timeBudgetMs = options.taintTimeBudgetMs;
  if (interrupted) taintOptions.interrupted = interrupted;
  const flows = taint.analyze(file, options.threatModel, taintOptions);
  const syntax = taint.syntaxOf(file.path);
  // A stale or missing tree means no experimental findings, never old ones.
  const experimental = syntax && syntax.text === file.text ? experimentalFindings(file, syntax) : [];
  const ignored = new Set(options.ignoreRules ?? []);
  return [...flows, ...experimental].filter((finding) => !ignored.has(finding.ruleId));
}
