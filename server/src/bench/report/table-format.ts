/** A rendered table: the same cells go to Markdown and CSV. */
export interface Table {
  /** File stem for the CSV ("table3-vanilla"). */
  id: string;
  title: string;
  columns: string[];
  rows: string[][];
  /** One-line note printed under the table (how it was computed). */
  note?: string;
}

export function toMarkdown(table: Table): string {
  const escapeCell = (cell: string): string => cell.replace(/\|/g, "\\|");
  const lines = [
    `### ${table.title}`,
    "",
    `| ${table.columns.map(escapeCell).join(" | ")} |`,
    `|${table.columns.map(() => "---").join("|")}|`,
    ...table.rows.map((row) => `| ${row.map(escapeCell).join(" | ")} |`),
  ];
  if (table.note) lines.push("", table.note);
  return `${lines.join("\n")}\n`;
}

/** RFC 4180 CSV with \n line ends (stable bytes across platforms). */
export function toCsv(table: Table): string {
  const cell = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return `${[table.columns, ...table.rows].map((row) => row.map(cell).join(",")).join("\n")}\n`;
}

export function toHtml(table: Table): string {
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const head = table.columns.map((c) => `<th>${esc(c)}</th>`).join("");
  const body = table.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("\n");
  const note = table.note ? `<p class="note">${esc(table.note)}</p>` : "";
  return `<h3>${esc(table.title)}</h3>\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>\n${note}\n`;
}
