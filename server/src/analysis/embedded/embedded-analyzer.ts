import type { Analyzer, SourceFile, ThreatModel } from "../analyzer.js";
import type { Finding } from "../finding.js";
import { fingerprintFor } from "../fingerprint.js";
import { ruffCheck } from "./ruff-engine.js";
import { ruffRuleMapping } from "./ruff-rules.js";

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

export const ruffPass: EmbeddedPass = {
  name: "ruff",
  run(file, options) {
    const ignored = new Set(options.ignoreRules ?? []);
    const seen = new Map<string, number>();
    const findings: Finding[] = [];
    for (const d of ruffCheck(file.text)) {
      if (!d.code || ignored.has(d.code)) continue;
      const mapping = ruffRuleMapping(d.code);
      const range = {
        start: { line: d.start_location.row - 1, character: d.start_location.column - 1 },
        end: { line: d.end_location.row - 1, character: d.end_location.column - 1 },
      };
      const key = `${mapping.ruleId}:${range.start.line}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      findings.push({
        ruleId: mapping.ruleId,
        cwes: mapping.cwes,
        severity: mapping.severity,
        securitySeverity: mapping.securitySeverity,
        message: d.message,
        file: file.path,
        range,
        source: "embedded",
        fingerprint: fingerprintFor(mapping.ruleId, file.text, range, occurrence),
        toolCode: d.code,
      });
    }
    return findings;
  },
};

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
