import { type FileHandle, open, readFile, rename, writeFile } from "node:fs/promises";
import { type ResultRow, unitKey } from "./result-row.js";

export interface LoadedResults {
  /** Rows of complete units only, in file order. */
  rows: ResultRow[];
  /** A torn last line (killed mid-write) that was dropped. */
  tornTail: boolean;
  /** Rows dropped because their unit had no final row (killed between the rows of one unit). */
  incompleteRows: number;
  /** Lines that were not JSON in the middle of the file (should never happen; reported). */
  badLines: number[];
}

/**
 * Read results.jsonl, tolerating a kill at any moment: a last line without its newline is torn
 * and dropped, and rows of a unit without its `final` row are dropped (the unit reruns; the LLM
 * cache makes that free). Missing file → no rows.
 */
export async function readResults(file: string): Promise<LoadedResults> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return { rows: [], tornTail: false, incompleteRows: 0, badLines: [] };
    }
    throw error;
  }
  const lines = text.split("\n");
  // After the last "\n" comes either "" (clean end) or a torn fragment.
  const tail = lines.pop() ?? "";
  const tornTail = tail.length > 0;
  const parsed: ResultRow[] = [];
  const badLines: number[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    try {
      parsed.push(JSON.parse(line) as ResultRow);
    } catch {
      badLines.push(index + 1);
    }
  }
  const complete = new Set(parsed.filter((r) => r.final).map(unitKey));
  const rows = parsed.filter((r) => complete.has(unitKey(r)));
  return { rows, tornTail, incompleteRows: parsed.length - rows.length, badLines };
}

/** Rewrite the file with exactly these rows (atomic: temp file + rename). Used to drop torn/partial rows. */
export async function writeResults(file: string, rows: ResultRow[]): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
  await rename(tmp, file);
}

/**
 * Append-only writer. Each unit's rows go out in ONE write followed by fdatasync, and writes are
 * serialized, so a kill leaves at most one torn line at the end (which readResults drops).
 */
export class ResultsWriter {
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly handle: FileHandle) {}

  static async open(file: string): Promise<ResultsWriter> {
    return new ResultsWriter(await open(file, "a"));
  }

  append(rows: ResultRow[]): Promise<void> {
    const data = rows.map((r) => `${JSON.stringify(r)}\n`).join("");
    const next = this.chain.then(async () => {
      await this.handle.write(data);
      await this.handle.datasync();
    });
    // Keep the chain alive after a failure so later writes still run (and report their own errors).
    this.chain = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.chain;
    await this.handle.close();
  }
}
