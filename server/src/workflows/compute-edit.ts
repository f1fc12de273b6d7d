import { diffArrays } from "diff";
import type { Position, Range } from "../analysis/finding.js";

/**
 * Turn "the model's whole new code" into minimal text edits (GitHub's guidance: never ask a
 * model for line-numbered diffs; ask for the whole function or file and compute the edit).
 * Ranges are LSP positions (0-based lines, UTF-16 columns — JS string indices are UTF-16), all
 * relative to the old text, sorted and non-overlapping, ready for a versioned TextDocumentEdit.
 */

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Edits that turn `oldText` into `newText`. The new code takes the document's line endings. */
export function computeEdits(oldText: string, newText: string): TextEdit[] {
  return exactEdits(oldText, matchLineEndings(oldText, newText));
}

/**
 * Edits that turn `oldText` into exactly `newText`, byte for byte: lines are compared with their
 * own terminators (\n, \r\n or a lone \r), so in CR-only and mixed files an unchanged line is
 * never part of an edit.
 */
export function exactEdits(oldText: string, newText: string): TextEdit[] {
  if (newText === oldText) return [];
  const lineStarts = lineStartOffsets(oldText);
  const edits: TextEdit[] = [];
  let offset = 0;
  let pending: { start: number; removed: string; added: string } | undefined;
  const flush = () => {
    if (!pending) return;
    edits.push(trimmedEdit(lineStarts, pending.start, pending.removed, pending.added));
    pending = undefined;
  };
  for (const part of diffArrays(splitLines(oldText), splitLines(newText))) {
    const value = part.value.join("");
    if (!part.added && !part.removed) {
      flush();
      offset += value.length;
      continue;
    }
    pending ??= { start: offset, removed: "", added: "" };
    if (part.removed) {
      pending.removed += value;
      offset += value.length;
    } else {
      pending.added += value;
    }
  }
  flush();
  return edits;
}

/** Lines with their terminators; \n, \r\n and a lone \r end a line (as in LSP). */
export function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** Edits that replace `region` of `oldText` (e.g. one function) with `newRegionText`. */
export function replaceRegionEdits(oldText: string, region: Range, newRegionText: string): TextEdit[] {
  const lineStarts = lineStartOffsets(oldText);
  const start = offsetAt(oldText, lineStarts, region.start);
  const end = offsetAt(oldText, lineStarts, region.end);
  return computeEdits(
    oldText,
    oldText.slice(0, start) + matchLineEndings(oldText, newRegionText) + oldText.slice(end),
  );
}

/** Apply edits (sorted, non-overlapping, relative to `text`) — the inverse, used to check results. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = lineStartOffsets(text);
  let out = text;
  for (const edit of [...edits].sort((a, b) => compare(b.range.start, a.range.start))) {
    const start = offsetAt(text, lineStarts, edit.range.start);
    const end = offsetAt(text, lineStarts, edit.range.end);
    out = out.slice(0, start) + edit.newText + out.slice(end);
  }
  return out;
}

/** Shrink one changed hunk to the characters that differ, without splitting \r\n or surrogate pairs. */
function trimmedEdit(lineStarts: number[], start: number, removed: string, added: string): TextEdit {
  let prefix = 0;
  const max = Math.min(removed.length, added.length);
  while (prefix < max && removed[prefix] === added[prefix]) prefix++;
  while (prefix > 0 && !(isSafeBoundary(removed, prefix) && isSafeBoundary(added, prefix))) prefix--;
  let suffix = 0;
  while (suffix < max - prefix && removed[removed.length - 1 - suffix] === added[added.length - 1 - suffix])
    suffix++;
  while (
    suffix > 0 &&
    !(isSafeBoundary(removed, removed.length - suffix) && isSafeBoundary(added, added.length - suffix))
  )
    suffix--;
  const from = start + prefix;
  const to = start + removed.length - suffix;
  return {
    range: { start: positionAt(lineStarts, from), end: positionAt(lineStarts, to) },
    newText: added.slice(prefix, added.length - suffix),
  };
}

function isSafeBoundary(text: string, index: number): boolean {
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  if (before === 0x0d && after === 0x0a) return false;
  return !(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
}

/**
 * `newText` with the document's line endings: a line the diff keeps takes the terminator it has
 * in `oldText` (mixed files stay mixed), a new line takes the one of the old line before it.
 */
export function matchLineEndings(oldText: string, newText: string): string {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const body = (line: string) => line.replace(/(?:\r\n|\r|\n)$/, "");
  const ending = (line: string) => line.slice(body(line).length);
  let current = dominantLineEnding(oldText);
  let out = "";
  let oldIndex = 0;
  let newIndex = 0;
  for (const part of diffArrays(oldLines.map(body), newLines.map(body))) {
    for (let i = 0; i < part.count; i++) {
      if (part.removed) {
        current = ending(oldLines[oldIndex++] ?? "") || current;
        continue;
      }
      const line = newLines[newIndex++] ?? "";
      const old = part.added ? undefined : oldLines[oldIndex++];
      if (old !== undefined && ending(old) !== "") current = ending(old);
      out += body(line) + (ending(line) === "" ? "" : current);
    }
  }
  return out;
}

/** The most frequent line ending of `text` (\n when it has none). */
export function dominantLineEnding(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  if (crlf > lf && crlf >= cr) return "\r\n";
  if (cr > lf && cr > crlf) return "\r";
  return "\n";
}

/** Offsets where lines start; \n, \r\n and a lone \r end a line (as in LSP). */
function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
      starts.push(i + 2);
      i++;
    } else if (ch === 0x0a || ch === 0x0d) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionAt(lineStarts: number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - (lineStarts[low] ?? 0) };
}

function offsetAt(text: string, lineStarts: number[], position: Position): number {
  if (position.line >= lineStarts.length) return text.length;
  const start = lineStarts[position.line] ?? 0;
  return Math.min(start + position.character, text.length);
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
