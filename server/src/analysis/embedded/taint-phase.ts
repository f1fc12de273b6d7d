import type { SourceFile } from "../analyzer.js";
import type { Finding } from "../finding.js";
import { ChecksPass } from "./checks/checks-pass.js";
import { type EmbeddedOptions, withoutRepeats } from "./embedded-analyzer.js";
import { experimentalFindings } from "./experimental/experimental-pass.js";
import { overlayEverywhere, providerFor } from "./taint/cross-file/provider-registry.js";
import { TaintAnalysis, type TaintOptions } from "./taint/taint-pass.js";

/**
 * The slow phase of the embedded analyzer — data flow, pattern checks and the experimental
 * queries on the same tree — with its own engine (the LSP's taint worker owns one per thread).
 * Same findings as `taintPass` + `checksPass` + `experimentalPass`.
 */
export class FlowPhase {
  readonly taint = new TaintAnalysis();
  private readonly checks = new ChecksPass((path, text) => {
    const syntax = this.taint.syntaxOf(path);
    return syntax?.text === text ? syntax : undefined;
  });

  ready(): Promise<void> {
    return this.taint.ready();
  }

  /** `interrupted` is polled during the data flow: true stops it early (partial, not cached). */
  run(file: SourceFile, options: EmbeddedOptions, interrupted?: () => boolean): Finding[] {
    const taintOptions: TaintOptions = {};
    if (options.taintTimeBudgetMs !== undefined) taintOptions.timeBudgetMs = options.taintTimeBudgetMs;
    if (interrupted) taintOptions.interrupted = interrupted;
    if (options.models) taintOptions.models = options.models;
    const crossFile = providerFor(options.crossFile);
    if (crossFile) {
      // Modules importing this document see the text being analyzed, saved or not.
      crossFile.overlay(file.path, file.text);
      taintOptions.crossFile = crossFile;
    }
    const ignored = new Set(options.ignoreRules ?? []);
    const flows = this.taint
      .analyze(file, options.threatModel, taintOptions)
      .filter((f) => !ignored.has(f.ruleId));
    const checks = withoutRepeats(flows, this.checks.run(file, options));
    const syntax = this.taint.syntaxOf(file.path);
    // A stale or missing tree means no experimental findings, never old ones.
    const experimental = syntax && syntax.text === file.text ? experimentalFindings(file, syntax) : [];
    return [...flows, ...checks, ...experimental.filter((f) => !ignored.has(f.ruleId))];
  }

  /** Release a closed file's tree and caches. */
  forget(path: string): void {
    overlayEverywhere(path, undefined);
    this.taint.forget(path);
    this.checks.forget(path);
  }

  /** Files holding a parse tree right now. */
  get liveTrees(): number {
    return this.taint.liveTrees;
  }
}
