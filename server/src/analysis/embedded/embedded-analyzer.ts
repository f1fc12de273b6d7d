import type { Analyzer, SourceFile, ThreatModel } from "../analyzer.js";
import type { Finding } from "../finding.js";
import { ruffPass } from "./ruff-pass.js";

export interface EmbeddedOptions {
  threatModel: ThreatModel;
  /** Ruff codes to drop ("S101"). */
  ignoreRules?: string[];
}

/** A pass over one file (ruff rules, taint engine, ...). Must not throw on bad Python. */
export interface EmbeddedPass {
  readonly name: string;
  run(file: SourceFile, options: EmbeddedOptions): Finding[];
}

/** The offline analyzer: no processes, no network. Runs its passes in order and concatenates. */
export class EmbeddedAnalyzer implements Analyzer {
  readonly name = "embedded" as const;

  constructor(
    private readonly options: EmbeddedOptions = { threatModel: "library" },
    private readonly passes: EmbeddedPass[] = [ruffPass],
  ) {}

  async available(): Promise<true> {
    return true;
  }

  async analyze(files: SourceFile[], signal: AbortSignal): Promise<Finding[]> {
    const findings: Finding[] = [];
    for (const file of files) {
      signal.throwIfAborted();
      findings.push(...this.analyzeText(file));
    }
    return findings;
  }

  /** Synchronous single-file entry point for the LSP's hot path. */
  analyzeText(file: SourceFile): Finding[] {
    return this.passes.flatMap((pass) => pass.run(file, this.options));
  }
}
