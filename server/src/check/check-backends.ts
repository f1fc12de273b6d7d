import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { BanditAnalyzer } from "../analysis/bandit/bandit-analyzer.js";
import type { CodeqlAnalyzer } from "../analysis/codeql/codeql-analyzer.js";
import { isInside } from "../analysis/codeql/project-layout.js";
import { runCodeqlOnProject } from "../analysis/codeql/run-codeql-on-project.js";
import { createAnalyzers } from "../analysis/create-analyzers.js";
import type { Finding } from "../analysis/finding.js";
import type { SeclspConfig } from "../config/schema.js";
import { walkPythonFiles } from "../files/discover-python-files.js";
import { readSourceFile } from "../files/read-source-file.js";
import { displayPath } from "./report-paths.js";

export interface CheckBackendOptions {
  /** The check's path arguments (relative to `cwd` or absolute). */
  paths: readonly string[];
  cwd: string;
  /** config.exclude plus --exclude. */
  exclude: readonly string[];
  respectGitignore: boolean;
  maxFileBytes: number;
  /** true: --codeql / --bandit (run it, say so when it cannot); false: --no-...; undefined: the config. */
  codeql?: boolean;
  bandit?: boolean;
  env?: NodeJS.ProcessEnv;
  /** A lasting line on stderr (a result, a missing or failing backend). */
  say: (line: string) => void;
  /** A step that may take long (default: `say`); on a terminal a live line (backend-progress.ts). */
  step?: (line: string) => void;
}

export interface BackendFindings {
  /** Absolute path → the findings CodeQL and Bandit reported for it (merged later with embedded's). */
  byFile: ReadonlyMap<string, readonly Finding[]>;
  /** The backends that ran (failed or not). */
  ran: Array<"codeql" | "bandit">;
}

type Mode = "auto" | "on" | "off";

/**
 * Whether check runs a backend: a flag decides (`--codeql` counts as mode "on"); else the config,
 * where CodeQL's "auto" means "when found" as in the editor, but Bandit's "auto" means "not in
 * check": its import-level notes (B403/B404) would change every report and baseline on machines
 * that merely happen to have it installed. `bandit.mode: "on"` or `--bandit` runs it.
 */
export function checkMode(name: "codeql" | "bandit", config: SeclspConfig, flag: boolean | undefined): Mode {
  if (flag !== undefined) return flag ? "on" : "off";
  const mode = config[name].mode;
  return name === "bandit" && mode === "auto" ? "off" : mode;
}

/**
 * The CLI backends of one `seclsp check` run, run before the per-file embedded pass so each file
 * is reported once with every backend's findings merged (visibleFindings, like the editor).
 *
 * CodeQL: each folder argument is a project laid out exactly as the editor's project scope lays
 * out a workspace folder (one database, persistent under the user cache dir, never narrowed), so
 * `seclsp check <workspace folder>` and the editor report the same CodeQL findings. File
 * arguments outside those folders are analyzed together in one temporary database (chunked by
 * `codeql.batchSize`). Bandit: one process over every discovered file, reading them in place.
 *
 * A backend that is missing (mode "on") or fails gets one stderr line; its findings are absent,
 * the run goes on and the exit code is decided by the findings that were reported.
 */
export async function runCheckBackends(
  config: SeclspConfig,
  options: CheckBackendOptions,
): Promise<BackendFindings> {
  const byFile = new Map<string, Finding[]>();
  const add = (findings: readonly Finding[]) => {
    for (const finding of findings) {
      const list = byFile.get(finding.file);
      if (list) list.push(finding);
      else byFile.set(finding.file, [finding]);
    }
  };
  const codeqlMode = checkMode("codeql", config, options.codeql);
  const banditMode = checkMode("bandit", config, options.bandit);
  const analyzers = createAnalyzers(
    {
      ...config,
      codeql: { ...config.codeql, mode: codeqlMode },
      bandit: { ...config.bandit, mode: banditMode },
    },
    { only: ["codeql", "bandit"], ...(options.env !== undefined ? { env: options.env } : {}) },
  );
  const codeql = analyzers.codeql && (await usable(analyzers.codeql, codeqlMode, "CodeQL", options));
  const bandit = analyzers.bandit && (await usable(analyzers.bandit, banditMode, "Bandit", options));
  const ran: BackendFindings["ran"] = [];
  if (codeql) ran.push("codeql");
  if (bandit) ran.push("bandit");
  if (!codeql && !bandit) return { byFile, ran };

  const targets = await splitTargets(options);
  await Promise.all([
    codeql ? runCodeql(codeql, config, targets, options).then(add) : undefined,
    bandit ? runBandit(bandit, targets, options).then(add) : undefined,
  ]);
  return { byFile, ran };
}

/** The analyzer when it can run; else undefined, with a stderr line when the user turned it on. */
async function usable<T extends CodeqlAnalyzer | BanditAnalyzer>(
  analyzer: T,
  mode: Mode,
  title: string,
  options: CheckBackendOptions,
): Promise<T | undefined> {
  const available = await analyzer.available();
  if (available === true) return analyzer;
  // "auto" means "when found": a machine without the CLI is the normal case, not a problem.
  if (mode === "on") options.say(`${title} is not run: ${available || "not available"}`);
  return undefined;
}

interface CheckTargets {
  /** Folder arguments, outermost only (a folder inside another is part of its project). */
  folders: string[];
  /** File arguments that lie in none of `folders`. */
  files: string[];
}

async function splitTargets(options: CheckBackendOptions): Promise<CheckTargets> {
  const folders: string[] = [];
  const files: string[] = [];
  for (const arg of options.paths) {
    const path = resolve(options.cwd, arg);
    // Unreadable paths are reported by the main walk; the backends just skip them.
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) folders.push(path);
    else if (info?.isFile()) files.push(path);
  }
  const unique = [...new Set(folders)];
  const outer = unique.filter(
    (folder) => !unique.some((other) => other !== folder && isInside(folder, other)),
  );
  return {
    folders: outer,
    files: [...new Set(files)].filter((file) => !outer.some((folder) => isInside(file, folder))),
  };
}

async function runCodeql(
  analyzer: CodeqlAnalyzer,
  config: SeclspConfig,
  targets: CheckTargets,
  options: CheckBackendOptions,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const step = options.step ?? options.say;
  const shown = (path: string) => (path === options.cwd ? "." : displayPath(path, options.cwd));
  // A check is not a save: CI wants the whole folder, so the editor's narrowing is off.
  const projectConfig = {
    ...config,
    exclude: [...options.exclude],
    codeql: { ...config.codeql, maxProjectFiles: Number.MAX_SAFE_INTEGER - 1 },
  };
  for (const folder of targets.folders) {
    const started = Date.now();
    try {
      const result = await runCodeqlOnProject(folder, {
        config: projectConfig,
        analyzer,
        respectGitignore: options.respectGitignore,
        ...(options.env !== undefined ? { env: options.env } : {}),
        onPhase: (phase) =>
          step(
            phase === "create"
              ? `CodeQL: creating the database for ${shown(folder)}…`
              : `CodeQL: analyzing ${shown(folder)} (${config.codeql.suite})…`,
          ),
        onWaitForOtherRun: () => step(`CodeQL: waiting for another seclsp run on ${shown(folder)}…`),
      });
      findings.push(...result.findings);
      if (result.files.size === 0) continue;
      options.say(
        `CodeQL: ${shown(folder)}: ${count(result.findings.length, "finding")} in ${count(result.files.size, "file")}` +
          (result.cached ? " (cached, no file changed)" : ` (${seconds(started)})`),
      );
    } catch (error) {
      options.say(
        `CodeQL failed on ${shown(folder)}; its findings are missing from this report: ${message(error)}`,
      );
    }
  }
  if (targets.files.length > 0)
    findings.push(...(await runCodeqlOnFiles(analyzer, config, targets.files, options)));
  return findings;
}

/** File arguments outside every folder argument: one temporary database per `batchSize` files. */
async function runCodeqlOnFiles(
  analyzer: CodeqlAnalyzer,
  config: SeclspConfig,
  files: string[],
  options: CheckBackendOptions,
): Promise<Finding[]> {
  const sources: Array<{ path: string; text: string }> = [];
  for (const file of files) {
    const text = await readText(file, options.maxFileBytes);
    if (text !== undefined) sources.push({ path: file, text });
  }
  const size = Math.max(1, config.codeql.batchSize);
  const chunks = Math.ceil(sources.length / size);
  const findings: Finding[] = [];
  const signal = new AbortController().signal;
  for (let i = 0; i < sources.length; i += size) {
    const chunk = sources.slice(i, i + size);
    const label = chunks > 1 ? ` (batch ${i / size + 1}/${chunks})` : "";
    (options.step ?? options.say)(`CodeQL: analyzing ${count(chunk.length, "file")}${label}…`);
    try {
      findings.push(...(await analyzer.analyze(chunk, signal)));
    } catch (error) {
      options.say(
        `CodeQL failed on ${count(chunk.length, "file")}${label}; their findings are missing: ${message(error)}`,
      );
    }
  }
  return findings;
}

async function runBandit(
  analyzer: BanditAnalyzer,
  targets: CheckTargets,
  options: CheckBackendOptions,
): Promise<Finding[]> {
  const files: string[] = [];
  const walk = walkPythonFiles([...targets.folders, ...targets.files], {
    cwd: options.cwd,
    exclude: options.exclude,
    respectGitignore: options.respectGitignore,
  });
  for await (const file of walk) files.push(file);
  try {
    return await analyzer.analyzePaths(files, new AbortController().signal, (file) =>
      readText(file, options.maxFileBytes),
    );
  } catch (error) {
    options.say(`Bandit failed; its findings are missing from this report: ${message(error)}`);
    return [];
  }
}

/** The text check itself reports on (same reader, same limits), or undefined when it skips the file. */
async function readText(file: string, maxFileBytes: number): Promise<string | undefined> {
  try {
    const source = await readSourceFile(file, { maxFileBytes });
    return source.skipped || source.binary ? undefined : source.text;
  } catch {
    return undefined;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function seconds(started: number): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
