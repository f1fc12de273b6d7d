import { join, resolve } from "node:path";
import type { ThreatModel } from "../analysis/analyzer.js";
import { normalizeCwe } from "../analysis/cwe.js";
import type { FindingSource } from "../analysis/finding.js";
import { defaultAnalyzerFactory } from "./bench-analyzer.js";
import { defaultModelFactory } from "./bench-models.js";
import { defaultBenchWorkflows } from "./bench-workflows.js";
import { confirmOnTty } from "./estimate.js";
import { RESULTS_FILE, readManifest } from "./manifest.js";
import { mergeRuns } from "./merge.js";
import { chooseProgress } from "./progress.js";
import { writeOutputs } from "./report/write-outputs.js";
import { rescoreRun, rescoreThreatModel } from "./rescore.js";
import { readResults } from "./results-store.js";
import { loadRunConfig } from "./run-config.js";
import { runBench } from "./runner.js";
import { resolveShard } from "./shard.js";
import { TaskTestPool } from "./unit-tests/task-test-pool.js";

/** The bench subcommands' work, loaded only when a bench command runs (vega, ruff wasm, openai are heavy). */

export interface RunFlags {
  out?: string;
  cwe?: string[];
  shard?: string;
  replay?: boolean;
  cacheDir?: string;
  yes?: boolean;
  progress: boolean;
  /** SecCodePLT unit tests on generated and repaired code: on (default) | off. */
  tests?: "on" | "off" | "unsafe";
}

export interface RescoreFlags {
  analyzer: FindingSource[];
  /** Default: the threat model the run was analyzed with (its manifest). */
  threatModel?: ThreatModel;
  out?: string;
  coverageFilter: boolean;
  codeqlPath?: string;
}

export const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export async function mergeCommand(dirs: string[], out: string): Promise<void> {
  const summary = await mergeRuns(
    dirs.map((d) => resolve(d)),
    resolve(out),
    log,
  );
  log(
    `merged ${summary.rows} rows into ${out}${summary.duplicates ? ` (${summary.duplicates} duplicates ignored)` : ""}`,
  );
}

export async function rescoreCommand(run: string, flags: RescoreFlags): Promise<void> {
  const outDir = resolve(flags.out ?? join(run, `rescored-${flags.analyzer.join("+")}`));
  const threatModel = rescoreThreatModel(flags.threatModel, await readManifest(resolve(run)));
  await rescoreRun({
    runDir: resolve(run),
    outDir,
    analyzers: flags.analyzer,
    threatModel,
    factory: defaultAnalyzerFactory({
      threatModel,
      ...(flags.codeqlPath ? { codeql: { path: resolve(flags.codeqlPath) } } : {}),
    }),
    coverageFilter: flags.coverageFilter,
    log,
  });
  log(`tables: ${join(outDir, "tables.md")}`);
}

export async function reportCommand(run: string): Promise<void> {
  const manifest = await readManifest(run);
  const { rows } = await readResults(join(run, RESULTS_FILE));
  const { files } = await writeOutputs(run, manifest, rows);
  log(`wrote ${files.length} files in ${run}`);
}

export async function runCommand(configFile: string, flags: RunFlags): Promise<void> {
  const config = await loadRunConfig(configFile);
  const shard = resolveShard(flags.shard);
  const cwes = flags.cwe
    ?.flatMap((c) => c.split(","))
    .map((c) => {
      const cwe = normalizeCwe(c);
      if (!cwe) throw new Error(`--cwe: "${c}" is not a CWE id`);
      return cwe;
    });
  const runDir = resolve(
    flags.out ?? join("runs", config.name, ...(shard ? [`shard-${shard.index}-of-${shard.count}`] : [])),
  );
  const cacheDir = resolve(flags.cacheDir ?? config.llm.cacheDir ?? join(runDir, "llm-cache"));
  const outDir = flags.replay ? join(runDir, "replay") : runDir;
  const controller = new AbortController();
  const onSignal = (): void => {
    log("interrupted: finishing the units in flight; run the same command again to resume");
    controller.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const summary = await runBench({
      config,
      outDir,
      cwes,
      shard,
      workflows: defaultBenchWorkflows(),
      models: defaultModelFactory({
        cacheDir,
        replay: flags.replay ?? false,
        allowRemote: config.llm.allowRemote,
        warn: log,
      }),
      analyzers: defaultAnalyzerFactory({ threatModel: config.threatModel, codeql: config.codeql }),
      progress: chooseProgress(flags.progress),
      log,
      confirm: flags.yes
        ? undefined
        : (estimate) => (estimate.pendingUnits > 0 ? confirmOnTty("Start the run?") : Promise.resolve(true)),
      signal: controller.signal,
      tests:
        flags.tests === "off"
          ? undefined
          : new TaskTestPool({ mode: flags.tests === "unsafe" ? "unsafe" : "on" }),
    });
    if (summary.cancelled) {
      if (!controller.signal.aborted) log("run not started");
      process.exitCode = controller.signal.aborted ? 130 : 1;
      return;
    }
    const manifest = await readManifest(outDir);
    await writeOutputs(outDir, manifest, summary.rows);
    log(`${summary.ranUnits} unit(s) run, ${summary.resumedUnits} resumed; results in ${outDir}`);
    if (summary.failedUnits > 0) process.exitCode = 1;
    log(`tables: ${join(outDir, "tables.md")}  report: ${join(outDir, "report.html")}`);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
