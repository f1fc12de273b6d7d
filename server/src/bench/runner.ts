import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import pLimit from "p-limit";
import { ConsentRequiredError } from "../llm/consent.js";
import type { ChatModel, ModelRoles } from "../llm/types.js";
import { type AnalyzerFactory, BenchAnalyzer, snippetPath } from "./bench-analyzer.js";
import { EndpointLimiter, type ModelFactory } from "./bench-models.js";
import type { BenchTask } from "./bench-task.js";
import type { BenchWorkflows } from "./bench-workflows.js";
import { type PipelineState, runCondition } from "./condition-runner.js";
import { type Condition, conditionWritesRows, prerequisites } from "./conditions.js";
import { describeEstimate, type Estimate, estimateRun } from "./estimate.js";
import { RESULTS_FILE, writeManifest } from "./manifest.js";
import { prepareRun } from "./prepare-run.js";
import type { ProgressSink } from "./progress.js";
import { quietProgress } from "./progress.js";
import { type ResultRow, unitKey } from "./result-row.js";
import { ResultsWriter, readResults, writeResults } from "./results-store.js";
import { generatorName, helperRole, type RunConfig } from "./run-config.js";
import type { ShardSpec } from "./shard.js";
import type { TaskTestPool } from "./unit-tests/task-test-pool.js";

export interface RunOptions {
  config: RunConfig;
  outDir: string;
  workflows: BenchWorkflows;
  models: ModelFactory;
  analyzers: AnalyzerFactory;
  cwes?: string[];
  shard?: ShardSpec;
  progress?: ProgressSink;
  log?: (line: string) => void;
  /** Called with the estimate before any model call; false stops the run (nothing written but the manifest). */
  confirm?: (estimate: Estimate) => Promise<boolean>;
  signal?: AbortSignal;
  /** Sandbox pool for SecCodePLT unit tests; undefined = tests off. */
  tests?: TaskTestPool;
}

export interface RunSummary {
  outDir: string;
  rows: ResultRow[];
  ranUnits: number;
  resumedUnits: number;
  /** Units whose model calls failed (endpoint errors, replay misses); not written, a rerun retries them. */
  failedUnits: number;
  firstFailure?: string;
  cancelled: boolean;
}

/**
 * Run (or resume) a bench: every model × task is a pipeline running its conditions in order
 * (vanilla before repairs, self-hints before preciseness). Finished units found in results.jsonl
 * are reused, so a killed run continues where it stopped without repeating model calls.
 */
export async function runBench(options: RunOptions): Promise<RunSummary> {
  const { config, outDir } = options;
  const log = options.log ?? (() => {});
  await mkdir(outDir, { recursive: true });
  const prepared = await prepareRun(config, { cwes: options.cwes, shard: options.shard });
  for (const notice of prepared.notices) log(notice);
  await writeManifest(outDir, prepared.manifest);

  const resultsFile = join(outDir, RESULTS_FILE);
  const loaded = await readResults(resultsFile);
  if (loaded.tornTail || loaded.incompleteRows > 0 || loaded.badLines.length > 0) {
    log(
      `results.jsonl: dropped ${loaded.tornTail ? "a torn last line" : "no torn line"}, ` +
        `${loaded.incompleteRows} row(s) of unfinished units, ${loaded.badLines.length} unreadable line(s); those units run again`,
    );
    await writeResults(resultsFile, loaded.rows);
  }
  const done = groupUnits(loaded.rows);

  const conditions = prepared.manifest.conditions.filter(conditionWritesRows);
  const models = config.generators.map(generatorName);
  const pending: Array<{ condition: Condition; promptChars: number }> = [];
  let doneUnits = 0;
  for (const model of models) {
    for (const task of prepared.tasks) {
      for (const condition of conditions) {
        if (done.has(unitKey({ model, condition, dataset: task.dataset, taskId: task.id }))) doneUnits++;
        else pending.push({ condition, promptChars: task.prompt.length });
      }
    }
  }
  const estimate = estimateRun({
    pending,
    doneUnits,
    tasks: prepared.tasks.length,
    models: models.length,
    conditions,
    rounds: config.rounds,
    secondsPerCall: config.estimate.secondsPerCall,
    parallelCalls: Math.min(config.concurrency.tasks, config.concurrency.perEndpoint * endpointCount(config)),
  });
  log(describeEstimate(estimate));
  if (pending.length > 0 && options.confirm && !(await options.confirm(estimate))) {
    return {
      outDir,
      rows: loaded.rows,
      ranUnits: 0,
      resumedUnits: doneUnits,
      failedUnits: 0,
      cancelled: true,
    };
  }

  const analyzer = await BenchAnalyzer.create(config.analyzers, options.analyzers);
  const limiter = new EndpointLimiter(config.concurrency.perEndpoint);
  const explainerConfig = helperRole(config, "explainer");
  const judgeConfig = helperRole(config, "judge");
  const explainer = limiter.wrap(options.models("explainer", explainerConfig), explainerConfig.baseURL);
  const judge = limiter.wrap(options.models("judge", judgeConfig), judgeConfig.baseURL);
  const generators = new Map<string, ChatModel>(
    config.generators.map((g) => {
      const { name: _name, ...role } = g;
      return [generatorName(g), limiter.wrap(options.models("generator", role), role.baseURL)];
    }),
  );

  const progress = options.progress ?? quietProgress;
  progress.start(pending.length + doneUnits, doneUnits);
  const writer = await ResultsWriter.open(resultsFile);
  const rows = [...loaded.rows];
  const limit = pLimit(config.concurrency.tasks);
  let ranUnits = 0;
  const failures: string[] = [];
  // Stops every pipeline: the caller's signal, or a failure that makes the whole run pointless.
  const stop = new AbortController();
  options.signal?.addEventListener("abort", () => stop.abort(options.signal?.reason), { once: true });
  if (options.signal?.aborted) stop.abort(options.signal.reason);
  let fatal: unknown;
  try {
    const pipelines: Array<Promise<void>> = [];
    for (const model of models) {
      const roles: ModelRoles = { generator: generators.get(model)!, explainer, judge };
      for (const task of prepared.tasks) {
        pipelines.push(
          limit(async () => {
            const state: PipelineState = {};
            const failed = new Set<Condition>();
            for (const condition of conditions) {
              stop.signal.throwIfAborted();
              const key = unitKey({ model, condition, dataset: task.dataset, taskId: task.id });
              let unitRows = done.get(key);
              if (!unitRows && prerequisites(condition).some((p) => failed.has(p))) {
                failed.add(condition);
                continue;
              }
              if (!unitRows) {
                try {
                  unitRows = await runCondition({
                    condition,
                    task,
                    model,
                    analyzer: analyzer.label,
                    ctx: workflowContext(roles, analyzer, task, stop.signal),
                    workflows: options.workflows,
                    state,
                    rounds: config.rounds,
                    iterativeFeedback: config.iterativeFeedback,
                    tests: options.tests,
                  });
                } catch (error) {
                  if (stop.signal.aborted) throw error;
                  // Nothing leaves this machine without consent: stop everything, do not retry per unit.
                  if (error instanceof ConsentRequiredError) {
                    fatal = error;
                    stop.abort(error);
                    throw error;
                  }
                  const text = error instanceof Error ? error.message : String(error);
                  if (failures.length < 3) log(`${model} / ${condition} / ${task.id}: ${text}`);
                  failures.push(text);
                  failed.add(condition);
                  continue;
                }
                await writer.append(unitRows);
                rows.push(...unitRows);
                ranUnits++;
                progress.increment(limiter.stats);
              }
              remember(state, condition, unitRows);
            }
          }),
        );
      }
    }
    const outcomes = await Promise.allSettled(pipelines);
    if (fatal !== undefined) throw fatal;
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failure && !options.signal?.aborted) throw failure.reason;
  } finally {
    progress.stop();
    await writer.close();
  }
  if (failures.length > 0) {
    log(`${failures.length} unit(s) failed and were not written; run the same command again to retry them`);
  }
  return {
    outDir,
    rows,
    ranUnits,
    resumedUnits: doneUnits,
    failedUnits: failures.length,
    ...(failures[0] !== undefined ? { firstFailure: failures[0] } : {}),
    cancelled: options.signal?.aborted ?? false,
  };
}

function workflowContext(roles: ModelRoles, analyzer: BenchAnalyzer, task: BenchTask, signal?: AbortSignal) {
  const path = snippetPath(task.dataset, task.id);
  return {
    models: roles,
    analyze: (code: string, s?: AbortSignal) => analyzer.analyze(code, path, s ?? signal),
    signal,
  };
}

function remember(state: PipelineState, condition: Condition, rows: ResultRow[]): void {
  const final = rows.find((r) => r.final);
  if (condition === "vanilla") state.vanilla = final;
  if (condition === "self-hints") state.selfHints = final;
}

function groupUnits(rows: ResultRow[]): Map<string, ResultRow[]> {
  const units = new Map<string, ResultRow[]>();
  for (const row of rows) {
    const key = unitKey(row);
    const list = units.get(key) ?? [];
    list.push(row);
    units.set(key, list);
  }
  return units;
}

function endpointCount(config: RunConfig): number {
  return new Set(config.generators.map((g) => g.baseURL.replace(/\/+$/, ""))).size;
}
