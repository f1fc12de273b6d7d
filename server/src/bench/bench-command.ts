import { type Command, Option } from "commander";
import type { RescoreFlags, RunFlags } from "./bench-actions.js";

type Actions = typeof import("./bench-actions.js");

/** `seclsp bench run|merge|rescore|report`: the paper's experiments, headless. */
export function registerBenchCommand(program: Command): void {
  const bench = program
    .command("bench")
    .description("run the paper's experiments on a dataset: seclsp bench run <config.yaml>");

  bench
    .command("run")
    .description("run (or resume) a bench described by a JSON/YAML config")
    .argument("<config>", "run config (JSON or YAML)")
    .option("--out <dir>", "run directory (default runs/<name>, or runs/<name>/shard-<i>-of-<n>)")
    .option("--cwe <ids...>", "only tasks with these target CWEs (e.g. CWE-89 78)")
    .option("--shard <i/n>", "run shard i of n (0-based); also JOB_COMPLETION_INDEX + SECLSP_SHARD_COUNT")
    .option(
      "--replay",
      "answer every model call from the run's LLM cache only (no network); writes to <run>/replay",
    )
    .option("--cache-dir <dir>", "LLM cache (default <run>/llm-cache)")
    .option("-y, --yes", "do not ask for confirmation on a terminal")
    .option("--no-progress", "no progress bar")
    .addOption(
      new Option(
        "--tests <mode>",
        "run SecCodePLT unit tests on generated/repaired code in a sandbox (unsafe: run unisolated when no sandbox works)",
      )
        .choices(["on", "off", "unsafe"])
        .default("on"),
    )
    .action((configFile: string, flags: RunFlags) => withActions((a) => a.runCommand(configFile, flags)));

  bench
    .command("merge")
    .description("merge shard directories of one run into one run directory")
    .argument("<dirs...>", "shard run directories")
    .requiredOption("--out <dir>", "merged run directory")
    .action((dirs: string[], flags: { out: string }) => withActions((a) => a.mergeCommand(dirs, flags.out)));

  bench
    .command("rescore")
    .description("re-analyze the stored code of a run with other analyzers (no model calls)")
    .argument("<run>", "run directory")
    .addOption(
      new Option("--analyzer <names...>", "analyzers")
        .choices(["embedded", "codeql", "bandit"])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option("--threat-model <model>", "embedded threat model (default: the run's)").choices([
        "remote",
        "local",
        "library",
      ]),
    )
    .option("--out <dir>", "output run directory (default <run>/rescored-<analyzers>)")
    .option("--codeql-path <path>", "codeql executable (default: found on PATH)")
    .option("--no-coverage-filter", "keep tasks the new analyzers cannot detect")
    .action((run: string, flags: RescoreFlags) => withActions((a) => a.rescoreCommand(run, flags)));

  bench
    .command("validate-dataset")
    .description("run each SecCodePLT task's unit tests on its patched and vulnerable reference code")
    .argument("<dataset>", "SecCodePLT-format JSONL file")
    .option("--json <file>", "also write the per-task results as JSON")
    .option("--case-timeout <seconds>", "time limit per test case (default 5)")
    .option("--concurrency <n>", "sandboxes in parallel (default: number of cores)")
    .action((file: string, flags: import("./unit-tests/validate-command.js").ValidateFlags) =>
      import("./unit-tests/validate-command.js")
        .then((m) => m.validateDatasetCommand(file, flags))
        .catch((error: unknown) => {
          process.stderr.write(`seclsp bench: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exitCode = 1;
        }),
    );

  bench
    .command("report")
    .description("rebuild tables, chart and report.html of a run directory from results.jsonl")
    .argument("<run>", "run directory")
    .action((run: string) => withActions((a) => a.reportCommand(run)));

  // After the subcommands copied the inherited settings: `seclsp bench frobnicate` lists these.
  bench.showHelpAfterError();
}

/**
 * Load the bench implementation on demand (vega, the ruff wasm and openai are heavy; the language
 * server must not pay for them). Errors become one line on stderr and exit code 1.
 */
async function withActions(action: (actions: Actions) => Promise<void>): Promise<void> {
  try {
    await action(await import("./bench-actions.js"));
  } catch (error) {
    process.stderr.write(`seclsp bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
