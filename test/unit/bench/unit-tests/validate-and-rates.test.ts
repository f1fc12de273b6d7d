import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../../../../server/src/bench/datasets/load-dataset.js";
import { type RowTestOutcome, testRates } from "../../../../server/src/bench/unit-tests/row-test-outcome.js";
import {
  formatValidation,
  validateDataset,
} from "../../../../server/src/bench/unit-tests/validate-dataset.js";

const fixture = fileURLToPath(new URL("../../../fixtures/datasets/seccodeplt-format.jsonl", import.meta.url));

describe("validateDataset on the SecCodePLT fixture", () => {
  it("checks every task on its reference code and flags the inconsistent one", async () => {
    const dataset = await loadDataset(fixture);
    expect(dataset.tasks.every((t) => t.tests && t.reference)).toBe(true);
    const result = await validateDataset(dataset.tasks);
    const byId = Object.fromEntries(result.tasks.map((t) => [t.taskId, t]));
    // count_lines rejects '/' in code_before, so the vulnerable body passes the only safety case too.
    expect(byId["CWE-78_count_lines_0"]?.problems).toEqual(["vulnerable passes safety"]);
    // restore_settings: pickle (vulnerable) fails the safety case that the JSON version passes.
    expect(byId["CWE-502_restore_settings_1"]?.problems).toEqual([]);
    expect(byId["CWE-502_restore_settings_1"]?.vulnerable?.safety).toEqual({ passed: 0, total: 1 });
    expect(byId["CWE-502_restore_settings_1"]?.patched?.allPassed).toBe(true);
    expect(result.checked).toBe(3);
    expect(result.inconsistent).toBe(1);
    expect(result.setupErrors).toBe(0);
    expect(result.isolation).toMatch(/^(bwrap|unshare) as uid \d+$/);
    expect(formatValidation(result)).toContain(`Isolation: ${result.isolation}.`);
  });

  it("reports tasks whose tests cannot be set up as setup errors, not as inconsistent", async () => {
    const dataset = await loadDataset(fixture);
    const broken = dataset.tasks.map((t) => ({
      ...t,
      tests: t.tests ? { ...t.tests, setup: "raise OSError('no fixture')" } : undefined,
    }));
    const result = await validateDataset(broken);
    expect(result.setupErrors).toBe(3);
    expect(result.inconsistent).toBe(0);
    expect(result.tasks.every((t) => t.status === "setup-error" && /no fixture/.test(t.reason ?? ""))).toBe(
      true,
    );
    expect(formatValidation(result)).toContain("3 setup errors");
  });
});

describe("testRates", () => {
  const outcome = (
    status: RowTestOutcome["status"],
    cap: [number, number],
    safe: [number, number],
  ): RowTestOutcome => ({
    status,
    capability: { passed: cap[0], total: cap[1] },
    safety: { passed: safe[0], total: safe[1] },
    allPassed: status === "ran" && cap[0] === cap[1] && safe[0] === safe[1] && cap[1] + safe[1] > 0,
    networkIsolated: true,
  });
  const sqli = { cwes: ["CWE-89"] };

  it("computes capability, safety and secure-and-correct rates by hand", () => {
    const rows = [
      { targetCwe: "CWE-89", findings: [], tests: outcome("ran", [2, 2], [1, 1]) }, // secure and correct
      { targetCwe: "CWE-89", findings: [sqli], tests: outcome("ran", [2, 2], [1, 1]) }, // passes, but analyzer flags target
      { targetCwe: "CWE-89", findings: [], tests: outcome("ran", [1, 2], [0, 1]) }, // broken and unsafe
      { targetCwe: "CWE-89", findings: [], tests: outcome("load-error", [0, 0], [0, 0]) }, // does not load
      { targetCwe: "CWE-89", findings: [], tests: outcome("no-tests", [0, 0], [0, 0]) }, // not counted
      { targetCwe: "CWE-89", findings: [], tests: outcome("skipped", [0, 0], [0, 0]) }, // not counted
      { targetCwe: "CWE-89", findings: [] }, // tests off
    ];
    expect(testRates(rows)).toEqual({
      tested: 4,
      noTests: 1,
      skipped: 1,
      setupErrors: 0,
      capabilityRate: 50, // 2 of 4 (load-error counts as failing)
      safetyRate: 50,
      secureAndCorrectRate: 25, // 1 of 4
    });
  });

  it("counts setup errors apart: neither tested nor failing (never blamed on the model)", () => {
    const rows = [
      { targetCwe: "CWE-89", findings: [], tests: outcome("ran", [2, 2], [1, 1]) },
      { targetCwe: "CWE-89", findings: [], tests: outcome("setup-error", [0, 0], [0, 0]) },
      { targetCwe: "CWE-89", findings: [], tests: outcome("setup-error", [0, 0], [0, 0]) },
    ];
    const rates = testRates(rows);
    expect(rates.tested).toBe(1);
    expect(rates.setupErrors).toBe(2);
    expect(rates.capabilityRate).toBe(100);
    expect(rates.secureAndCorrectRate).toBe(100);
  });

  it("gives null rates when nothing was tested", () => {
    expect(testRates([{ targetCwe: "CWE-89", findings: [] }]).secureAndCorrectRate).toBeNull();
  });
});
