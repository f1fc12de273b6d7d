import type { Analyzer, SourceFile, ThreatModel } from "../analyzer.js";
import type { Finding } from "../finding.js";
import { ChecksPass } from "./checks/checks-pass.js";
import { experimentalFindings } from "./experimental/experimental-pass.js";
import { ruffPass, ruffPassAsync } from "./ruff-pass.js";
import { mergeRuffTwins } from "./ruff-twins.js";
import {
  type CrossFileSettings,
  overlayEverywhere,
  providerFor,
} from "./taint/cross-file/provider-registry.js";
import type { UserModels } from "./taint/models/user-models.js";
import { TaintAnalysis } from "./taint/taint-pass.js";

export interface EmbeddedOptions {
  threatModel: ThreatModel;
  /** Ruff codes ("S101") or taint rule ids ("py/log-injection") to drop. */
  ignoreRules?: string[];
  /** Per-file time budget of the data-flow analysis in ms (default `DEFAULT_TIME_BUDGET_MS`). */
  taintTimeBudgetMs?: number;
  /** The `models` setting: user-declared sources, sinks and sanitizers. */
  models?: UserModels;
  /** Summaries of functions imported from other modules under these roots (taint/cross-file/). */
  crossFile?: CrossFileSettings;
  /** Each file is analyzed once (`seclsp check`): no per-function results kept for edits. */
  oneShot?: boolean;
}

/** A pass over one file (ruff rules, taint engine, ...). Must not throw on bad Python. */
export interface EmbeddedPass {
  readonly name: string;
  run(file: SourceFile, options: EmbeddedOptions): Finding[];
}

/** One taint engine per process: it owns the wasm parser and the per-file parse cache. */
const sharedTaint = new TaintAnalysis();

/**
 * Tree-sitter data flow + CodeQL-style checks. Returns [] until the wasm parser is loaded
 * (`EmbeddedAnalyzer.ready()`), so the LSP's first diagnostics may be ruff-only.
 */
export const taintPass: EmbeddedPass = {
  name: "taint",
  run(file, options) {
    const ignored = new Set(options.ignoreRules ?? []);
    const crossFile = providerFor(options.crossFile);
    crossFile?.overlay(file.path, file.text);
    const taintOptions = {
      ...(options.taintTimeBudgetMs === undefined ? {} : { timeBudgetMs: options.taintTimeBudgetMs }),
      ...(options.models ? { models: options.models } : {}),
      ...(crossFile ? { crossFile } : {}),
      ...(options.oneShot ? { oneShot: true } : {}),
    };
    return sharedTaint.analyze(file, options.threatModel, taintOptions).filter((f) => !ignored.has(f.ruleId));
  },
};

/** Regex, cipher and SSLContext pattern checks, on the taint pass's syntax tree of the same text. */
const sharedChecks = new ChecksPass((path, text) => {
  const syntax = sharedTaint.syntaxOf(path);
  return syntax?.text === text ? syntax : undefined;
});
export const checksPass: EmbeddedPass = sharedChecks;

/** A checks-pass finding the taint pass already reports (same rule and line) is dropped. */
export function withoutRepeats(taint: Finding[], checks: Finding[]): Finding[] {
  const reported = new Set(taint.map((f) => `${f.ruleId}:${f.range.start.line}`));
  return checks.filter((f) => !reported.has(`${f.ruleId}:${f.range.start.line}`));
}

/**
 * CodeQL's experimental queries that need no data flow, on the tree the taint pass just parsed
 * (so it must run after `taintPass`; a stale or missing tree means no findings, never old ones).
 */
export const experimentalPass: EmbeddedPass = {
  name: "experimental",
  run(file, options) {
    const syntax = sharedTaint.syntaxOf(file.path);
    if (!syntax || syntax.text !== file.text) return [];
    const ignored = new Set(options.ignoreRules ?? []);
    return experimentalFindings(file, syntax).filter((f) => !ignored.has(f.ruleId));
  },
};

/** The offline analyzer: no processes, no network. Runs its passes, then merges twin reports. */
export class EmbeddedAnalyzer implements Analyzer {
  readonly name = "embedded" as const;

  /** Load the tree-sitter parser; after this, `analyzeText` includes taint findings. */
  static ready(): Promise<void> {
    return sharedTaint.ready();
  }

  constructor(
    readonly options: EmbeddedOptions = { threatModel: "library" },
    private readonly passes: EmbeddedPass[] = [ruffPass, taintPass, checksPass, experimentalPass],
  ) {
    // Start loading now so that the LSP hot path gets taint findings as soon as possible.
    if (passes.includes(taintPass) || passes.includes(checksPass))
      EmbeddedAnalyzer.ready().catch(() => undefined);
  }

  async available(): Promise<true> {
    return true;
  }

  async analyze(files: SourceFile[], signal: AbortSignal): Promise<Finding[]> {
    if (this.passes.includes(taintPass) || this.passes.includes(checksPass)) await EmbeddedAnalyzer.ready();
    const findings: Finding[] = [];
    for (const file of files) {
      signal.throwIfAborted();
      findings.push(...this.analyzeText(file));
    }
    return findings;
  }

  /**
   * Synchronous single-file entry point for the LSP's hot path (ruff-only until `ready()`).
   * `options`: this analyzer's, with per-call additions (the LSP's cross-file roots).
   */
  analyzeText(file: SourceFile, options: EmbeddedOptions = this.options): Finding[] {
    return this.combine(this.passes.map((pass) => pass.run(file, options)));
  }

  /**
   * The same findings as `analyzeText`, with the ruff pass running in ruff's worker thread while
   * the tree-sitter passes run in this one (`seclsp check` on one thread: ruff's time overlaps).
   */
  async analyzeTextConcurrently(
    file: SourceFile,
    options: EmbeddedOptions = this.options,
  ): Promise<Finding[]> {
    if (this.passes.includes(taintPass) || this.passes.includes(checksPass)) await EmbeddedAnalyzer.ready();
    const ruffIndex = this.passes.indexOf(ruffPass);
    if (ruffIndex === -1) return this.analyzeText(file, options);
    const ruff = ruffPassAsync(file, options);
    const byPass = this.passes.map((pass, i) => (i === ruffIndex ? [] : pass.run(file, options)));
    byPass[ruffIndex] = (await ruff) ?? ruffPass.run(file, options);
    return this.combine(byPass);
  }

  /** Pass results (in pass order) → the analyzer's findings: repeats dropped, twins merged. */
  private combine(byPass: Finding[][]): Finding[] {
    const taint = byPass[this.passes.indexOf(taintPass)] ?? [];
    const checks = this.passes.indexOf(checksPass);
    if (checks !== -1) byPass[checks] = withoutRepeats(taint, byPass[checks]!);
    // Without the taint pass (or before its parser loaded) no flow was looked for.
    const flowsChecked = this.passes.includes(taintPass) && sharedTaint.isReady();
    return mergeRuffTwins(byPass.flat(), flowsChecked);
  }

  /** Drop the cached parse tree of a closed file. */
  forget(path: string): void {
    overlayEverywhere(path, undefined);
    sharedTaint.forget(path);
    sharedChecks.forget(path);
  }
}

/** Factory that resolves once the taint engine is ready (use it outside the LSP hot path). */
export async function createEmbeddedAnalyzer(options: EmbeddedOptions): Promise<EmbeddedAnalyzer> {
  await EmbeddedAnalyzer.ready();
  return new EmbeddedAnalyzer(options);
}

export { mergeRuffTwins } from "./ruff-twins.js";
