import { type Command, InvalidArgumentError, Option } from "commander";
import type { ThreatModel } from "../analysis/analyzer.js";
import { FAIL_LEVELS, type FailLevel } from "./exit-code.js";
import { REPORT_FORMATS, type ReportFormat } from "./reporter.js";

interface CheckFlags {
  format: ReportFormat;
  output?: string;
  failOn: FailLevel;
  threatModel?: ThreatModel;
  config?: string;
  exclude: string[];
  maxFileBytes?: number;
  gitignore: boolean;
  codeql?: boolean;
  bandit?: boolean;
  baseline?: string;
  newSince?: string;
  stdinFilename?: string;
  showSettings?: boolean;
  jobs?: number;
  cache: boolean;
  cacheDir?: string;
  verbose?: boolean;
}

/** `seclsp check <paths...>`; the analysis modules load only when the command runs. */
export function registerCheckCommand(program: Command): void {
  program
    .command("check")
    .description("analyze Python files and folders and print the security findings, like a linter")
    .argument(
      "<paths...>",
      "Python files and folders (folders are searched for *.py and *.pyw); - reads one file from stdin",
    )
    .addOption(new Option("-f, --format <format>", "report format").choices(REPORT_FORMATS).default("text"))
    .option("-o, --output <file>", "write the report to this file instead of stdout")
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when a finding is at least this severe")
        .choices(FAIL_LEVELS)
        .default("warning"),
    )
    .addOption(
      new Option(
        "--threat-model <model>",
        "which data is untrusted (default: the config's, else library)",
      ).choices(["remote", "local", "library"]),
    )
    .option(
      "-c, --config <file>",
      "JSON file with seclsp settings (the `seclsp` section or an object holding it)",
    )
    .option("--exclude <glob>", "skip matching files/folders (repeatable)", collect, [])
    .option(
      "--max-file-bytes <bytes>",
      "skip larger files (default: the config's maxFileBytes, 2000000)",
      positiveInt,
    )
    .option("--no-gitignore", "do not honour .gitignore files")
    .option("--codeql", "run CodeQL; say on stderr when it cannot (default: when found on PATH)")
    .option("--no-codeql", "do not run CodeQL, even when it is found on PATH or codeql.mode is on")
    .option("--bandit", "run Bandit too (default: only when bandit.mode is on)")
    .option("--no-bandit", "do not run Bandit, even when bandit.mode is on")
    .option(
      "--baseline <sarif>",
      "report (and count for --fail-on) only findings not in this earlier `--format sarif` report",
    )
    .option("--new-since <git-ref>", "report only findings on lines changed since this git ref")
    .option("--stdin-filename <path>", "with `-`: the path of the text on stdin (config lookup, reports)")
    .option("--show-settings", "print the effective settings for the first path and where they came from")
    .option(
      "-j, --jobs <n>",
      "analyze files in this many worker threads (default: the number of CPUs less one, fewer when memory is short; 1 = no workers)",
      positiveInt,
    )
    .option("--cache-dir <dir>", "keep the result cache here (default: $XDG_CACHE_HOME/seclsp/check)")
    .option("--no-cache", "neither read nor write the result cache")
    .option("--verbose", "say on stderr how many files came from the cache, and the number of workers")
    .action(async (paths: string[], flags: CheckFlags) => {
      const { runCheck } = await import("./run-check.js");
      process.exitCode = await runCheck(
        { paths, ...flags },
        { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
      );
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError("expected a positive integer");
  return parsed;
}
