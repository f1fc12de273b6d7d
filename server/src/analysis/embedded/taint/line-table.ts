/**
 * Line starts of a text, as editors count lines: \r\n, \n and a lone \r each end a line (LSP
 * positions). Built with one char-code scan (a regex split of a large file per lookup was a
 * hot spot of the taint pass).
 */
export class LineTable {
  /** UTF-16 offset where each line starts. */
  readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  /** The line containing `offset` (binary search). */
  rowOf(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Lines `first`..`last` (inclusive, clamped to the text) with their original terminators
   * between them, without the terminator of the last one.
   */
  slice(first: number, last: number): string {
    const starts = this.starts;
    if (first >= starts.length) return "";
    const from = starts[first]!;
    const next = last + 1 < starts.length ? starts[last + 1]! : undefined;
    if (next === undefined) return this.text.slice(from);
    // Drop the line terminator (\n, \r or \r\n) that ends line `last`.
    let to = next - 1;
    if (this.text.charCodeAt(to) === 10 && to > from && this.text.charCodeAt(to - 1) === 13) to--;
    return this.text.slice(from, to);
  }
}
