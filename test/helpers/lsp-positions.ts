import type { Position, Range } from "vscode-languageserver/node.js";

/**
 * Position (0-based line, UTF-16 column — JS string indices are UTF-16) of the `nth` occurrence
 * of `needle` in `text`. Lines end at \n, \r\n or \r, like LSP.
 */
export function positionOf(text: string, needle: string, nth = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" (occurrence ${nth}) not found`);
  }
  return positionAt(text, offset);
}

/** Range covering the `nth` occurrence of `needle` (single-line needles). */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  const start = positionOf(text, needle, nth);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** True when `inner` lies on `outer`'s lines, between its start and end (a sink inside its call). */
export function isWithin(inner: Range, outer: Range): boolean {
  const before = (a: Position, b: Position) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
