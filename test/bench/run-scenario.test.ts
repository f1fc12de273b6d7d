import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "../../server/src/bench/manifest.js";
import { writeOutputs } from "../../server/src/bench/report/write-outputs.js";
import { readResults } from "../../server/src/bench/results-store.js";
import { type RunSummary, runBench } from "../../server/src/bench/runner.js";
import { fakeWorkflows } from "./helpers/fake-workflows.js";
import { markerAnalyzer } from "./helpers/marker-analyzer.js";
import { scenarioConfig, scriptedFactory } from "./helpers/scenario.js";

/** One full run of every condition; each number below is computed by hand in helpers/scenario.ts's story. */
describe("bench run on the SecurityEval fixture (scripted models, marker analyzer)", () => {
  let dir: string;
  let summary: RunSummary;
  let tables: string;
  const factory = scriptedFactory();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "seclsp-bench-"));
    summary = await runBench({
      config: scenarioConfig(),
      outDir: dir,
      workflows: fakeWorkflows,
      models: factory,
      analyzers: async () => markerAnalyzer(),
    });
    await writeOutputs(dir, await readManifest(dir), summary.rows);
    tables = await readFile(join(dir, "tables.md"), "utf8");
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const line = (prefix: string): string | undefined => tables.split("\n").find((l) => l.startsWith(prefix));

  it("makes exactly the model calls the story needs (alpha 79, beta 57)", () => {
    // alpha: vanilla 8, self 16, definition 8, contextual 16, direct 5, explained 10, iterative 12, judge 4
    // beta: vanilla 8, self 16, definition 8, contextual 16, direct 1, explained 2, iterative 6
    expect(factory.counter.calls).toBe(136);
    expect(summary.ranUnits).toBe(2 * 8 * 8);
  });

  it("writes one row per model × condition × task × round", async () => {
    const { rows } = await readResults(join(dir, "results.jsonl"));
    const alphaIterative = rows.filter((r) => r.model === "alpha" && r.condition === "iterative-repair");
    // tasks 1–4: round 1; task 5: rounds 1 and 2; tasks 6–8: one "clean" round-0 row
    expect(alphaIterative.map((r) => `${r.taskId}:${r.round}:${r.final}`).sort()).toEqual(
      [
        "CWE-022_fixture_1.py:1:true",
        "CWE-078_fixture_1.py:1:true",
        "CWE-089_fixture_1.py:1:true",
        "CWE-117_fixture_1.py:0:true",
        "CWE-295_fixture_1.py:0:true",
        "CWE-327_fixture_1.py:1:false",
        "CWE-327_fixture_1.py:2:true",
        "CWE-502_fixture_1.py:1:true",
        "CWE-601_fixture_1.py:0:true",
      ].sort(),
    );
    expect(rows.filter((r) => r.condition === "hint-relevance")).toHaveLength(0);
    const betaNoCode = rows.find(
      (r) => r.model === "beta" && r.condition === "vanilla" && r.taskId === "CWE-295_fixture_1.py",
    );
    expect(betaNoCode).toMatchObject({ parsed: false, code: "", error: "model returned no code" });
    expect(rows.length).toBe(
      new Set(rows.map((r) => `${r.model}|${r.condition}|${r.taskId}|${r.round}`)).size,
    );
  });

  it("Table 3: vanilla TarV-R and AllV-R", () => {
    expect(line("| alpha |")).toBeDefined();
    expect(tables).toContain(
      "| Model | SecurityEval TarV-R | SecurityEval AllV-R |\n|---|---|---|\n| alpha | 50.0% | 62.5% |\n| beta | 12.5% | 12.5% |",
    );
  });

  it("Table 4: self-generated hints with deltas vs vanilla", () => {
    expect(tables).toContain(
      "| alpha | 25.0% (-25.0) | 25.0% (-37.5) |\n| beta | 12.5% (+0.0) | 12.5% (+0.0) |",
    );
  });

  it("Table 5: split by whether the hints name the target CWE", () => {
    expect(tables).toContain("| SecurityEval | alpha | 50.0% → 25.0% (4) | 50.0% → 25.0% (4) |");
    expect(tables).toContain("| SecurityEval | beta | – → – (0) | 12.5% → 12.5% (8) |");
  });

  it("hint relevance and preciseness", () => {
    expect(tables).toContain("| SecurityEval | alpha | 50.0% (4/8) | 75.0% (3/4) |");
    expect(tables).toContain("| SecurityEval | beta | 0.0% (0/8) | – (0/0) |");
  });

  it("Table 7: CWE definition vs contextualized hints", () => {
    expect(tables).toContain(
      "| SecurityEval | alpha | 12.5% (-37.5) | 12.5% (-50.0) | 0.0% (-50.0) | 0.0% (-62.5) |",
    );
    expect(tables).toContain(
      "| SecurityEval | beta | 12.5% (+0.0) | 12.5% (+0.0) | 12.5% (+0.0) | 12.5% (+0.0) |",
    );
  });

  it("Table 8: AllV-R after direct and explained repair over the whole set", () => {
    expect(tables).toContain("| Model | SecurityEval Direct | SecurityEval Explained |");
    expect(tables).toContain("| alpha | 37.5% (-25.0) | 12.5% (-50.0) |");
    expect(tables).toContain("| beta | 12.5% (+0.0) | 12.5% (+0.0) |");
  });

  it("iterative repair: per-round curve", () => {
    expect(tables).toContain("| SecurityEval | alpha | AllV-R | 62.5% | 12.5% | 0.0% | 0.0% |");
    expect(tables).toContain("| SecurityEval | alpha | TarV-R | 50.0% | 0.0% | 0.0% | 0.0% |");
    expect(tables).toContain("| SecurityEval | beta | AllV-R | 12.5% | 12.5% | 12.5% | 12.5% |");
  });

  it("output quality: parse % and kept-signature %", () => {
    // alpha: all 8 parsed, task 6 renamed its function → 7/8; beta: task 7 gave no code → 7/8 parsed, all kept
    expect(tables).toContain("| SecurityEval | alpha | vanilla | 8 | 100.0% | 87.5% | 0 |");
    expect(tables).toContain("| SecurityEval | beta | vanilla | 8 | 87.5% | 100.0% | 1 |");
  });

  it("writes CSVs, the top-CWE chart and a report embedding them", async () => {
    const csv = await readFile(join(dir, "tables", "table3-vanilla.csv"), "utf8");
    expect(csv).toBe("Model,SecurityEval TarV-R,SecurityEval AllV-R\nalpha,50.0%,62.5%\nbeta,12.5%,12.5%\n");
    const svg = await readFile(join(dir, "charts", "top-cwes-SecurityEval.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    for (const label of ["CWE-89", "CWE-200", "CWE-117", "alpha", "beta"]) expect(svg).toContain(label);
    const html = await readFile(join(dir, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("Table 8 — AllV-R after one round of repair");
  });
});
