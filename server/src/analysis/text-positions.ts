/**
 * Column conversions between the encodings tools report and LSP's UTF-16 code units.
 * CodeQL's SARIF uses Unicode code points (`columnKind: unicodeCodePoints`), Python's ast
 * (Bandit) uses UTF-8 byte offsets; LSP and `Finding.range` use UTF-16 code units.
 */

/** Split like an editor does: \r\n, \r and \n all end a line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Code point column (0-based) on `lineText` → UTF-16 column. Past the end → clamped to the line length. */
export function codePointToUtf16(lineText: string, codePointColumn: number): number {
  let utf16 = 0;
  let points = 0;
  while (points < codePointColumn && utf16 < lineText.length) {
    const code = lineText.codePointAt(utf16)!;
    utf16 += code > 0xffff ? 2 : 1;
    points++;
  }
  // Columns beyond the line (e.g. an end column after the newline) keep their distance.
  return utf16 + Math.max(0, codePointColumn - points);
}

/** UTF-16 column (0-based) → code point column. */
export function utf16ToCodePoint(lineText: string, utf16Column: number): number {
  let utf16 = 0;
  let points = 0;
  while (utf16 < utf16Column && utf16 < lineText.length) {
    const code = lineText.codePointAt(utf16)!;
    utf16 += code > 0xffff ? 2 : 1;
    points++;
  }
  return points + Math.max(0, utf16Column - utf16);
}

/** UTF-8 byte column (0-based) on `lineText` → UTF-16 column. */
export function utf8ByteToUtf16(lineText: string, byteColumn: number): number {
  let utf16 = 0;
  let bytes = 0;
  while (bytes < byteColumn && utf16 < lineText.length) {
    const code = lineText.codePointAt(utf16)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    utf16 += code > 0xffff ? 2 : 1;
  }
  return utf16 + Math.max(0, byteColumn - bytes);
}

/** Line lookup that tolerates out-of-range lines (returns ""). */
export class LineIndex {
  private readonly lines: string[];

  constructor(text: string) {
    this.lines = splitLines(text);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  line(index: number): string {
    return this.lines[index] ?? "";
  }
}
