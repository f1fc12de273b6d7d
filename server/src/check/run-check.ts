import { createWriteStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import type { ThreatModel } from "../analysis/analyzer.js";
import { projectRootsOf } from "../analysis/embedded/taint/cross-file/module-resolver.js";
import type { Finding } from "../analysis/finding.js";
import { visibleFindings } from "../analysis/visible-findings.js";
import { BaselineMatcher } from "../baseline/baseline-matcher.js";
import { changedLinesSince, isChanged } from "../baseline/git-changed-lines.js";
import { readSarifBaseline } from "../baseline/sarif-baseline.js";
import { applyRuleSelection } from "../config/rule-selection.js";
import type { SeclspConfig } from "../config/schema.js";
import { describeFsError, walkPythonFiles } from "../files/discover-python-files.js";
import { readSourceFileSync, type SourceText } from "../files/read-source-file.js";
import { userCacheSubdir } from "../files/user-cache-dir.js";
import type { BackendFindings } from "./check-backends.js";
import { CheckSettings, upperLayers } from "./check-settings.js";
import { EmbeddedFindings } from "./embedded-findings.js";
import { ExitCode, type FailLevel, isFailing } from "./exit-code.js";
import { GithubReporter } from "./github-report.js";
import { GitlabReporter } from "./gitlab-report.js";
import { readStdinSource } from "./input-files.js";
import { JsonReporter } from "./json-report.js";
import { loadConfigFile } from "./load-config-file.js";
import { packageVersion } from "./package-version.js";
import { displayPath } from "./report-paths.js";
import { ReportSink } from "./report-sink.js";
import type { Reporter, ReportFormat, SkippedFile } from "./reporter.js";
import { ResultCache } from "./result-cache.js";
import { SarifReporter } from "./sarif-report.js";
import { summaryLine, TextReporter } from "./text-report.js";

export interface CheckOptions {
  /** Files and folders, relative to `cwd` or absolute. */
  paths: string[];
  format: ReportFormat;
  /** Write the report here instead of stdout. */
  output?: string;
  failOn: FailLevel;
  /** Overrides the config file's `threatModel`. */
  threatModel?: ThreatModel;
  /** A JSON file with `seclsp` settings. */
  config?: string;
  /** Added to the config file's `exclude`. */
  exclude?: string[];
  /** Overrides the config file's `maxFileBytes`. */
  maxFileBytes?: number;
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /** true (--codeql / --bandit): run it; false (--no-...): skip it; undefined: as the config says (check-backends.ts). */
  codeql?: boolean;
  bandit?: boolean;
  /** A SARIF report of an earlier run: only findings not in it are reported and counted. */
  baseline?: string;
  /** A git ref: only findings on lines changed since it are reported and counted. */
  newSince?: string;
  /** With paths ["-"]: the path the text read from stdin stands for (config lookup, reports). */
  stdinFilename?: string;
  /** Print the effective settings (and where each came from) for the first path, then exit. */
  showSettings?: boolean;
  /** Worker threads for the embedded analyzer (default: the number of CPUs less one; 1 = this thread). */
  jobs?: number;
  /** false (--no-cache): neither read nor write the result cache (default true). */
  cache?: boolean;
  /** Result cache folder (default `$XDG_CACHE_HOME/seclsp/check`). */
  cacheDir?: string;
  /** Bound of the result cache folder in bytes (default 256 MiB). */
  cacheMaxBytes?: number;
  /** Extra lines on stderr: cache hits/misses, workers. */
  verbose?: boolean;
}

export interface CheckIo {
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  /** Environment of the CodeQL/Bandit processes and their PATH lookup (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Read by `seclsp check -` (default process.stdin). */
  stdin?: Readable;
}

/** Why a .py file with NUL bytes is skipped (Python itself refuses to run such source). */
const BINARY = "binary (contains NUL bytes)";

/** Files read ahead of the analysis, at least (×4 per job): overlaps I/O with CPU, bounds memory. */
const READ_AHEAD = 8;

/**
 * `seclsp check`: discover → read → analyze → suppress → merge → report, one file at a time so
 * 10,000+ files need memory for a handful of sources only. Problems with single files are
 * reported on stderr and the run continues; the exit code says what happened (exit-code.ts).
 */
export async function runCheck(options: CheckOptions, io: CheckIo): Promise<ExitCode> {
  const warn = (line: string) => void io.stderr.write(`seclsp: ${line}\n`);
  const cwd = io.cwd;

  let settings: CheckSettings;
  let configProblem = false;
  let configExclude: string[] = [];
  try {
    const configPath = options.config === undefined ? undefined : resolve(cwd, options.config);
    const loaded = await loadConfigFile(configPath);
    for (const problem of loaded.problems) warn(`warning: ${problem}`);
    configExclude = loaded.config.exclude;
    const flags = { threatModel: options.threatModel, maxFileBytes: options.maxFileBytes };
    const upper = upperLayers(configPath ? { path: configPath, settings: loaded.raw } : undefined, flags);
    settings = new CheckSettings(upper, (message, fatal) => {
      configProblem ||= fatal;
      warn(message);
    });
  } catch (error) {
    warn(`cannot use --config ${options.config}: ${describeError(error)}`);
    return ExitCode.usage;
  }
  const fromStdin = options.paths.length === 1 && options.paths[0] === "-";
  const stdinPath = resolve(cwd, options.stdinFilename ?? "stdin.py");
  const roots = fromStdin ? [stdinPath] : options.paths.map((path) => resolve(cwd, path));
  // Project files of the given roots are read first: a bad one stops the run before any analysis.
  const rootSettings = await Promise.all(roots.map((root) => settingsOfRoot(settings, root)));
  if (options.showSettings) {
    const shown = rootSettings[0];
    if (shown) {
      const { config, origins, projectFile } = shown;
      await writeAll(
        io.stdout,
        `${JSON.stringify({ projectFile: projectFile ?? null, origins, settings: config }, null, 2)}\n`,
      );
    }
    return configProblem ? ExitCode.usage : ExitCode.clean;
  }
  if (configProblem) return ExitCode.usage;

  let baseline: BaselineMatcher | undefined;
  let changes: Awaited<ReturnType<typeof changedLinesSince>> | undefined;
  try {
    if (options.baseline !== undefined) {
      baseline = new BaselineMatcher(await readSarifBaseline(resolve(cwd, options.baseline)));
    }
    if (options.newSince !== undefined) changes = await changedLinesSince(options.newSince, cwd);
  } catch (error) {
    warn(describeError(error));
    return ExitCode.usage;
  }

  let sink: ReportSink;
  try {
    sink = new ReportSink(
      options.output === undefined ? io.stdout : await openOutput(resolve(cwd, options.output)),
    );
  } catch (error) {
    warn(`cannot write --output ${options.output}: ${describeError(error)}`);
    return ExitCode.usage;
  }

  const version = packageVersion();
  const reporter = createReporter(options.format, sink, cwd, version);
  const jobs = options.jobs ?? (await import("../analysis/embedded/analysis-pool.js")).defaultJobs();
  const cache = options.cache === false ? undefined : await openCache(options, io, warn);
  // The analyzers (in this thread or a pool) start at the first file that misses the cache.
  const embedded = new EmbeddedFindings({
    jobs,
    cwd,
    crossFileRoots: projectRootsOf(roots),
    warn,
    ...(cache ? { cache } : {}),
  });
  let warnedAllOff = false;

  const skipped: SkippedFile[] = [];
  const state = {
    rootProblem: false,
    readFailures: 0,
    analysisFailures: 0,
    filesAnalyzed: 0,
    findings: 0,
    known: 0,
    excluded: 0,
    failing: false,
  };
  const skip = (path: string, reason: string, message: string) => {
    skipped.push({ file: displayPath(path, cwd), reason });
    warn(message);
  };

  const analyzeOne = async (path: string, prepared: Promise<Prepared>) => {
    const shown = displayPath(path, cwd);
    const { source, config, analysis } = await prepared;
    if (config === undefined) return; // its project file is unusable (reported once)
    if (source === "excluded") {
      state.excluded++;
      return;
    }
    if (source instanceof Error) {
      state.readFailures++;
      return skip(path, describeFsError(source), `cannot read ${shown}: ${describeFsError(source)}`);
    }
    if (source.skipped) return skip(path, source.skipped, `skipped ${shown}: ${source.skipped}`);
    if (source.binary) return skip(path, BINARY, `skipped ${shown}: ${BINARY}`);
    if (source.decodeWarning) warn(`warning: ${shown}: ${source.decodeWarning} (U+FFFD)`);
    const raw: Finding[] = [...(backends.byFile.get(path) ?? [])];
    if (!config.embedded.enabled && backends.ran.length === 0 && !warnedAllOff) {
      warnedAllOff = true;
      warn("warning: every analyzer is disabled in the configuration; nothing is analyzed");
    }
    const outcome = await analysis;
    if (outcome && "error" in outcome) {
      state.analysisFailures++;
      const why = describeError(outcome.error);
      return skip(path, `embedded analysis failed: ${why}`, `embedded analysis failed for ${shown}: ${why}`);
    }
    if (outcome) raw.push(...outcome.findings);
    const selected = applyRuleSelection(visibleFindings(source.text, raw), config);
    let findings = baseline ? baseline.partition(selected).fresh : selected;
    if (changes && findings.length > 0) {
      // git reports real paths; the walk keeps the user's (a symlinked checkout, macOS /tmp).
      const real = await realpath(path).catch(() => path);
      findings = findings.filter((f) => isChanged(changes, real, f.range.start.line));
    }
    state.known += selected.length - findings.length;
    state.filesAnalyzed++;
    state.findings += findings.length;
    state.failing ||= findings.some((f) => isFailing(f, options.failOn));
    await reporter.file(findings);
  };

  // CodeQL and Bandit see the whole file set at once (one database, one process) before the
  // per-file pass, which merges their findings into each file's report. Their settings are the
  // first root's (one database and one process cannot follow per-folder project files).
  const backendConfig = rootSettings.find((root) => root !== undefined)?.config;
  const { runCheckBackends } = await import("./check-backends.js");
  const { backendProgress } = await import("./backend-progress.js");
  const progress = backendProgress(io.stderr, warn);
  const backends: BackendFindings =
    fromStdin || backendConfig === undefined
      ? { byFile: new Map(), ran: [] }
      : await runCheckBackends(backendConfig, {
          paths: options.paths,
          cwd,
          exclude: [...configExclude, ...(options.exclude ?? [])],
          respectGitignore: options.gitignore ?? true,
          maxFileBytes: backendConfig.maxFileBytes,
          ...(options.codeql !== undefined ? { codeql: options.codeql } : {}),
          ...(options.bandit !== undefined ? { bandit: options.bandit } : {}),
          ...(io.env !== undefined ? { env: io.env } : {}),
          say: (line) => progress.line(line),
          step: (line) => progress.step(line),
        });
  progress.stop();

  const readFor = async (path: string): Promise<ReadResult> => {
    const fileSettings = await settings.forFile(path);
    if (!fileSettings) return { source: "excluded" };
    const config = fileSettings.config;
    if (fileSettings.excluded) return { source: "excluded", config };
    const limit = { maxFileBytes: config.maxFileBytes };
    const reading =
      fromStdin && path === stdinPath
        ? readStdinSource(io.stdin ?? process.stdin, limit.maxFileBytes)
        : new Promise<SourceText>((resolve) => resolve(readSourceFileSync(path, limit)));
    return { source: await reading.catch(toError), config };
  };
  // Reading and the embedded analysis start ahead (in the pool: in parallel); reporting stays in
  // discovery order, so the output is the same for every --jobs.
  const prepare = async (path: string): Promise<Prepared> => {
    const read = await readFor(path);
    const { source, config } = read;
    if (config === undefined || !config.embedded.enabled || typeof source !== "object") return read;
    if (source instanceof Error || source.skipped || source.binary) return read;
    const analysis = embedded.analyze(path, source.text, config).then(
      (findings) => ({ findings }),
      (error: unknown) => ({ error }),
    );
    return { ...read, analysis };
  };
  const ahead = Math.max(READ_AHEAD, jobs * 4);
  const pending: Array<{ path: string; prepared: Promise<Prepared> }> = [];
  const walk = fromStdin
    ? single(stdinPath)
    : walkPythonFiles(options.paths, {
        cwd,
        blocking: true,
        exclude: [...configExclude, ...(options.exclude ?? [])],
        respectGitignore: options.gitignore ?? true,
        onProblem: (problem) => {
          if (problem.isRoot) state.rootProblem = true;
          else state.readFailures++;
          skip(
            problem.path,
            problem.reason,
            `cannot read ${displayPath(problem.path, cwd)}: ${problem.reason}`,
          );
        },
      });
  let discovered = 0;
  let retries = 0;
  try {
    for await (const path of walk) {
      discovered++;
      pending.push({ path, prepared: prepare(path) });
      if (pending.length >= ahead) {
        const next = pending.shift()!;
        await analyzeOne(next.path, next.prepared);
      }
    }
    for (const next of pending.splice(0)) await analyzeOne(next.path, next.prepared);
  } finally {
    // Worker threads would keep the process alive.
    retries = await embedded.retries();
    await embedded.close();
  }
  if (options.verbose) {
    if (cache) {
      const { hits, misses, writes, rejected, evicted } = cache.stats;
      warn(
        `cache ${cache.dir}: ${hits} hits, ${misses} misses, ${writes} written, ${rejected} unusable, ${evicted} evicted`,
      );
    } else warn("cache: off");
    warn(`jobs: ${jobs}${retries > 0 ? `, ${retries} file(s) re-analyzed after a worker stopped` : ""}`);
  }

  const summary = { findings: state.findings, filesAnalyzed: state.filesAnalyzed, skipped };
  await reporter.finish(summary);
  await sink.end();
  if (options.format !== "text") warn(summaryLine(summary));
  if (state.known > 0) {
    const why =
      baseline && changes
        ? "in the baseline or on unchanged lines"
        : baseline
          ? "in the baseline"
          : "on lines unchanged since the ref";
    warn(`${state.known} known finding${state.known === 1 ? "" : "s"} (${why}) not reported`);
  }

  const nothingRead = state.filesAnalyzed === 0 && state.readFailures > 0;
  // A project file in a sub-folder that could not be used: its files were not checked.
  if (state.rootProblem || nothingRead || state.analysisFailures > 0 || configProblem) return ExitCode.usage;
  // A typo in a CI job (wrong folder, an --exclude that matches everything) must not pass.
  if (discovered === 0 || (discovered === state.excluded && !fromStdin && options.paths.every(isFolderArg))) {
    warn(
      `no Python files found under ${options.paths.join(", ")} (*.py, *.pyw; after .gitignore and --exclude)`,
    );
    return ExitCode.usage;
  }
  return state.failing ? ExitCode.findings : ExitCode.clean;
}

/**
 * The result cache, or none (with a warning) when its folder is unusable: a symlink, another
 * user's folder. The run itself never fails for the cache's sake.
 */
async function openCache(
  options: CheckOptions,
  io: CheckIo,
  warn: (line: string) => void,
): Promise<ResultCache | undefined> {
  const dir =
    options.cacheDir === undefined
      ? userCacheSubdir("check", io.env ?? process.env)
      : resolve(io.cwd, options.cacheDir);
  try {
    return await ResultCache.open({
      dir,
      blocking: true,
      ...(options.cacheMaxBytes !== undefined ? { maxBytes: options.cacheMaxBytes } : {}),
    });
  } catch (error) {
    warn(`warning: not using the result cache: ${describeError(error)}`);
    return undefined;
  }
}

/** A file's source (or why it is not analyzed) and its settings; no settings = unusable project file. */
interface ReadResult {
  source: SourceText | Error | "excluded";
  config?: SeclspConfig;
}

/** A read file and its embedded analysis, started ahead of its turn (never rejects). */
interface Prepared extends ReadResult {
  analysis?: Promise<{ findings: Finding[] } | { error: unknown }>;
}

function createReporter(format: ReportFormat, sink: ReportSink, cwd: string, version: string): Reporter {
  switch (format) {
    case "json":
      return new JsonReporter(sink, cwd, version);
    case "sarif":
      return new SarifReporter(sink, cwd, version);
    case "github":
      return new GithubReporter(sink, cwd);
    case "gitlab":
      return new GitlabReporter(sink, cwd);
    case "text":
      return new TextReporter(sink, cwd);
  }
}

/** Settings of a command-line root (a folder's own, a file's folder's); undefined for a missing path. */
async function settingsOfRoot(settings: CheckSettings, root: string) {
  const isFolder = await stat(root).then(
    (info) => info.isDirectory(),
    () => false,
  );
  return settings.forFile(root, isFolder);
}

async function* single(path: string): AsyncGenerator<string> {
  yield path;
}

function isFolderArg(path: string): boolean {
  return !/\.pyw?$/.test(path);
}

function writeAll(stream: Writable, text: string): Promise<void> {
  return new Promise((done) => stream.write(text, () => done()));
}

async function openOutput(path: string): Promise<Writable> {
  const stream = createWriteStream(path);
  await new Promise<void>((resolveOpen, reject) => {
    stream.once("open", () => resolveOpen());
    stream.once("error", reject);
  });
  return stream;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? describeFsError(error) : error instanceof Error ? error.message : String(error);
}
