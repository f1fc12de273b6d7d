import { rm } from "node:fs/promises";
import path from "node:path";
import type { SeclspConfig } from "../../config/schema.js";
import { DEFAULT_CONFIG } from "../../config/schema.js";
import { createAnalysisWorkDir } from "../../files/analysis-work-dir.js";
import type { Analyzer, SourceFile } from "../analyzer.js";
import { findExecutable, isExecutableFile } from "../external/find-executable.js";
import { runProcess, stderrTail } from "../external/process-runner.js";
import { layoutFiles, type RootEntry, writeSourceRoot } from "../external/source-root.js";
import type { Finding, Range } from "../finding.js";
import { fingerprintFor } from "../fingerprint.js";
import { LineIndex, utf8ByteToUtf16 } from "../text-positions.js";
import { type BanditResult, banditOutputSchema } from "./bandit-output.js";
import { banditRuleMapping, banditSeverity } from "./bandit-rules.js";

const REDISCOVER_AFTER_MS = 60_000;
export type BanditConfig = SeclspConfig["bandit"];

export const BANDIT_INSTALL_HINT =
  "Install it with `apt-get install python3-bandit` (Debian/Ubuntu) or `pipx install bandit`, or set seclsp.bandit.path.";

interface BanditInstallation {
  path: string;
  version: string;
}

/**
 * Bandit backend: writes the buffers into a temporary directory (so unsaved text is what gets
 * analyzed), runs `bandit -f json -q <files>` and maps test ids to CWEs and CodeQL ids.
 */
export class BanditAnalyzer implements Analyzer {
  readonly name = "bandit" as const;
  private installation: Promise<BanditInstallation | { reason: string }> | undefined;
  private missingSince: number | undefined;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly config: BanditConfig = DEFAULT_CONFIG.bandit,
    private readonly options: { env?: NodeJS.ProcessEnv; workDir?: string } = {},
  ) {
    this.env = options.env ?? process.env;
  }

  async available(): Promise<boolean | string> {
    if (this.config.mode === "off") return "Bandit is turned off (seclsp.bandit.mode = off)";
    const found = await this.discover();
    return "reason" in found ? found.reason : true;
  }

  async installationInfo(): Promise<BanditInstallation | { reason: string }> {
    return this.discover();
  }

  async analyze(files: SourceFile[], signal: AbortSignal): Promise<Finding[]> {
    signal.throwIfAborted();
    if (files.length === 0) return [];
    const installation = await this.discover();
    if ("reason" in installation) throw new Error(installation.reason);
    const entries = layoutFiles(files);
    const work = await createAnalysisWorkDir("seclsp-bandit-", this.options.workDir);
    try {
      await writeSourceRoot(work, entries);
      const stdout = await this.runBandit(
        installation.path,
        entries.map((entry) => entry.rel),
        work,
        signal,
      );
      return findingsFromBanditJson(stdout, entries, work);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * Files where they are on disk (`seclsp check`): no copies, one bandit process for the whole
   * set (more only when the paths would exceed the OS argument limit). `readText` gives the text
   * a reported file's columns are converted against — the text the caller reports on.
   */
  async analyzePaths(
    paths: readonly string[],
    signal: AbortSignal,
    readText: (file: string) => Promise<string | undefined>,
  ): Promise<Finding[]> {
    signal.throwIfAborted();
    if (paths.length === 0) return [];
    const installation = await this.discover();
    if ("reason" in installation) throw new Error(installation.reason);
    const absolute = paths.map((file) => path.resolve(file));
    const cwd = commonDirectory(absolute);
    const findings: Finding[] = [];
    for (const chunk of argumentChunks(absolute.map((file) => `./${path.relative(cwd, file)}`))) {
      const stdout = await this.runBandit(installation.path, chunk, cwd, signal);
      const reported = new Set(reportedFiles(stdout).map((name) => path.resolve(cwd, name)));
      const entries: RootEntry[] = [];
      for (const file of reported) {
        const text = await readText(file);
        if (text === undefined) continue;
        entries.push({ rel: path.relative(cwd, file).split(path.sep).join("/"), text, original: file });
      }
      findings.push(...findingsFromBanditJson(stdout, entries, cwd));
    }
    return findings;
  }

  /** `bandit -f json -q <files>` in `cwd`; its stdout, or a clear error. */
  private async runBandit(
    executable: string,
    files: string[],
    cwd: string,
    signal: AbortSignal,
  ): Promise<string> {
    const result = await runProcess(executable, ["-f", "json", "-q", ...files], {
      cwd,
      env: this.env,
      signal,
      timeoutMs: this.config.timeoutMs,
    });
    if (result.timedOut)
      throw new Error(
        `bandit timed out after ${this.config.timeoutMs} ms (seclsp.bandit.timeoutMs) and was killed`,
      );
    // Exit 1 means "issues found", not failure.
    if (result.exitCode !== 0 && result.exitCode !== 1) {
      throw new Error(`bandit failed (exit ${result.exitCode}): ${stderrTail(result.stderr, 5)}`);
    }
    return result.stdout;
  }

  private discover(): Promise<BanditInstallation | { reason: string }> {
    // A tool that was missing is looked for again after a while (the user may install it).
    if (
      !this.installation ||
      (this.missingSince !== undefined && Date.now() - this.missingSince > REDISCOVER_AFTER_MS)
    ) {
      this.missingSince = undefined;
      this.installation = discoverBandit(this.config.path, this.env).then((found) => {
        if ("reason" in found) this.missingSince = Date.now();
        return found;
      });
    }
    return this.installation;
  }
}

async function discoverBandit(
  configured: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<BanditInstallation | { reason: string }> {
  const executable = configured ?? (await findExecutable("bandit", env));
  if (!executable) return { reason: `Bandit not found on PATH. ${BANDIT_INSTALL_HINT}` };
  if (configured && !(await isExecutableFile(configured))) {
    return { reason: `seclsp.bandit.path = ${configured} is not an executable file. ${BANDIT_INSTALL_HINT}` };
  }
  try {
    const result = await runProcess(executable, ["--version"], { env, timeoutMs: 30_000 });
    const version = /bandit\s+(\d+(?:\.\d+)+)/i.exec(result.stdout + result.stderr)?.[1];
    if (result.exitCode !== 0 || !version) {
      return {
        reason: `\`${executable} --version\` failed (exit ${result.exitCode}): ${stderrTail(result.stderr, 3)}`,
      };
    }
    return { path: executable, version };
  } catch (error) {
    return { reason: `cannot run ${executable}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Parse bandit's JSON and map each result back to the caller's file. Exported for tests. */
export function findingsFromBanditJson(stdout: string, entries: RootEntry[], root: string): Finding[] {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    throw new Error(`bandit printed output that is not JSON: ${stdout.slice(0, 200)}`);
  }
  const parsed = banditOutputSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(`bandit JSON has an unexpected shape: ${parsed.error.message.slice(0, 300)}`);
  const byRel = new Map(entries.map((entry) => [entry.rel, entry]));
  const occurrences = new Map<string, number>();
  const findings: Finding[] = [];
  for (const result of parsed.data.results) {
    const rel = path.relative(root, path.resolve(root, result.filename)).split(path.sep).join("/");
    const entry = byRel.get(rel);
    if (!entry) continue;
    const mapping = banditRuleMapping(result.test_id);
    const range = rangeOf(result, new LineIndex(entry.text));
    const key = `${entry.original}\0${mapping.ruleId}\0${range.start.line}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    const finding: Finding = {
      ruleId: mapping.ruleId,
      // The registry's CWEs, not Bandit's issue_cwe: one problem, one set of CWEs, whoever reports it.
      cwes: mapping.cwes,
      severity: banditSeverity(result.issue_severity, mapping.severity),
      message: result.issue_text,
      file: entry.original,
      range,
      source: "bandit",
      fingerprint: fingerprintFor(mapping.ruleId, entry.text, range, occurrence),
      reporters: [{ tool: "bandit", ruleId: result.test_id }],
    };
    if (mapping.securitySeverity !== undefined) finding.securitySeverity = mapping.securitySeverity;
    // The problem's page (CodeQL's or ruff's) when another tool shares it; Bandit's own otherwise.
    finding.helpUri =
      mapping.ruleId.startsWith("bandit/") && result.more_info ? result.more_info : mapping.helpUri;
    findings.push(finding);
  }
  return findings;
}

/** Bandit gives lines (1-based) and, since 1.7, UTF-8 byte columns; older versions: the whole statement line. */
function rangeOf(result: BanditResult, lines: LineIndex): Range {
  const startLine = Math.max(0, result.line_number - 1);
  const lastLine = Math.max(startLine, (result.line_range?.at(-1) ?? result.line_number) - 1);
  const startText = lines.line(startLine);
  const start =
    result.col_offset !== undefined
      ? utf8ByteToUtf16(startText, result.col_offset)
      : startText.length - startText.trimStart().length;
  const endText = lines.line(lastLine);
  const end =
    result.end_col_offset !== undefined
      ? utf8ByteToUtf16(endText, result.end_col_offset)
      : endText.trimEnd().length;
  return { start: { line: startLine, character: start }, end: { line: lastLine, character: end } };
}

/** Bytes of file arguments per bandit process: well under Linux's 2 MB ARG_MAX (env included). */
const MAX_ARGUMENT_BYTES = 512 * 1024;

function argumentChunks(files: string[]): string[][] {
  const chunks: string[][] = [[]];
  let bytes = 0;
  for (const file of files) {
    const size = Buffer.byteLength(file) + 1;
    if (bytes + size > MAX_ARGUMENT_BYTES && chunks.at(-1)!.length > 0) {
      chunks.push([]);
      bytes = 0;
    }
    chunks.at(-1)!.push(file);
    bytes += size;
  }
  return chunks;
}

/** The file names bandit reported results for (an unparsable output is left to the full parse). */
function reportedFiles(stdout: string): string[] {
  try {
    const parsed = banditOutputSchema.safeParse(JSON.parse(stdout));
    return parsed.success ? parsed.data.results.map((result) => result.filename) : [];
  } catch {
    return [];
  }
}

function commonDirectory(files: string[]): string {
  let common = path.dirname(files[0]!);
  for (const file of files.slice(1)) {
    while (common !== path.dirname(common) && !file.startsWith(common + path.sep))
      common = path.dirname(common);
  }
  return common;
}
