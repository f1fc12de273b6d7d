import { type BenchTask, taskKey } from "./bench-task.js";
import { expandConditions } from "./conditions.js";
import { analyzerCoverage, applyCoverageFilter } from "./coverage/analyzer-coverage.js";
import { formatProblem, loadDataset } from "./datasets/load-dataset.js";
import { configHash, type DatasetSummary, type RunManifest } from "./manifest.js";
import { generatorName, type RunConfig } from "./run-config.js";
import { inShard, type ShardSpec } from "./shard.js";

export interface PreparedRun {
  manifest: RunManifest;
  /** This shard's tasks, in dataset order. */
  tasks: BenchTask[];
  /** Human-readable lines: bad dataset rows, coverage drops. */
  notices: string[];
}

/**
 * Load every dataset, apply the --cwe filter and the coverage filter to the WHOLE dataset, then
 * keep this shard's tasks. Filtering before partitioning keeps the manifest identical across shards.
 */
export async function prepareRun(
  config: RunConfig,
  options: { cwes?: string[]; shard?: ShardSpec },
): Promise<PreparedRun> {
  const cwes = options.cwes ?? config.cwes;
  const coverage = new Set(config.analyzers.flatMap((a) => [...analyzerCoverage(a)]));
  const notices: string[] = [];
  const summaries: DatasetSummary[] = [];
  const tasks: BenchTask[] = [];
  for (const spec of config.datasets) {
    const dataset = await loadDataset(spec.path, { name: spec.name, format: spec.format });
    for (const problem of dataset.problems) notices.push(`dataset row skipped: ${formatProblem(problem)}`);
    const afterCwe = cwes ? dataset.tasks.filter((t) => cwes.includes(t.targetCwe)) : dataset.tasks;
    const filtered = config.coverageFilter
      ? applyCoverageFilter(afterCwe, coverage)
      : { tasks: afterCwe, report: { kept: afterCwe.length, dropped: 0, droppedCwes: [] } };
    if (filtered.report.dropped > 0) {
      const list = filtered.report.droppedCwes.map((d) => `${d.cwe} (${d.tasks})`).join(", ");
      notices.push(
        `${dataset.name}: coverage filter dropped ${filtered.report.dropped} of ${afterCwe.length} tasks ` +
          `whose target CWE ${config.analyzers.join("+")} cannot detect: ${list}`,
      );
    }
    summaries.push({
      name: dataset.name,
      format: dataset.format,
      loaded: dataset.tasks.length,
      problems: dataset.problems.length,
      afterCweFilter: afterCwe.length,
      coverage: filtered.report,
    });
    tasks.push(...filtered.tasks.filter((t) => inShard(taskKey(t), options.shard)));
  }
  const manifest: RunManifest = {
    format: "seclsp-bench/1",
    name: config.name,
    configHash: configHash(config, cwes),
    models: config.generators.map(generatorName),
    datasets: summaries,
    conditions: expandConditions(config.conditions),
    rounds: config.rounds,
    analyzers: config.analyzers.join("+"),
    threatModel: config.threatModel,
    ...(cwes ? { cwes } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
  };
  return { manifest, tasks, notices };
}
