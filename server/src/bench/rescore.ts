import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { ThreatModel } from "../analysis/analyzer.js";
import type { FindingSource } from "../analysis/finding.js";
import { type AnalyzerFactory, BenchAnalyzer, snippetPath } from "./bench-analyzer.js";
import { analyzerCoverage, cweNumber } from "./coverage/analyzer-coverage.js";
import {
  type DatasetSummary,
  RESULTS_FILE,
  type RunManifest,
  readManifest,
  writeManifest,
} from "./manifest.js";
import { writeOutputs } from "./report/write-outputs.js";
import { compareRows, type ResultRow } from "./result-row.js";
import { readResults, writeResults } from "./results-store.js";

export interface RescoreOptions {
  runDir: string;
  outDir: string;
  analyzers: FindingSource[];
  /** The embedded analyzer's threat model in `factory`: recorded in the manifest and tables. */
  threatModel: ThreatModel;
  factory: AnalyzerFactory;
  coverageFilter: boolean;
  log?: (line: string) => void;
}

/**
 * Re-analyze the stored code of a run with other analyzers — no model calls. Every row keeps its
 * code; findings are replaced. Which snippets were repaired was decided by the original analyzer
 * (repairs are not re-run), and tasks dropped by the original coverage filter cannot come back.
 */
export async function rescoreRun(options: RescoreOptions): Promise<{ rows: number; droppedTasks: number }> {
  const manifest = await readManifest(options.runDir);
  const loaded = await readResults(join(options.runDir, RESULTS_FILE));
  const analyzer = await BenchAnalyzer.create(options.analyzers, options.factory);
  const coverage = new Set(options.analyzers.flatMap((a) => [...analyzerCoverage(a)]));
  const kept = options.coverageFilter ? loaded.rows.filter((r) => coverage.has(r.targetCwe)) : loaded.rows;
  const sorted = [...kept].sort(compareRows);
  const found = await analyzer.analyzeMany(
    sorted.map((row, index) => ({
      id: String(index),
      code: row.code,
      path: snippetPath(row.dataset, row.taskId),
    })),
  );
  const rows: ResultRow[] = sorted.map((row, index) => ({
    ...row,
    findings: found.get(String(index)) ?? [],
    analyzer: analyzer.label,
  }));
  const datasets = manifest.datasets.map((d) => rescoredSummary(d, loaded.rows, kept));
  const droppedTasks = datasets.reduce(
    (n, d) => n + d.coverage.dropped - (findSummary(manifest, d.name)?.coverage.dropped ?? 0),
    0,
  );
  const next: RunManifest = {
    ...manifest,
    analyzers: analyzer.label,
    threatModel: options.threatModel,
    datasets,
  };
  await mkdir(options.outDir, { recursive: true });
  await writeManifest(options.outDir, next);
  await writeResults(join(options.outDir, RESULTS_FILE), rows);
  await writeOutputs(options.outDir, next, rows);
  options.log?.(
    `rescored ${rows.length} rows with ${analyzer.label} (threat model ${options.threatModel}); coverage filter dropped ${droppedTasks} more task(s)`,
  );
  return { rows: rows.length, droppedTasks };
}

/**
 * `--threat-model`, else the one the run was analyzed with, so the rescored tables never carry
 * a label that differs from what was analyzed. A manifest without one predates the field: the
 * config default then, remote.
 */
export function rescoreThreatModel(flag: ThreatModel | undefined, manifest: RunManifest): ThreatModel {
  if (flag) return flag;
  const value: unknown = manifest.threatModel;
  if (value === undefined) return "remote";
  if (value === "remote" || value === "local" || value === "library") return value;
  throw new Error(`manifest.json: unknown threatModel "${String(value)}"; pass --threat-model`);
}

function findSummary(manifest: RunManifest, name: string): DatasetSummary | undefined {
  return manifest.datasets.find((d) => d.name === name);
}

/** The original coverage report plus the tasks the new analyzers cannot detect. */
function rescoredSummary(summary: DatasetSummary, before: ResultRow[], after: ResultRow[]): DatasetSummary {
  const tasks = (rows: ResultRow[]): Map<string, string> =>
    new Map(rows.filter((r) => r.dataset === summary.name).map((r) => [r.taskId, r.targetCwe]));
  const was = tasks(before);
  const now = tasks(after);
  const dropped = new Map(summary.coverage.droppedCwes.map((d) => [d.cwe, d.tasks]));
  for (const [taskId, cwe] of was) if (!now.has(taskId)) dropped.set(cwe, (dropped.get(cwe) ?? 0) + 1);
  const droppedCwes = [...dropped.entries()]
    .map(([cwe, n]) => ({ cwe, tasks: n }))
    .sort((a, b) => cweNumber(a.cwe) - cweNumber(b.cwe));
  const droppedNow = was.size - now.size;
  return {
    ...summary,
    coverage: {
      kept: summary.coverage.kept - droppedNow,
      dropped: summary.coverage.dropped + droppedNow,
      droppedCwes,
    },
  };
}
