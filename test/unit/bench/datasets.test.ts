import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  analyzerCoverage,
  applyCoverageFilter,
} from "../../../server/src/bench/coverage/analyzer-coverage.js";
import { formatProblem, loadDataset } from "../../../server/src/bench/datasets/load-dataset.js";
import { prepareRun } from "../../../server/src/bench/prepare-run.js";
import { parseRunConfig } from "../../../server/src/bench/run-config.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "datasets");

describe("dataset loaders", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "seclsp-ds-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads SecurityEval rows: target CWE from the ID prefix, prompt as is, function to complete", async () => {
    const ds = await loadDataset(join(FIXTURES, "securityeval-format.jsonl"));
    expect(ds.format).toBe("securityeval");
    expect(ds.name).toBe("securityeval-format");
    expect(ds.problems).toEqual([]);
    expect(ds.tasks.map((t) => t.targetCwe)).toEqual([
      "CWE-89",
      "CWE-78",
      "CWE-22",
      "CWE-502",
      "CWE-327",
      "CWE-601",
      "CWE-295",
      "CWE-117",
    ]);
    const first = ds.tasks[0]!;
    expect(first).toMatchObject({
      id: "CWE-089_fixture_1.py",
      functionName: "find_user",
      origin: { line: 1 },
    });
    expect(first.prompt.startsWith("import sqlite3\n\ndef find_user(db_path, username):")).toBe(true);
  });

  it("builds the SecCodePLT vanilla prompt from task_description without the security policy", async () => {
    const ds = await loadDataset(join(FIXTURES, "seccodeplt-format.jsonl"));
    expect(ds.format).toBe("seccodeplt");
    expect(ds.tasks.map((t) => `${t.id}`)).toEqual([
      "CWE-78_count_lines_0",
      "CWE-502_restore_settings_1",
      "CWE-327_file_fingerprint_2",
    ]);
    const prompt = ds.tasks[0]!.prompt;
    expect(prompt).toContain("Function Name: count_lines");
    expect(prompt).toContain("A maintenance helper reports how many lines a log file has");
    expect(prompt).toContain("- log_name: str, the name of a log file inside LOG_DIR.");
    expect(prompt).toContain("- raises ValueError when log_name contains a path separator.");
    expect(prompt).toContain("LOG_DIR = 'logs'");
    expect(prompt).not.toContain("shell");
    expect(prompt).not.toContain("wc -l"); // no ground truth leaks into the prompt
    // "None" sections are left out
    expect(ds.tasks[1]!.prompt).not.toContain("Context");
    expect(ds.tasks[0]!.functionName).toBe("count_lines");
  });

  it("reports bad rows with file:line and keeps the good ones", async () => {
    const file = join(dir, "mixed.jsonl");
    const good = (id: string) =>
      JSON.stringify({ ID: id, Prompt: "def f():\n    '''x'''\n", Insecure_code: "" });
    await writeFile(
      file,
      [
        good("CWE-079_a_1.py"),
        "{not json",
        JSON.stringify({ ID: "no-cwe.py", Prompt: "x" }),
        "",
        JSON.stringify({ something: 1 }),
        good("CWE-079_a_1.py"),
        JSON.stringify({ CWE_ID: "22", task_description: { description: "x" } }),
        good("CWE-020_b_2.py"),
      ].join("\n"),
    );
    const ds = await loadDataset(file);
    expect(ds.tasks.map((t) => t.id)).toEqual(["CWE-079_a_1.py", "CWE-020_b_2.py"]);
    const lines = ds.problems.map(formatProblem);
    expect(lines[0]).toMatch(new RegExp(`^${escapeRegExp(file)}:2: not valid JSON`));
    expect(lines[1]).toBe(`${file}:3: ID "no-cwe.py" does not start with a CWE id like CWE-089_`);
    expect(lines[2]).toBe(
      `${file}:5: unknown row format: expected SecurityEval (ID, Prompt) or SecCodePLT (CWE_ID, task_description)`,
    );
    expect(lines[3]).toBe(`${file}:6: duplicate task id "CWE-079_a_1.py"`);
    expect(lines[4]).toBe(`${file}:7: field task_description.function_name must be a non-empty string`);
    // line 7 failed, so every loaded row is SecurityEval: no "mixes formats" problem
    expect(lines).toHaveLength(5);
  });
});

describe("coverage filter", () => {
  it("drops tasks whose target CWE the analyzer cannot detect and reports which", async () => {
    const ds = await loadDataset(join(FIXTURES, "securityeval-format.jsonl"));
    const coverage = new Set(["CWE-89", "CWE-78", "CWE-502"]);
    const { tasks, report } = applyCoverageFilter(ds.tasks, coverage);
    expect(tasks.map((t) => t.targetCwe)).toEqual(["CWE-89", "CWE-78", "CWE-502"]);
    expect(report).toEqual({
      kept: 3,
      dropped: 5,
      droppedCwes: [
        { cwe: "CWE-22", tasks: 1 },
        { cwe: "CWE-117", tasks: 1 },
        { cwe: "CWE-295", tasks: 1 },
        { cwe: "CWE-327", tasks: 1 },
        { cwe: "CWE-601", tasks: 1 },
      ],
    });
  });

  it("ships CodeQL's security-extended CWEs and derives the embedded set from the ruff mapping", () => {
    const codeql = analyzerCoverage("codeql");
    for (const cwe of ["CWE-89", "CWE-78", "CWE-22", "CWE-502", "CWE-918", "CWE-1333"])
      expect(codeql.has(cwe)).toBe(true);
    expect(codeql.has("CWE-835")).toBe(false);
    expect(analyzerCoverage("embedded").has("CWE-502")).toBe(true);
  });

  it("prepareRun applies --cwe and coverage to the whole dataset and reports the drops", async () => {
    const config = parseRunConfig({
      datasets: [{ path: join(FIXTURES, "securityeval-format.jsonl"), name: "SE" }],
      generators: [{ model: "m" }],
      analyzers: ["bandit"],
    });
    const all = await prepareRun(config, {});
    // Bandit has no CWE-117 or CWE-601 issue types
    expect(all.tasks.map((t) => t.targetCwe)).not.toContain("CWE-117");
    expect(all.manifest.datasets[0]!.coverage.droppedCwes).toEqual([
      { cwe: "CWE-117", tasks: 1 },
      { cwe: "CWE-601", tasks: 1 },
    ]);
    expect(all.notices.join("\n")).toContain(
      "SE: coverage filter dropped 2 of 8 tasks whose target CWE bandit cannot detect: CWE-117 (1), CWE-601 (1)",
    );
    const filtered = await prepareRun(config, { cwes: ["CWE-89", "CWE-601"] });
    expect(filtered.tasks.map((t) => t.id)).toEqual(["CWE-089_fixture_1.py"]);
    expect(filtered.manifest.datasets[0]).toMatchObject({
      loaded: 8,
      afterCweFilter: 2,
      coverage: { kept: 1, dropped: 1 },
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
