import { cp, mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { RESULTS_FILE, type RunManifest, readManifest, writeManifest } from "./manifest.js";
import { writeOutputs } from "./report/write-outputs.js";
import { compareRows, type ResultRow, rowKey } from "./result-row.js";
import { readResults, writeResults } from "./results-store.js";

export interface MergeSummary {
  rows: number;
  duplicates: number;
  /** Shard indices expected but not given (0-based). */
  missingShards: number[];
}

/**
 * Combine shard directories of one run (same config hash) into `outDir`: rows are unioned by
 * key, sorted, and the tables, chart and report are rebuilt — identical to what a single
 * unsharded run writes. LLM caches are copied along so the merged run can be replayed.
 */
export async function mergeRuns(
  dirs: string[],
  outDir: string,
  log: (line: string) => void = () => {},
): Promise<MergeSummary> {
  if (dirs.length === 0) throw new Error("bench merge: give at least one run directory");
  const manifests: RunManifest[] = [];
  for (const dir of dirs) manifests.push(await readManifest(dir));
  const first = manifests[0]!;
  for (const [i, m] of manifests.entries()) {
    if (m.configHash !== first.configHash) {
      throw new Error(
        `bench merge: ${dirs[i]} was run with a different config (hash ${m.configHash} ≠ ${first.configHash})`,
      );
    }
  }
  const counts = new Set(manifests.map((m) => m.shard?.count ?? 1));
  const missingShards: number[] = [];
  if (counts.size === 1) {
    const count = [...counts][0]!;
    const present = new Set(manifests.map((m) => m.shard?.index ?? 0));
    for (let i = 0; i < count; i++) if (!present.has(i)) missingShards.push(i);
    if (missingShards.length > 0)
      log(
        `bench merge: shards ${missingShards.join(", ")} of ${count} are missing; tables cover only the given ones`,
      );
  }
  const byKey = new Map<string, ResultRow>();
  let duplicates = 0;
  for (const dir of dirs) {
    const loaded = await readResults(join(dir, RESULTS_FILE));
    if (loaded.tornTail || loaded.incompleteRows > 0)
      log(`bench merge: ${dir} has unfinished units (resume that shard first); they are left out`);
    for (const row of loaded.rows) {
      const key = rowKey(row);
      if (byKey.has(key)) duplicates++;
      else byKey.set(key, row);
    }
  }
  const rows = [...byKey.values()].sort(compareRows);
  await mkdir(outDir, { recursive: true });
  const { shard: _shard, ...merged } = first;
  await writeManifest(outDir, merged);
  await writeResults(join(outDir, RESULTS_FILE), rows);
  for (const dir of dirs) await copyCache(join(dir, "llm-cache"), join(outDir, "llm-cache"));
  await writeOutputs(outDir, merged, rows);
  return { rows: rows.length, duplicates, missingShards };
}

async function copyCache(from: string, to: string): Promise<void> {
  const exists = await stat(from).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (exists) await cp(from, to, { recursive: true, force: false, errorOnExist: false });
}
