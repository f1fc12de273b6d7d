import type { Condition } from "../conditions.js";
import type { RunManifest } from "../manifest.js";
import {
  allVR,
  finalRows,
  formatDelta,
  formatPct,
  hintPreciseness,
  hintRelevance,
  hintSplit,
  parseRate,
  type Rate,
  roundCurve,
  signatureKeptRate,
  tarVR,
} from "../metrics.js";
import type { ResultRow } from "../result-row.js";
import type { Table } from "./table-format.js";
import { testOutcomeTable } from "./test-outcome-table.js";

/**
 * The paper's tables (3, 4, 5, 7, 8) plus hint quality, output quality and the iterative-repair
 * curve, built only for the conditions the run has. Pure: same rows → same tables, in the
 * manifest's model and dataset order, whatever order the rows came in (needed for shard merges).
 */
export function buildTables(manifest: RunManifest, rows: ResultRow[]): Table[] {
  const has = (c: Condition): boolean => manifest.conditions.includes(c);
  const view = new RunView(manifest, rows);
  const tables: Table[] = [];
  if (has("vanilla")) tables.push(table3(view));
  if (has("self-hints")) tables.push(table4(view), table5(view));
  if (has("hint-relevance") || has("hint-preciseness"))
    tables.push(hintQuality(view, has("hint-preciseness")));
  if (has("cwe-definition") || has("contextual")) tables.push(table7(view));
  if (has("repair-direct") || has("repair-explained")) tables.push(table8(view));
  if (has("iterative-repair")) tables.push(iterativeTable(view));
  tables.push(outputQuality(view));
  const tests = testOutcomeTable(view);
  if (tests) tables.push(tests);
  return tables;
}

class RunView {
  constructor(
    readonly manifest: RunManifest,
    private readonly rows: ResultRow[],
  ) {}

  get models(): string[] {
    return this.manifest.models;
  }

  get datasets(): string[] {
    return this.manifest.datasets.map((d) => d.name);
  }

  final(model: string, dataset: string, condition: Condition): ResultRow[] {
    return finalRows(this.rows, model, dataset, condition);
  }

  all(model: string, dataset: string, condition: Condition): ResultRow[] {
    return this.rows.filter((r) => r.model === model && r.dataset === dataset && r.condition === condition);
  }

  /** Conditions that produce code, in manifest order. */
  codeConditions(): Condition[] {
    return this.manifest.conditions.filter((c) => c !== "hint-relevance" && c !== "hint-preciseness");
  }
}

function perDatasetColumns(view: RunView, metrics: string[]): string[] {
  return ["Model", ...view.datasets.flatMap((d) => metrics.map((m) => `${d} ${m}`))];
}

function table3(view: RunView): Table {
  return {
    id: "table3-vanilla",
    title: "Table 3 — Vulnerability rates with vanilla prompts",
    columns: perDatasetColumns(view, ["TarV-R", "AllV-R"]),
    rows: view.models.map((m) => [
      m,
      ...view.datasets.flatMap((d) => {
        const rows = view.final(m, d, "vanilla");
        return [formatPct(tarVR(rows)), formatPct(allVR(rows))];
      }),
    ]),
    note: "TarV-R: % of snippets with a finding of the task's target CWE; AllV-R: % with any finding.",
  };
}

function withDelta(value: Rate, baseline: Rate): string {
  return `${formatPct(value)} ${formatDelta(value, baseline)}`;
}

function table4(view: RunView): Table {
  return {
    id: "table4-self-hints",
    title: "Table 4 — Self-generated vulnerability hints (change vs vanilla)",
    columns: perDatasetColumns(view, ["TarV-R", "AllV-R"]),
    rows: view.models.map((m) => [
      m,
      ...view.datasets.flatMap((d) => {
        const base = view.final(m, d, "vanilla");
        const hinted = view.final(m, d, "self-hints");
        return [withDelta(tarVR(hinted), tarVR(base)), withDelta(allVR(hinted), allVR(base))];
      }),
    ]),
  };
}

function table5(view: RunView): Table {
  const rows: string[][] = [];
  for (const d of view.datasets) {
    for (const m of view.models) {
      const split = hintSplit(view.final(m, d, "vanilla"), view.final(m, d, "self-hints"));
      const cell = (s: typeof split.withTarget): string =>
        `${formatPct(s.vanilla)} → ${formatPct(s.hinted)} (${s.hinted.total})`;
      rows.push([d, m, cell(split.withTarget), cell(split.withoutTarget)]);
    }
  }
  return {
    id: "table5-hint-split",
    title: "Table 5 — TarV-R split by whether the self-generated hints name the target CWE",
    columns: ["Dataset", "Model", "TarV-R (Hints w. TarV)", "TarV-R (Hints w/o TarV)"],
    rows,
    note: "Each cell: vanilla TarV-R → TarV-R with self-generated hints, over the same tasks (number of tasks).",
  };
}

function hintQuality(view: RunView, withPreciseness: boolean): Table {
  const rows: string[][] = [];
  for (const d of view.datasets) {
    for (const m of view.models) {
      const relevance = hintRelevance(view.final(m, d, "self-hints"));
      const row = [d, m, `${formatPct(relevance)} (${relevance.count}/${relevance.total})`];
      if (withPreciseness) {
        const precise = hintPreciseness(view.final(m, d, "hint-preciseness"));
        row.push(`${formatPct(precise)} (${precise.count}/${precise.total})`);
      }
      rows.push(row);
    }
  }
  return {
    id: "hint-quality",
    title: "Hint quality — relevance and preciseness of self-generated hints",
    columns: ["Dataset", "Model", "Relevance", ...(withPreciseness ? ["Preciseness"] : [])],
    rows,
    note: "Relevance: % of tasks whose top-5 hints contain the target CWE. Preciseness: % of target-CWE hints the judge found precise.",
  };
}

function table7(view: RunView): Table {
  const conditions = (["cwe-definition", "contextual"] as const).filter((c) =>
    view.manifest.conditions.includes(c),
  );
  const label = { "cwe-definition": "CWE Definition", contextual: "Contextualized Hints" } as const;
  const rows: string[][] = [];
  for (const d of view.datasets) {
    for (const m of view.models) {
      const base = view.final(m, d, "vanilla");
      rows.push([
        d,
        m,
        ...conditions.flatMap((c) => {
          const hinted = view.final(m, d, c);
          return [withDelta(tarVR(hinted), tarVR(base)), withDelta(allVR(hinted), allVR(base))];
        }),
      ]);
    }
  }
  return {
    id: "table7-target-hints",
    title: "Table 7 — Target-CWE hints: definition vs contextualized (change vs vanilla)",
    columns: ["Dataset", "Model", ...conditions.flatMap((c) => [`${label[c]} TarV-R`, `${label[c]} AllV-R`])],
    rows,
  };
}

function table8(view: RunView): Table {
  const conditions = (["repair-direct", "repair-explained"] as const).filter((c) =>
    view.manifest.conditions.includes(c),
  );
  const label = { "repair-direct": "Direct", "repair-explained": "Explained" } as const;
  return {
    id: "table8-repair",
    title: "Table 8 — AllV-R after one round of repair (change vs vanilla)",
    columns: ["Model", ...view.datasets.flatMap((d) => conditions.map((c) => `${d} ${label[c]}`))],
    rows: view.models.map((m) => [
      m,
      ...view.datasets.flatMap((d) => {
        const base = allVR(view.final(m, d, "vanilla"));
        return conditions.map((c) => withDelta(allVR(view.final(m, d, c)), base));
      }),
    ]),
    note: "Repaired snippets replace the vulnerable vanilla ones; AllV-R is recomputed over the whole set.",
  };
}

function iterativeTable(view: RunView): Table {
  const maxRound = view.manifest.rounds;
  const rounds = Array.from({ length: maxRound + 1 }, (_, i) => i);
  const rows: string[][] = [];
  for (const d of view.datasets) {
    for (const m of view.models) {
      const curve = roundCurve(view.final(m, d, "vanilla"), view.all(m, d, "iterative-repair"), maxRound);
      rows.push([d, m, "AllV-R", ...curve.map((p) => formatPct(p.allVR))]);
      rows.push([d, m, "TarV-R", ...curve.map((p) => formatPct(p.tarVR))]);
    }
  }
  return {
    id: "iterative-repair-rounds",
    title: "Iterative repair — vulnerability rates after each round",
    columns: ["Dataset", "Model", "Metric", ...rounds.map((r) => (r === 0 ? "vanilla" : `round ${r}`))],
    rows,
    note: "Round r: each task's code after min(r, its last round); tasks fixed early keep their fixed code.",
  };
}

function outputQuality(view: RunView): Table {
  const rows: string[][] = [];
  for (const d of view.datasets) {
    for (const m of view.models) {
      for (const c of view.codeConditions()) {
        const final = view.final(m, d, c);
        if (final.length === 0) continue;
        const errors = final.filter((r) => r.error !== undefined).length;
        rows.push([
          d,
          m,
          c,
          String(final.length),
          formatPct(parseRate(final)),
          formatPct(signatureKeptRate(final)),
          String(errors),
        ]);
      }
    }
  }
  return {
    id: "output-quality",
    title: "Output quality — usable code and kept function signatures",
    columns: ["Dataset", "Model", "Condition", "Tasks", "Parsed", "Kept signature", "Errors"],
    rows,
  };
}
