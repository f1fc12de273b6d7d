import { lineStart } from "../python/line-start.js";
import { dominantLineEnding } from "./compute-edit.js";
import { stripIndent } from "./python-outline.js";

/** Text helpers for splicing model code into a document without touching its other bytes. */

/** The terminator of the line holding `offset` (the document's usual one for a last line without). */
export function lineEndingAt(text: string, offset: number): string {
  const match = /\r\n|\r|\n/g;
  match.lastIndex = offset;
  const found = match.exec(text);
  return found ? found[0] : dominantLineEnding(text);
}

/** Whitespace before `offset` on its line, when only whitespace is there ("" otherwise). */
export function indentBefore(text: string, offset: number): string {
  const prefix = text.slice(lineStart(text, offset), offset);
  return /^[ \t]*$/.test(prefix) ? prefix : "";
}

/** End of the line terminator after `offset` plus any blank lines that follow. */
export function endOfTrailingBlankLines(text: string, offset: number): number {
  const pattern = /[ \t]*(?:\r\n|\r|\n)/y;
  let end = offset;
  pattern.lastIndex = end;
  while (pattern.exec(text)) {
    end = pattern.lastIndex;
  }
  return end;
}

/**
 * Model code (\n line breaks, first line starting at `fromColumn` in the reply) moved to
 * `indent` with line ending `eol`. The first line is not prefixed (the document keeps its own
 * indentation before the replaced item); lines inside multi-line strings keep their bytes.
 */
export function reindent(
  code: string,
  fromColumn: number,
  stringRows: number[],
  indent: string,
  eol: string,
): string {
  const protectedRows = new Set(stringRows);
  return code
    .split("\n")
    .map((line, row) => {
      if (row === 0 || protectedRows.has(row)) return line;
      if (line.trim() === "") return "";
      return indent + stripIndent(line, fromColumn);
    })
    .join(eol);
}
