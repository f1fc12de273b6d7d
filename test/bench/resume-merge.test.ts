import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Analyzer } from "../../server/src/analysis/analyzer.js";
import type { ModelFactory } from "../../server/src/bench/bench-models.js";
import { readManifest } from "../../server/src/bench/manifest.js";
import { mergeRuns } from "../../server/src/bench/merge.js";
import { writeOutputs } from "../../server/src/bench/report/write-outputs.js";
import { rescoreRun } from "../../server/src/bench/rescore.js";
import { rowKey } from "../../server/src/bench/result-row.js";
import { readResults } from "../../server/src/bench/results-store.js";
import { runBench } from "../../server/src/bench/runner.js";
import type { ShardSpec } from "../../server/src/bench/shard.js";
import { fakeWorkflows } from "./helpers/fake-workflows.js";
import { markerAnalyzer } from "./helpers/marker-analyzer.js";
import { scenarioConfig, scriptedFactory, scriptedModel } from "./helpers/scenario.js";

const OUTPUT_FILES = async (dir: string): Promise<string[]> => [
  "tables.md",
  "report.html",
  ...(await readdir(join(dir, "tables"))).map((f) => `tables/${f}`),
  ...(await readdir(join(dir, "charts"))).map((f) => `charts/${f}`),
];

async function run(
  dir: string,
  options: { shard?: ShardSpec; models?: ModelFactory; signal?: AbortSignal } = {},
) {
  const summary = await runBench({
    config: scenarioConfig(),
    outDir: dir,
    workflows: fakeWorkflows,
    models: options.models ?? scriptedFactory(),
    analyzers: async () => markerAnalyzer(),
    shard: options.shard,
    signal: options.signal,
  });
  if (!summary.cancelled) await writeOutputs(dir, await readManifest(dir), summary.rows);
  return summary;
}

describe("resume, shards and merge, rescore", () => {
  let root: string;
  let single: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "seclsp-bench-rm-"));
    single = join(root, "single");
    await run(single);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("a run killed mid-way (torn last line) resumes without duplicates or repeated units", async () => {
    const dir = join(root, "resumed");
    const controller = new AbortController();
    const counter = { calls: 0 };
    // Abort after 40 model calls: in-flight units finish, the rest never start.
    const stopping: ModelFactory = (role, config) => {
      const model = scriptedModel(role, config.model, counter);
      return {
        ...model,
        complete: async (messages) => {
          if (counter.calls === 40) controller.abort();
          return model.complete(messages);
        },
      };
    };
    const first = await run(dir, { models: stopping, signal: controller.signal });
    expect(first.cancelled).toBe(true);
    // Simulate a kill during a write: cut the last line in half.
    const file = join(dir, "results.jsonl");
    const text = await readFile(file, "utf8");
    const lastStart = text.lastIndexOf("\n", text.length - 2) + 1;
    await writeFile(file, text.slice(0, lastStart + Math.floor((text.length - lastStart) / 2)));
    const keptUnits = (await readResults(file)).rows.filter((r) => r.final).length;
    expect(keptUnits).toBeGreaterThan(0);
    expect(keptUnits).toBeLessThan(128);

    const second = await run(dir);
    expect(second.resumedUnits).toBe(keptUnits);
    expect(second.ranUnits).toBe(128 - keptUnits);
    const { rows, tornTail } = await readResults(file);
    expect(tornTail).toBe(false);
    expect(new Set(rows.map(rowKey)).size).toBe(rows.length);
    for (const name of await OUTPUT_FILES(single)) {
      expect(await readFile(join(dir, name), "utf8"), name).toBe(await readFile(join(single, name), "utf8"));
    }
  });

  it("failed model calls leave their units (and dependents) unwritten; a rerun retries exactly those", async () => {
    const dir = join(root, "flaky");
    const counter = { calls: 0 };
    // The endpoint fails every request about task 2 (ping): its vanilla fails, so do its repairs.
    const flaky: ModelFactory = (role, config) => {
      const model = scriptedModel(role, config.model, counter);
      return {
        ...model,
        complete: async (messages) => {
          if (messages.some((m) => m.content.includes("fn=ping") || m.content.includes("def ping("))) {
            throw new Error("503 Service Unavailable");
          }
          return model.complete(messages);
        },
      };
    };
    const first = await run(dir, { models: flaky });
    // ping: vanilla, self-hints, cwe-definition, contextual fail; 3 repairs + preciseness depend on them → 8 per model
    expect(first.failedUnits).toBe(2 * 4);
    expect(first.ranUnits).toBe(128 - 2 * 8);
    expect(first.firstFailure).toBe("503 Service Unavailable");
    const second = await run(dir);
    expect(second.ranUnits).toBe(2 * 8);
    expect(second.failedUnits).toBe(0);
    expect(await readFile(join(dir, "tables.md"), "utf8")).toBe(
      await readFile(join(single, "tables.md"), "utf8"),
    );
  });

  it("a consent refusal stops the whole run at once", async () => {
    const { ConsentRequiredError } = await import("../../server/src/llm/consent.js");
    let calls = 0;
    const refusing: ModelFactory = (role, config) => ({
      role,
      model: config.model,
      complete: async () => {
        calls++;
        throw new ConsentRequiredError("https://api.example.com/v1", "api.example.com");
      },
    });
    await expect(run(join(root, "consent"), { models: refusing })).rejects.toBeInstanceOf(
      ConsentRequiredError,
    );
    expect(calls).toBeLessThanOrEqual(3); // only the pipelines already in flight (concurrency 3)
  });

  it("a finished run resumes with nothing to do and no model call", async () => {
    const factory = scriptedFactory();
    const again = await run(single, { models: factory });
    expect(again.ranUnits).toBe(0);
    expect(factory.counter.calls).toBe(0);
  });

  it("3 shards merged give byte-identical tables, CSVs, chart and report to the single run", async () => {
    const shards = [0, 1, 2].map((i) => join(root, `shard-${i}`));
    const sizes: number[] = [];
    for (const [index, dir] of shards.entries()) {
      const summary = await run(dir, { shard: { index, count: 3 } });
      sizes.push(new Set(summary.rows.map((r) => r.taskId)).size);
    }
    expect(sizes.reduce((a, b) => a + b)).toBe(8); // each task in exactly one shard
    const merged = join(root, "merged");
    const summary = await mergeRuns(shards, merged);
    expect(summary).toMatchObject({ duplicates: 0, missingShards: [] });
    const files = await OUTPUT_FILES(single);
    expect(files.length).toBeGreaterThan(8);
    for (const name of files) {
      expect(await readFile(join(merged, name), "utf8"), name).toBe(
        await readFile(join(single, name), "utf8"),
      );
    }
  });

  it("merge refuses shards of a different config and reports missing shards", async () => {
    const other = join(root, "other");
    await runBench({
      config: scenarioConfig({ rounds: 2 }),
      outDir: other,
      workflows: fakeWorkflows,
      models: scriptedFactory(),
      analyzers: async () => markerAnalyzer(),
      shard: { index: 0, count: 3 },
    });
    await expect(mergeRuns([join(root, "shard-1"), other], join(root, "bad"))).rejects.toThrow(
      /different config/,
    );
    const lines: string[] = [];
    const partial = await mergeRuns([join(root, "shard-1")], join(root, "partial"), (l) => lines.push(l));
    expect(partial.missingShards).toEqual([0, 2]);
    expect(lines.join("\n")).toContain("shards 0, 2 of 3 are missing");
  });

  it("rescore re-analyzes stored code with another analyzer, without model calls", async () => {
    const ignoring200: Analyzer = {
      ...markerAnalyzer(),
      async analyze(files, signal) {
        const found = await markerAnalyzer().analyze(files, signal);
        return found.filter((f) => !f.cwes.includes("CWE-200"));
      },
    };
    const out = join(root, "rescored");
    const result = await rescoreRun({
      runDir: single,
      outDir: out,
      analyzers: ["codeql"],
      threatModel: "library",
      factory: async () => ignoring200,
      coverageFilter: true,
    });
    // The rescored run says what it was analyzed with, in the manifest and in the tables.
    expect((await readManifest(out)).threatModel).toBe("library");
    expect(result.droppedTasks).toBe(0);
    const tables = await readFile(join(out, "tables.md"), "utf8");
    // alpha's task 5 only had CWE-200: AllV-R 5/8 → 4/8
    expect(tables).toContain("| alpha | 50.0% | 50.0% |");
    expect(tables).toContain("- Analyzer: codeql (threat model library)");

    const banditOut = join(root, "rescored-bandit");
    const bandit = await rescoreRun({
      runDir: single,
      outDir: banditOut,
      analyzers: ["bandit"],
      threatModel: "remote",
      factory: async () => markerAnalyzer("bandit"),
      coverageFilter: true,
    });
    // Bandit cannot detect CWE-117 or CWE-601: those 2 tasks leave the tables
    expect(bandit.droppedTasks).toBe(2);
    const banditTables = await readFile(join(banditOut, "tables.md"), "utf8");
    expect(banditTables).toContain("| alpha | 66.7% | 83.3% |"); // 4/6 and 5/6
    expect(banditTables).toContain("coverage filter dropped 2: CWE-117 (1), CWE-601 (1)");
  });
});
