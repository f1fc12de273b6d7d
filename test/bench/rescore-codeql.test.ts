import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAnalyzerFactory } from "../../server/src/bench/bench-analyzer.js";
import type { ModelFactory } from "../../server/src/bench/bench-models.js";
import { rescoreRun } from "../../server/src/bench/rescore.js";
import { readResults } from "../../server/src/bench/results-store.js";
import { runBench } from "../../server/src/bench/runner.js";
import { databaseInvocations, FAKE_CODEQL } from "../fakes/fake-codeql-helpers.js";
import { fakeWorkflows } from "./helpers/fake-workflows.js";
import { markerAnalyzer } from "./helpers/marker-analyzer.js";
import { scenarioConfig, scriptedModel } from "./helpers/scenario.js";

/**
 * Rescore with the CodeQL backend (the fake `codeql` executable): the stored code of the scenario
 * run where the CWE-89 flaw also carries a fake-codeql marker, so CodeQL sees exactly those
 * snippets (alpha's vanilla and self-hinted task 1) — and all snippets go through ONE database.
 */
describe("bench rescore with the CodeQL batch API (fake codeql)", () => {
  let root: string;
  const previousLog = process.env.FAKE_CODEQL_LOG;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "seclsp-bench-codeql-"));
    process.env.FAKE_CODEQL_LOG = join(root, "codeql.log");
  });

  afterAll(async () => {
    if (previousLog === undefined) delete process.env.FAKE_CODEQL_LOG;
    else process.env.FAKE_CODEQL_LOG = previousLog;
    await rm(root, { recursive: true, force: true });
  });

  it("re-analyzes every stored snippet in one CodeQL database and rebuilds the tables", async () => {
    const counter = { calls: 0 };
    const marked: ModelFactory = (role, config) => {
      const model = scriptedModel(role, config.model, counter);
      return {
        ...model,
        complete: async (messages) => {
          const reply = await model.complete(messages);
          const text = reply.text.replace(
            "# vuln: CWE-89",
            "# vuln: CWE-89\n    cur.execute(q)  # fake-codeql: py/sql-injection",
          );
          return { ...reply, text };
        },
      };
    };
    const runDir = join(root, "run");
    await runBench({
      config: scenarioConfig({ conditions: ["vanilla", "self-hints"] }),
      outDir: runDir,
      workflows: fakeWorkflows,
      models: marked,
      analyzers: async () => markerAnalyzer(),
    });
    const callsAfterRun = counter.calls;

    const out = join(root, "rescored");
    await rescoreRun({
      runDir,
      outDir: out,
      analyzers: ["codeql"],
      threatModel: "remote",
      factory: defaultAnalyzerFactory({
        threatModel: "remote",
        codeql: { path: FAKE_CODEQL, cacheDir: join(root, "sarif-cache") },
      }),
      coverageFilter: true,
    });
    expect(counter.calls).toBe(callsAfterRun); // no model call
    const creates = databaseInvocations(join(root, "codeql.log")).filter((argv) => argv[1] === "create");
    expect(creates).toHaveLength(1);
    const { rows } = await readResults(join(out, "results.jsonl"));
    const flagged = rows
      .filter((r) => r.findings.length > 0)
      .map((r) => `${r.model}/${r.condition}/${r.taskId}`);
    expect(flagged.sort()).toEqual([
      "alpha/self-hints/CWE-089_fixture_1.py",
      "alpha/vanilla/CWE-089_fixture_1.py",
    ]);
    expect(rows.every((r) => r.analyzer === "codeql")).toBe(true);
    const tables = await readFile(join(out, "tables.md"), "utf8");
    expect(tables).toContain("| alpha | 12.5% | 12.5% |");
    expect(tables).toContain("- Analyzer: codeql");
  });
});
