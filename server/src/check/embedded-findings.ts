import { analysisNote, NOT_ANALYZED_RULE } from "../analysis/embedded/analysis-notes.js";
import type { AnalysisPool } from "../analysis/embedded/analysis-pool.js";
import type { EmbeddedAnalyzer } from "../analysis/embedded/embedded-analyzer.js";
import { DependencyKeys } from "../analysis/embedded/taint/cross-file/dependency-keys.js";
import type { CrossFileSettings } from "../analysis/embedded/taint/cross-file/provider-registry.js";
import type { Finding } from "../analysis/finding.js";
import type { SeclspConfig } from "../config/schema.js";
import { fileCacheKey } from "./analysis-cache-key.js";
import { displayPath } from "./report-paths.js";
import type { ResultCache } from "./result-cache.js";

/**
 * Results that say the analyzer gave up for a reason outside the code — ruff trapped or timed out
 * (its `seclsp/not-analyzed` note), the worker died twice — are never cached: the next run tries
 * again. Every other note is a property of the code (nesting, regex features) and is cached. So
 * is a result cut short by the taint time budget (with its `seclsp/analysis-incomplete` note):
 * the budget is part of the analyzer's contract, an unchanged re-run must print the same report,
 * and such a file would otherwise cost the budget again on every run. `--no-cache` retries it.
 */
export function gaveUp(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.ruleId === NOT_ANALYZED_RULE && f.reporters?.[0]?.tool === "ruff");
}

export interface EmbeddedFindingsOptions {
  /** Worker threads; 1 analyzes in this thread (no pool, no extra wasm instances). */
  jobs: number;
  /** Absent: `--no-cache` (or the cache dir could not be used). */
  cache?: ResultCache;
  /** Cache keys use paths relative to it (as the reports do). */
  cwd: string;
  /** Roots of cross-file summaries (the scanned projects); absent: each file alone. */
  crossFileRoots?: readonly string[];
  /** Problems that do not belong to one file (a pool worker failing between files). */
  warn?: (message: string) => void;
}

/**
 * The embedded analyzer's RAW findings of one file for `seclsp check`: from the result cache, else
 * from the worker pool (or this thread with one job), then stored. Raw, so that suppression
 * comments, rule selection, the baseline and `--new-since` are applied afresh on every run (they
 * depend on more than the file); the key then needs only what the analyzer itself reads.
 */
export class EmbeddedFindings {
  private pool: Promise<AnalysisPool> | undefined;
  private readonly inThread = new Map<string, Promise<EmbeddedAnalyzer>>();
  private ruff: Promise<typeof import("../analysis/embedded/ruff-pass.js")> | undefined;
  /** Per `maxFileBytes`: the imported modules of a file, for its cache key. */
  private readonly dependencyKeys = new Map<number, DependencyKeys>();

  constructor(private readonly options: EmbeddedFindingsOptions) {}

  /** Throws when the analyzer failed on this file (the run reports it and goes on). */
  async analyze(path: string, text: string, config: SeclspConfig): Promise<Finding[]> {
    const { cache } = this.options;
    const crossFile = this.crossFileSettings(config);
    const key = cache
      ? fileCacheKey(
          displayPath(path, this.options.cwd),
          text,
          config,
          this.dependencies(path, text, crossFile),
        )
      : undefined;
    if (cache && key) {
      const cached = await cache.get(key, path);
      if (cached) return cached;
    }
    let findings: Finding[];
    try {
      findings =
        this.options.jobs > 1
          ? await this.analyzeInPool(path, text, config, crossFile)
          : await this.analyzeHere(path, text, config, crossFile);
    } catch (error) {
      if (!(error instanceof Error && error.name === "WorkerStoppedError")) throw error;
      // Never cached, and never a clean-looking file.
      return [
        analysisNote(path, text, NOT_ANALYZED_RULE, `seclsp did not analyze this file: ${error.message}`),
      ];
    }
    if (cache && key && !gaveUp(findings)) {
      await cache.set(key, path, findings);
    }
    return findings;
  }

  /** Files re-analyzed after their worker died. */
  async retries(): Promise<number> {
    return this.pool ? (await this.pool).retries : 0;
  }

  /** Stop the workers and bring the cache under its bound. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).destroy();
    if (this.options.cache && this.options.cache.stats.writes > 0) await this.options.cache.evict();
  }

  /**
   * ruff runs here, in this thread's one ruff worker, and the pool workers run the tree-sitter
   * passes: one ruff wasm instance (~70 MB, and its start-up) for the run instead of one per
   * pool worker. ruff is ~10% of the work, so its thread keeps up with the pool.
   */
  private async analyzeInPool(
    path: string,
    text: string,
    config: SeclspConfig,
    crossFile: CrossFileSettings | undefined,
  ): Promise<Finding[]> {
    const pool = this.startPool();
    this.ruff ??= import("../analysis/embedded/ruff-pass.js");
    const { ruffPass, ruffPassAsync } = await this.ruff;
    // ruff reads only the ignored rules of the embedded options (see createAnalyzer). Async: the
    // thread keeps feeding the pool while ruff's worker checks this file.
    const options = { threatModel: config.threatModel, ignoreRules: config.embedded.ignoreRules };
    const ruff = (await ruffPassAsync({ path, text }, options)) ?? ruffPass.run({ path, text }, options);
    return (await pool).analyze({ path, text, config, ruff, ...(crossFile ? { crossFile } : {}) });
  }

  /** Loaded on the first miss: a fully cached run compiles no wasm at all. */
  private startPool(): Promise<AnalysisPool> {
    this.pool ??= import("../analysis/embedded/analysis-pool.js").then(
      ({ AnalysisPool }) =>
        new AnalysisPool(this.options.jobs, {
          onWorkerError: (error) =>
            this.options.warn?.(
              `an analysis worker stopped between files and was replaced: ${error.message}`,
            ),
        }),
    );
    return this.pool;
  }

  private crossFileSettings(config: SeclspConfig): CrossFileSettings | undefined {
    const roots = this.options.crossFileRoots;
    return roots && roots.length > 0 ? { roots, maxFileBytes: config.maxFileBytes } : undefined;
  }

  /** The imported workspace modules' hashes (see DependencyKeys), for the cache key. */
  private dependencies(path: string, text: string, crossFile: CrossFileSettings | undefined): string[] {
    if (!crossFile) return [];
    const bytes = crossFile.maxFileBytes ?? 0;
    let keys = this.dependencyKeys.get(bytes);
    if (!keys) {
      // A run reads each module once: files do not change during a run.
      keys = new DependencyKeys(crossFile, true);
      this.dependencyKeys.set(bytes, keys);
    }
    return keys.of(path, text, (dep) => displayPath(dep, this.options.cwd));
  }

  private async analyzeHere(
    path: string,
    text: string,
    config: SeclspConfig,
    crossFile: CrossFileSettings | undefined,
  ): Promise<Finding[]> {
    const key = JSON.stringify([config, crossFile ?? null]);
    let analyzer = this.inThread.get(key);
    if (!analyzer) {
      analyzer = import("../analysis/create-analyzers.js").then(({ createAnalyzer }) =>
        createAnalyzer("embedded", config, { oneShot: true, ...(crossFile ? { crossFile } : {}) }),
      );
      this.inThread.set(key, analyzer);
    }
    const embedded = await analyzer;
    try {
      return await embedded.analyzeTextConcurrently({ path, text });
    } finally {
      // Each file is seen once: drop its parse tree (wasm memory) right away.
      embedded.forget(path);
    }
  }
}
