import type { Analyzer, ThreatModel } from "../analysis/analyzer.js";
import { createEmbeddedAnalyzer } from "../analysis/embedded/embedded-analyzer.js";
import type { Finding, FindingSource } from "../analysis/finding.js";
import { DEFAULT_CONFIG } from "../config/schema.js";

/** Builds the analyzer for a name; tests inject fakes, the default builds the real backends. */
export type AnalyzerFactory = (name: FindingSource) => Promise<Analyzer>;

export interface AnalyzerSettings {
  threatModel: ThreatModel;
  codeql?: { path?: string; suite?: string; batchSize?: number };
}

/**
 * Analyzes one snippet with every chosen analyzer and concatenates the findings (a snippet is
 * vulnerable for the metrics if any analyzer reports something). Snippets get a stable virtual
 * path so findings (and their fingerprints) are identical across runs and shards.
 */
export class BenchAnalyzer {
  private constructor(
    readonly names: FindingSource[],
    private readonly analyzers: Analyzer[],
  ) {}

  static async create(names: FindingSource[], factory: AnalyzerFactory): Promise<BenchAnalyzer> {
    const analyzers: Analyzer[] = [];
    for (const name of names) {
      const analyzer = await factory(name);
      const available = await analyzer.available();
      if (available !== true) {
        throw new Error(
          `analyzer ${name} is not available: ${available === false ? "unknown reason" : available}`,
        );
      }
      analyzers.push(analyzer);
    }
    return new BenchAnalyzer(names, analyzers);
  }

  /** "embedded", "codeql+embedded": recorded in every row. */
  get label(): string {
    return this.names.join("+");
  }

  async analyze(
    code: string,
    path: string,
    signal: AbortSignal = new AbortController().signal,
  ): Promise<Finding[]> {
    if (code.trim() === "") return [];
    const findings: Finding[] = [];
    for (const analyzer of this.analyzers)
      findings.push(...(await analyzer.analyze([{ path, text: code }], signal)));
    return findings;
  }
}

/** Virtual path of a snippet: stable, unique per task, ends in .py. */
export function snippetPath(dataset: string, taskId: string): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, "_");
  const file = safe(taskId).endsWith(".py") ? safe(taskId) : `${safe(taskId)}.py`;
  return `/seclsp-bench/${safe(dataset)}/${file}`;
}

export function defaultAnalyzerFactory(settings: AnalyzerSettings): AnalyzerFactory {
  return async (name) => {
    switch (name) {
      case "embedded":
        // The factory waits for the taint engine, so no snippet is analyzed ruff-only.
        return createEmbeddedAnalyzer({ threatModel: settings.threatModel });
      case "codeql":
      case "bandit":
        return loadExternalAnalyzer(name, settings);
    }
  };
}

/** CodeQL and Bandit backends live in analysis/codeql and analysis/bandit (loaded on demand). */
async function loadExternalAnalyzer(
  name: "codeql" | "bandit",
  _settings: AnalyzerSettings,
): Promise<Analyzer> {
  throw new Error(`the ${name} analyzer is not wired into seclsp bench in this build; use "embedded"`);
}
