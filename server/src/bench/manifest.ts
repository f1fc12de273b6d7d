import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Condition } from "./conditions.js";
import type { CoverageReport } from "./coverage/analyzer-coverage.js";
import type { RunConfig } from "./run-config.js";
import { generatorName } from "./run-config.js";
import type { ShardSpec } from "./shard.js";

export const MANIFEST_FILE = "manifest.json";
export const RESULTS_FILE = "results.jsonl";

export interface DatasetSummary {
  name: string;
  format: string;
  /** Rows read from the file (before filters). */
  loaded: number;
  /** Bad rows (reported with file:line at load time). */
  problems: number;
  /** Tasks left after the --cwe filter. */
  afterCweFilter: number;
  coverage: CoverageReport;
}

/**
 * What a run directory holds, written before any work. Everything in it except `shard` is the
 * same for every shard of a run (coverage is computed before partitioning), which is what lets
 * `bench merge` check that shards belong together and produce the single run's tables.
 */
export interface RunManifest {
  format: "seclsp-bench/1";
  name: string;
  /** Hash of the settings that change results (not concurrency, names, paths or estimates). */
  configHash: string;
  models: string[];
  datasets: DatasetSummary[];
  conditions: Condition[];
  rounds: number;
  analyzers: string;
  threatModel: string;
  cwes?: string[];
  shard?: ShardSpec;
}

export function configHash(config: RunConfig, cwes: string[] | undefined): string {
  const relevant = {
    datasets: config.datasets.map((d) => ({ name: d.name, format: d.format })),
    generators: config.generators.map((g) => ({ ...g, name: generatorName(g), timeoutMs: undefined })),
    explainer: { ...config.explainer, timeoutMs: undefined },
    judge: { ...config.judge, timeoutMs: undefined },
    analyzers: config.analyzers,
    threatModel: config.threatModel,
    conditions: config.conditions,
    rounds: config.rounds,
    iterativeFeedback: config.iterativeFeedback,
    coverageFilter: config.coverageFilter,
    cwes,
  };
  return createHash("sha256").update(JSON.stringify(relevant)).digest("hex").slice(0, 16);
}

export async function writeManifest(dir: string, manifest: RunManifest): Promise<void> {
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function readManifest(dir: string): Promise<RunManifest> {
  const file = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new Error(`${dir} is not a bench run directory (no ${MANIFEST_FILE})`);
  }
  const manifest = JSON.parse(text) as RunManifest;
  if (manifest.format !== "seclsp-bench/1")
    throw new Error(`${file}: unknown format ${String(manifest.format)}`);
  return manifest;
}
