import type { Range } from "../../../../server/src/analysis/finding.js";

/** 0-based line/UTF-16 column of a string index, treating \r\n, \r and \n as line ends. */
export function positionAt(text: string, index: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    const c = text[i];
    if (c === "\r" && text[i + 1] === "\n") continue;
    if (c === "\n" || c === "\r") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: index - lineStart };
}

/** Range of the LAST occurrence of `needle` in `text` (imports usually come first). */
export function rangeOf(text: string, needle: string): Range {
  const index = text.lastIndexOf(needle);
  if (index < 0) throw new Error(`test setup: ${JSON.stringify(needle)} not in snippet`);
  return { start: positionAt(text, index), end: positionAt(text, index + needle.length) };
}
