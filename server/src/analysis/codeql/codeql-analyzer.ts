import { readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import type * as sarif from "sarif";
import type { SeclspConfig } from "../../config/schema.js";
import { DEFAULT_CONFIG } from "../../config/schema.js";
import { createAnalysisWorkDir } from "../../files/analysis-work-dir.js";
import type { Analyzer, SourceFile } from "../analyzer.js";
import { runProcess } from "../external/process-runner.js";
import {
  layoutFiles,
  layoutSnippets,
  type RootEntry,
  syncSourceRoot,
  writeSourceRoot,
} from "../external/source-root.js";
import type { Finding } from "../finding.js";
import { findingsFromSarif, parseSarif, SarifParseError } from "../sarif/import.js";
import { analyzeInChunks, type BatchOptions, type BatchResult } from "./codeql-batch.js";
import { type CodeqlInstallation, discoverCodeql } from "./codeql-discovery.js";
import { CodeqlError } from "./codeql-errors.js";
import type { ProjectLayout } from "./project-layout.js";
import { SarifCache } from "./sarif-cache.js";

const REDISCOVER_AFTER_MS = 60_000;
export type CodeqlConfig = SeclspConfig["codeql"];

export interface CodeqlAnalyzerOptions {
  /** Environment for PATH lookup and the codeql processes (tests point PATH/fault modes here). */
  env?: NodeJS.ProcessEnv;
  /** Parent of the temporary source roots and databases. Default: the OS temp dir. */
  workDir?: string;
}

/** Files of one CodeQL run as laid out in its source root, plus how the run went. */
export interface CodeqlRun {
  log: sarif.Log;
  /** true when the SARIF came from the cache and no process was started. */
  cached: boolean;
}

export type CodeqlPhase = "create" | "analyze";

export interface CodeqlRunOptions {
  /**
   * A persistent private folder (one per project): the source root is synced into `src/`, the
   * database in `db/` is reused with `--overwrite`. Default: a temporary folder, removed after.
   */
  projectDir?: string;
  /** Called when a CodeQL process starts (for `$/progress`). Not called for a cached answer. */
  onPhase?: (phase: CodeqlPhase) => void;
}

/** Findings of a project run, for every file of the layout. */
export interface ProjectRunResult {
  findings: Finding[];
  cached: boolean;
}

/**
 * The CodeQL CLI backend: copies the files into a temporary source root, runs
 * `database create` + `database analyze`, and imports the SARIF. Results are cached by content.
 */
export class CodeqlAnalyzer implements Analyzer {
  readonly name = "codeql" as const;
  private installation: Promise<CodeqlInstallation | { reason: string }> | undefined;
  private missingSince: number | undefined;
  private readonly cache: SarifCache;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly config: CodeqlConfig = DEFAULT_CONFIG.codeql,
    private readonly options: CodeqlAnalyzerOptions = {},
  ) {
    this.env = options.env ?? process.env;
    this.cache = new SarifCache(config.cacheDir ?? SarifCache.defaultDir(this.env));
  }

  async available(): Promise<boolean | string> {
    if (this.config.mode === "off") return "CodeQL is turned off (seclsp.codeql.mode = off)";
    const found = await this.discover();
    return "reason" in found ? found.reason : true;
  }

  /** The CLI's path and version (discovered once per analyzer). */
  async installationInfo(): Promise<CodeqlInstallation | { reason: string }> {
    return this.discover();
  }

  async analyze(files: SourceFile[], signal: AbortSignal): Promise<Finding[]> {
    if (files.length === 0) return [];
    const entries = layoutFiles(files);
    const { log } = await this.run(entries, signal);
    return this.findingsFor(log, entries);
  }

  /** Many snippets → ONE database create + ONE analyze per chunk; findings keyed by snippet id. */
  analyzeBatch(snippets: { id: string; code: string }[], options: BatchOptions = {}): Promise<BatchResult> {
    return analyzeInChunks(
      snippets,
      { chunkSize: this.config.batchSize, ...options },
      async (chunk, signal) => {
        const entries = layoutSnippets(chunk);
        const { log } = await this.run(entries, signal);
        return this.findingsFor(log, entries);
      },
    );
  }

  /**
   * A whole project (see layoutProject): one create + analyze in its persistent folder, or the
   * cached SARIF when no file changed. Findings for every file; flows may cross files.
   */
  async analyzeProject(
    layout: ProjectLayout,
    signal: AbortSignal,
    options: CodeqlRunOptions = {},
  ): Promise<ProjectRunResult> {
    if (layout.entries.length === 0) return { findings: [], cached: true };
    const { log, cached } = await this.run(layout.entries, signal, options);
    return { findings: this.findingsFor(log, layout.entries), cached };
  }

  /** SARIF for laid-out files: from the cache, or by running the CLI (temporary or project folder). */
  async run(entries: RootEntry[], signal: AbortSignal, options: CodeqlRunOptions = {}): Promise<CodeqlRun> {
    signal.throwIfAborted();
    const installation = await this.discover();
    if ("reason" in installation) throw new Error(installation.reason);
    const key = SarifCache.key({
      cliVersion: installation.version,
      suite: this.config.suite,
      suiteContent: await localSuiteContent(this.config.suite),
      files: entries,
    });
    const cached = await this.cache.get(key);
    if (cached !== undefined) {
      try {
        return { log: parseSarif(cached), cached: true };
      } catch {
        // A damaged cache entry is simply recomputed.
      }
    }
    const persistent = options.projectDir;
    const work = persistent ?? (await createAnalysisWorkDir("seclsp-codeql-", this.options.workDir));
    try {
      const root = path.join(work, "src");
      const db = path.join(work, "db");
      const output = path.join(work, "results.sarif");
      if (persistent !== undefined) {
        await syncSourceRoot(root, entries);
        // An old results file must never pass for this run's output.
        await rm(output, { force: true });
      } else {
        await writeSourceRoot(root, entries);
      }
      const threads = `--threads=${this.config.threads}`;
      options.onPhase?.("create");
      await this.cli(
        installation.path,
        "database create",
        [db, "--language=python", "--source-root", root, "--overwrite", threads],
        signal,
      );
      options.onPhase?.("analyze");
      await this.cli(
        installation.path,
        "database analyze",
        [db, this.config.suite, "--format=sarif-latest", "--output", output, threads],
        signal,
      );
      const text = await readFile(output, "utf8").catch(() => {
        throw new CodeqlError(
          `codeql database analyze exited 0 but wrote no SARIF to ${output}`,
          "database analyze",
          0,
          "",
        );
      });
      let log: sarif.Log;
      try {
        log = parseSarif(text);
      } catch (error) {
        const detail = error instanceof SarifParseError ? error.message : String(error);
        throw new CodeqlError(
          `codeql database analyze wrote unreadable SARIF: ${detail}`,
          "database analyze",
          0,
          "",
        );
      }
      // An unwritable cache costs speed, not results.
      await this.cache.put(key, text).catch(() => undefined);
      return { log, cached: false };
    } finally {
      if (persistent === undefined) await rm(work, { recursive: true, force: true });
    }
  }

  private findingsFor(log: sarif.Log, entries: RootEntry[]): Finding[] {
    const byRel = new Map(entries.map((entry) => [entry.rel, entry]));
    const byOriginal = new Map(entries.map((entry) => [entry.original, entry]));
    return findingsFromSarif(log, {
      source: "codeql",
      resolveFile: (uri) => byRel.get(decodeUri(uri))?.original,
      readText: (file) => byOriginal.get(file)?.text,
    }).filter((finding) => byOriginal.has(finding.file));
  }

  private async cli(executable: string, step: string, args: string[], signal: AbortSignal): Promise<void> {
    const result = await runProcess(executable, [...step.split(" "), ...args], {
      env: this.env,
      signal,
      timeoutMs: this.config.timeoutMs,
    });
    if (result.timedOut) throw CodeqlError.timedOut(step, this.config.timeoutMs, result.stderr);
    if (result.exitCode !== 0) throw CodeqlError.failed(step, result.exitCode, result.stderr);
  }

  private discover(): Promise<CodeqlInstallation | { reason: string }> {
    // A tool that was missing is looked for again after a while (the user may install it).
    if (
      !this.installation ||
      (this.missingSince !== undefined && Date.now() - this.missingSince > REDISCOVER_AFTER_MS)
    ) {
      this.missingSince = undefined;
      this.installation = discoverCodeql(this.config.path, this.env).then((found) => {
        if ("reason" in found) this.missingSince = Date.now();
        return found;
      });
    }
    return this.installation;
  }
}

function decodeUri(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** A local .ql/.qls suite's text, so editing a custom query invalidates cached results. */
async function localSuiteContent(suite: string): Promise<string | undefined> {
  if (!/\.qls?$/.test(suite)) return undefined;
  try {
    if (!(await stat(suite)).isFile()) return undefined;
    return await readFile(suite, "utf8");
  } catch {
    return undefined;
  }
}
