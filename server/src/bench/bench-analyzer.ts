import type { Analyzer, ThreatModel } from "../analysis/analyzer.js";
import { createEmbeddedAnalyzer } from "../analysis/embedded/embedded-analyzer.js";
import type { Finding, FindingSource } from "../analysis/finding.js";
import { visibleFindings } from "../analysis/visible-findings.js";
import { DEFAULT_CONFIG } from "../config/schema.js";

/** Builds the analyzer for a name; tests inject fakes, the default builds the real backends. */
export type AnalyzerFactory = (name: FindingSource) => Promise<Analyzer>;

export interface AnalyzerSettings {
  threatModel: ThreatModel;
  codeql?: { path?: string; suite?: string; batchSize?: number; cacheDir?: string };
}

/**
 * Analyzes one snippet with every chosen analyzer and returns what the editor would show: the
 * same `visibleFindings` pipeline (merge, then `# seclsp: ignore` comments) as the LSP and
 * `seclsp check`. A snippet is vulnerable for the metrics if anything is visible. Snippets get a stable virtual
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
    return visibleFindings(code, findings);
  }

  /**
   * Many stored snippets at once (rescore): analyzers with a batch API (CodeQL: one database per
   * chunk instead of one per snippet) get them all; the others one by one. A failed chunk fails
   * the whole call, so a rescore never counts unanalyzed code as clean.
   */
  async analyzeMany(
    snippets: Array<{ id: string; code: string; path: string }>,
    signal: AbortSignal = new AbortController().signal,
  ): Promise<Map<string, Finding[]>> {
    const out = new Map(snippets.map((s) => [s.id, [] as Finding[]]));
    const withCode = snippets.filter((s) => s.code.trim() !== "");
    for (const analyzer of this.analyzers) {
      if (hasBatch(analyzer)) {
        const result = await analyzer.analyzeBatch(
          withCode.map(({ id, code }) => ({ id, code })),
          { signal },
        );
        const failed = result.errors[0];
        if (failed)
          throw new Error(
            `${analyzer.name} failed on ${failed.ids.length} snippet(s): ${failed.error.message}`,
          );
        for (const [id, findings] of result) out.get(id)?.push(...findings);
      } else {
        for (const s of withCode)
          out.get(s.id)!.push(...(await analyzer.analyze([{ path: s.path, text: s.code }], signal)));
      }
    }
    const byId = new Map(snippets.map((s) => [s.id, s.code]));
    return new Map([...out].map(([id, findings]) => [id, visibleFindings(byId.get(id) ?? "", findings)]));
  }
}

interface BatchAnalyzer extends Analyzer {
  analyzeBatch(
    snippets: Array<{ id: string; code: string }>,
    options: { signal?: AbortSignal },
  ): Promise<Map<string, Finding[]> & { errors: Array<{ ids: string[]; error: Error }> }>;
}

function hasBatch(analyzer: Analyzer): analyzer is BatchAnalyzer {
  return typeof (analyzer as Partial<BatchAnalyzer>).analyzeBatch === "function";
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
      case "codeql": {
        const { CodeqlAnalyzer } = await import("../analysis/codeql/codeql-analyzer.js");
        const overrides = Object.fromEntries(
          Object.entries(settings.codeql ?? {}).filter(([, value]) => value !== undefined),
        );
        // "on": the bench asked for CodeQL explicitly, so a missing CLI is an error, not a skip.
        return new CodeqlAnalyzer({ ...DEFAULT_CONFIG.codeql, mode: "on", ...overrides });
      }
      case "bandit": {
        const { BanditAnalyzer } = await import("../analysis/bandit/bandit-analyzer.js");
        return new BanditAnalyzer({ ...DEFAULT_CONFIG.bandit, mode: "on" });
      }
    }
  };
}
