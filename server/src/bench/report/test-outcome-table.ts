import { allVR, formatPct, tarVR } from "../metrics.js";
import type { ResultRow } from "../result-row.js";
import { testRates } from "../unit-tests/row-test-outcome.js";
import type { Table } from "./table-format.js";

interface TestTableView {
  models: string[];
  datasets: string[];
  codeConditions(): string[];
  final(model: string, dataset: string, condition: string): ResultRow[];
}

const REPAIR = new Set(["repair-direct", "repair-explained", "iterative-repair"]);

function pct(value: number | null): string {
  return value === null ? "–" : `${value.toFixed(1)}%`;
}

/**
 * Beyond the paper: does the code work and resist the attack? SecCodePLT's capability and
 * safety unit tests, run in the sandbox, beside TarV-R / AllV-R. Secure-and-correct = no finding
 * of the target CWE AND every case passing. For repair conditions the vanilla rates of the same
 * tasks are shown as "before", so a fix that breaks the function shows up.
 */
export function testOutcomeTable(view: TestTableView): Table | undefined {
  const rows: string[][] = [];
  for (const d of view.datasets) {
    for (const m of view.models) {
      const vanilla = testRates(view.final(m, d, "vanilla"));
      for (const c of view.codeConditions()) {
        const final = view.final(m, d, c);
        const rates = testRates(final);
        if (rates.tested + rates.noTests + rates.skipped + rates.setupErrors === 0) continue;
        const before = REPAIR.has(c) ? ` (before ${pct(vanilla.secureAndCorrectRate)})` : "";
        rows.push([
          d,
          m,
          c,
          formatPct(tarVR(final)),
          formatPct(allVR(final)),
          String(rates.tested),
          pct(rates.capabilityRate),
          pct(rates.safetyRate),
          `${pct(rates.secureAndCorrectRate)}${before}`,
          `${rates.noTests} / ${rates.skipped} / ${rates.setupErrors}`,
        ]);
      }
    }
  }
  if (rows.length === 0) return undefined;
  return {
    id: "unit-tests",
    title: "Unit tests — capability, safety and secure-and-correct rates (SecCodePLT tests, sandboxed)",
    columns: [
      "Dataset",
      "Model",
      "Condition",
      "TarV-R",
      "AllV-R",
      "Tested",
      "Capability",
      "Safety",
      "Secure & correct",
      "No tests / skipped / setup errors",
    ],
    rows,
    note: "Rates over tasks whose code ran against tests; code that fails to load counts as failing. Tasks without tests are never counted as passing; setup errors (sandbox or task setup failed) are neither passing nor failing.",
  };
}
