import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import type { Writable } from "node:stream";
import type { Analyzer, ThreatModel } from "../analysis/analyzer.js";
import type { Finding } from "../analysis/finding.js";
import { visibleFindings } from "../analysis/visible-findings.js";
import type { SeclspConfig } from "../config/schema.js";
import { describeFsError, walkPythonFiles } from "../files/discover-python-files.js";
import { readSourceFile, type SourceText } from "../files/read-source-file.js";
import { ExitCode, type FailLevel, isFailing } from "./exit-code.js";
import { JsonReporter } from "./json-report.js";
import { loadConfigFile } from "./load-config-file.js";
import { packageVersion } from "./package-version.js";
import { displayPath } from "./report-paths.js";
import { ReportSink } from "./report-sink.js";
import type { Reporter, ReportFormat, SkippedFile } from "./reporter.js";
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
  /** false (--no-codeql / --no-bandit): skip that backend even when the config enables it. */
  codeql?: boolean;
  bandit?: boolean;
}

export interface CheckIo {
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  /** Environment of the CodeQL/Bandit processes and their PATH lookup (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Why a .py file with NUL bytes is skipped (Python itself refuses to run such source). */
const BINARY = "binary (contains NUL bytes)";

/** Files read ahead of the (synchronous) analysis: overlaps I/O with CPU, bounds memory. */
const READ_AHEAD = 8;

/**
 * `seclsp check`: discover → read → analyze → suppress → merge → report, one file at a time so
 * 10,000+ files need memory for a handful of sources only. Problems with single files are
 * reported on stderr and the run continues; the exit code says what happened (exit-code.ts).
 */
export async function runCheck(options: CheckOptions, io: CheckIo): Promise<ExitCode> {
  const warn = (line: string) => void io.stderr.write(`seclsp: ${line}\n`);
  const cwd = io.cwd;

  let config: SeclspConfig;
  try {
    const loaded = await loadConfigFile(
      options.config === undefined ? undefined : resolve(cwd, options.config),
    );
    for (const problem of loaded.problems) warn(`warning: ${problem}`);
    config = loaded.config;
  } catch (error) {
    warn(`cannot use --config ${options.config}: ${describeError(error)}`);
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
  const reporter: Reporter =
    options.format === "json"
      ? new JsonReporter(sink, cwd, version)
      : options.format === "sarif"
        ? new SarifReporter(sink, cwd, version)
        : new TextReporter(sink, cwd);
  // Created at the first file, so an empty folder or a usage error costs no wasm compile.
  let analyzers: Promise<CheckAnalyzer[]> | undefined;
  const backendOn = (name: "codeql" | "bandit") => config[name].mode !== "off" && options[name] !== false;
  if (!config.embedded.enabled && !backendOn("codeql") && !backendOn("bandit")) {
    warn("warning: every analyzer is disabled in the configuration; nothing is analyzed");
  }

  const skipped: SkippedFile[] = [];
  const state = {
    rootProblem: false,
    readFailures: 0,
    analysisFailures: 0,
    filesAnalyzed: 0,
    findings: 0,
    failing: false,
  };
  const skip = (path: string, reason: string, message: string) => {
    skipped.push({ file: displayPath(path, cwd), reason });
    warn(message);
  };
  const signal = new AbortController().signal;

  const analyzeOne = async (path: string, read: Promise<SourceText | Error>) => {
    const shown = displayPath(path, cwd);
    const source = await read;
    if (source instanceof Error) {
      state.readFailures++;
      return skip(path, describeFsError(source), `cannot read ${shown}: ${describeFsError(source)}`);
    }
    if (source.skipped) return skip(path, source.skipped, `skipped ${shown}: ${source.skipped}`);
    if (source.binary) return skip(path, BINARY, `skipped ${shown}: ${BINARY}`);
    if (source.decodeWarning) warn(`warning: ${shown}: ${source.decodeWarning} (U+FFFD)`);
    const raw: Finding[] = [...(backendFindings.get(path) ?? [])];
    analyzers ??= createAnalyzers(config, options.threatModel);
    for (const analyzer of await analyzers) {
      try {
        raw.push(...(await analyzer.analyze([{ path, text: source.text }], signal)));
      } catch (error) {
        state.analysisFailures++;
        return skip(
          path,
          `${analyzer.name} analysis failed: ${describeError(error)}`,
          `${analyzer.name} analysis failed for ${shown}: ${describeError(error)}`,
        );
      }
    }
    // Each file is seen once: drop per-file caches (parse trees in wasm memory) right away.
    for (const analyzer of await analyzers) analyzer.forget?.(path);
    const findings = visibleFindings(source.text, raw);
    state.filesAnalyzed++;
    state.findings += findings.length;
    state.failing ||= findings.some((f) => isFailing(f, options.failOn));
    await reporter.file(findings);
  };

  // CodeQL and Bandit see the whole file set at once (one database, one process) before the
  // per-file pass, which merges their findings into each file's report.
  const { runCheckBackends } = await import("./check-backends.js");
  const backendFindings = await runCheckBackends(config, {
    paths: options.paths,
    cwd,
    exclude: [...config.exclude, ...(options.exclude ?? [])],
    respectGitignore: options.gitignore ?? true,
    maxFileBytes: options.maxFileBytes ?? config.maxFileBytes,
    codeql: options.codeql ?? true,
    bandit: options.bandit ?? true,
    ...(io.env !== undefined ? { env: io.env } : {}),
    say: (line) => warn(line),
  });

  const pending: Array<{ path: string; read: Promise<SourceText | Error> }> = [];
  const walk = walkPythonFiles(options.paths, {
    cwd,
    exclude: [...config.exclude, ...(options.exclude ?? [])],
    respectGitignore: options.gitignore ?? true,
    onProblem: (problem) => {
      if (problem.isRoot) state.rootProblem = true;
      else state.readFailures++;
      skip(problem.path, problem.reason, `cannot read ${displayPath(problem.path, cwd)}: ${problem.reason}`);
    },
  });
  let discovered = 0;
  for await (const path of walk) {
    discovered++;
    const read = readSourceFile(path, { maxFileBytes: options.maxFileBytes ?? config.maxFileBytes }).catch(
      toError,
    );
    pending.push({ path, read });
    if (pending.length >= READ_AHEAD) {
      const next = pending.shift()!;
      await analyzeOne(next.path, next.read);
    }
  }
  for (const next of pending.splice(0)) await analyzeOne(next.path, next.read);

  const summary = { findings: state.findings, filesAnalyzed: state.filesAnalyzed, skipped };
  await reporter.finish(summary);
  await sink.end();
  if (options.format !== "text") warn(summaryLine(summary));

  const nothingRead = state.filesAnalyzed === 0 && state.readFailures > 0;
  if (state.rootProblem || nothingRead || state.analysisFailures > 0) return ExitCode.usage;
  // A typo in a CI job (wrong folder, an --exclude that matches everything) must not pass.
  if (discovered === 0) {
    warn(
      `no Python files found under ${options.paths.join(", ")} (*.py, *.pyw; after .gitignore and --exclude)`,
    );
    return ExitCode.usage;
  }
  return state.failing ? ExitCode.findings : ExitCode.clean;
}

/** An analyzer that may keep per-file state (the embedded one caches parse trees for the LSP). */
type CheckAnalyzer = Analyzer & { forget?(path: string): void };

/** Loaded only now: compiling ruff's 10 MB wasm is the slowest part of a small check. */
async function createAnalyzers(
  config: SeclspConfig,
  threatModel: ThreatModel | undefined,
): Promise<CheckAnalyzer[]> {
  const { createAnalyzers: build } = await import("../analysis/create-analyzers.js");
  const { embedded } = build(config, { only: ["embedded"], ...(threatModel ? { threatModel } : {}) });
  return embedded ? [embedded] : [];
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
