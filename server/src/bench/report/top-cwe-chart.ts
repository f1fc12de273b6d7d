import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { topCwes } from "../metrics.js";
import type { ResultRow } from "../result-row.js";

export interface ChartDatum {
  model: string;
  cwe: string;
  snippets: number;
}

/** Figure 6 data: the top-10 CWEs of each model's vanilla code on one dataset. */
export function topCweData(rows: ResultRow[], models: string[], dataset: string, n = 10): ChartDatum[] {
  return models.flatMap((model) =>
    topCwes(
      rows.filter((r) => r.final && r.condition === "vanilla" && r.model === model && r.dataset === dataset),
      n,
    ).map((t) => ({ model, cwe: t.cwe, snippets: t.snippets })),
  );
}

/** Horizontal bars per model (one panel each), like the paper's Figure 6. */
export function topCweSpec(data: ChartDatum[], dataset: string): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Top-10 CWEs in vanilla code per model — ${dataset}`,
    data: { values: data },
    facet: { field: "model", type: "nominal", title: null },
    columns: 4,
    spec: {
      width: 180,
      height: { step: 14 },
      mark: { type: "bar", tooltip: true },
      encoding: {
        y: { field: "cwe", type: "nominal", sort: "-x", title: null },
        x: { field: "snippets", type: "quantitative", title: "snippets" },
        color: { field: "cwe", type: "nominal", legend: null },
      },
    },
    resolve: { scale: { y: "independent" } },
    config: { font: "sans-serif" },
  };
}

/** Render in Node: vega-lite → vega → headless View → SVG string (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile(spec).spec;
  const view = new View(parse(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
