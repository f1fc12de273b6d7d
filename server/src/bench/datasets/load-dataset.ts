import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { BenchTask, DatasetFormat, DatasetProblem, LoadedDataset } from "../bench-task.js";
import { isSecCodePltRow, secCodePltTask } from "./seccodeplt.js";
import { isSecurityEvalRow, securityEvalTask } from "./securityeval.js";

export interface LoadDatasetOptions {
  /** Name used in tables; default: file name without extension. */
  name?: string;
  /** Force a format instead of detecting it per row. */
  format?: DatasetFormat;
}

/**
 * Read a JSONL dataset (SecurityEval or SecCodePLT, detected per row by its fields). A bad row
 * becomes a problem with file:line and the rest is still loaded. Duplicate task ids are problems too.
 */
export async function loadDataset(file: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const text = await readFile(file, "utf8");
  const name = options.name ?? basename(file, extname(file));
  const tasks: BenchTask[] = [];
  const problems: DatasetProblem[] = [];
  const seen = new Set<string>();
  const formats = new Set<DatasetFormat>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (raw.trim() === "") continue;
    try {
      const task = parseRow(raw, { file, line, dataset: name }, options.format);
      if (seen.has(task.id)) throw new Error(`duplicate task id "${task.id}"`);
      seen.add(task.id);
      formats.add(task.format);
      tasks.push(task);
    } catch (error) {
      problems.push({ file, line, message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (formats.size > 1) {
    problems.push({ file, line: 0, message: "the file mixes SecurityEval and SecCodePLT rows" });
  }
  const format = options.format ?? [...formats][0] ?? "securityeval";
  return { name, file, format, tasks, problems };
}

function parseRow(
  raw: string,
  origin: { file: string; line: number; dataset: string },
  forced: DatasetFormat | undefined,
): BenchTask {
  let row: unknown;
  try {
    row = JSON.parse(raw);
  } catch (error) {
    throw new Error(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof row !== "object" || row === null || Array.isArray(row))
    throw new Error("a row must be a JSON object");
  const record = row as Record<string, unknown>;
  const format = forced ?? detectFormat(record);
  if (format === "securityeval") return securityEvalTask(record, origin);
  if (format === "seccodeplt") return secCodePltTask(record, origin);
  throw new Error(
    "unknown row format: expected SecurityEval (ID, Prompt) or SecCodePLT (CWE_ID, task_description)",
  );
}

function detectFormat(row: Record<string, unknown>): DatasetFormat | undefined {
  if (isSecurityEvalRow(row)) return "securityeval";
  if (isSecCodePltRow(row)) return "seccodeplt";
  return undefined;
}

export function formatProblem(p: DatasetProblem): string {
  return p.line > 0 ? `${p.file}:${p.line}: ${p.message}` : `${p.file}: ${p.message}`;
}
