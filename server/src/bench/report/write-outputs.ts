import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunManifest } from "../manifest.js";
import { compareRows, type ResultRow } from "../result-row.js";
import { buildTables } from "./paper-tables.js";
import { type Table, toCsv, toHtml, toMarkdown } from "./table-format.js";
import { renderSvg, topCweData, topCweSpec } from "./top-cwe-chart.js";

export interface WrittenOutputs {
  tables: Table[];
  files: string[];
}

/**
 * Write tables.md, tables/<id>.csv, charts/top-cwes-<dataset>.svg and report.html. Only the
 * rows decide the content (sorted first, no timestamps, no latencies), so a merged set of shards
 * produces byte-identical files to a single run.
 */
export async function writeOutputs(
  dir: string,
  manifest: RunManifest,
  rows: ResultRow[],
): Promise<WrittenOutputs> {
  const sorted = [...rows].sort(compareRows);
  const tables = buildTables(manifest, sorted);
  const files: string[] = [];
  const write = async (name: string, content: string): Promise<void> => {
    await writeFile(join(dir, name), content);
    files.push(name);
  };
  await mkdir(join(dir, "tables"), { recursive: true });
  await mkdir(join(dir, "charts"), { recursive: true });
  await write(
    "tables.md",
    `# ${manifest.name} — results\n\n${runSummary(manifest)}\n${tables.map(toMarkdown).join("\n")}`,
  );
  for (const table of tables) await write(`tables/${table.id}.csv`, toCsv(table));
  const charts: Array<{ dataset: string; file: string; svg: string }> = [];
  if (manifest.conditions.includes("vanilla")) {
    for (const dataset of manifest.datasets.map((d) => d.name)) {
      const svg = await renderSvg(topCweSpec(topCweData(sorted, manifest.models, dataset), dataset));
      const file = `charts/top-cwes-${fileSafe(dataset)}.svg`;
      await write(file, svg);
      charts.push({ dataset, file, svg });
    }
  }
  await write("report.html", reportHtml(manifest, tables, charts));
  return { tables, files };
}

/** Datasets, filters and analyzers: what the numbers are about. */
function runSummary(manifest: RunManifest): string {
  const lines = [
    `- Models: ${manifest.models.join(", ")}`,
    `- Analyzer: ${manifest.analyzers} (threat model ${manifest.threatModel})`,
    `- Conditions: ${manifest.conditions.join(", ")}${manifest.conditions.includes("iterative-repair") ? ` (up to ${manifest.rounds} rounds)` : ""}`,
  ];
  if (manifest.cwes) lines.push(`- CWE filter: ${manifest.cwes.join(", ")}`);
  for (const d of manifest.datasets) {
    const dropped = d.coverage.droppedCwes.map((c) => `${c.cwe} (${c.tasks})`).join(", ");
    lines.push(
      `- ${d.name} (${d.format}): ${d.loaded} tasks loaded` +
        (d.problems > 0 ? `, ${d.problems} bad rows skipped` : "") +
        (d.afterCweFilter !== d.loaded ? `, ${d.afterCweFilter} after the CWE filter` : "") +
        `, ${d.coverage.kept} evaluated` +
        (d.coverage.dropped > 0 ? `; coverage filter dropped ${d.coverage.dropped}: ${dropped}` : ""),
    );
  }
  return `${lines.join("\n")}\n`;
}

function reportHtml(
  manifest: RunManifest,
  tables: Table[],
  charts: Array<{ dataset: string; svg: string }>,
): string {
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const summary = runSummary(manifest)
    .trim()
    .split("\n")
    .map((l) => `<li>${esc(l.replace(/^- /, ""))}</li>`)
    .join("\n");
  const figures = charts
    .map(
      (c) =>
        `<figure>\n${c.svg}\n<figcaption>Top-10 CWEs per model, vanilla prompts — ${esc(c.dataset)}</figcaption>\n</figure>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(manifest.name)} — seclsp bench</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
th { background: #f3f3f3; }
.note { color: #555; font-size: 0.85em; }
figure { margin: 1em 0; overflow-x: auto; }
</style>
</head>
<body>
<h1>${esc(manifest.name)} — seclsp bench</h1>
<ul>
${summary}
</ul>
${tables.map(toHtml).join("\n")}
${figures}
</body>
</html>
`;
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "_");
}
