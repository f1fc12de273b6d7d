/** Offset of the start of the line holding `offset` (\n, \r\n and a lone \r end lines). */
export function lineStart(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}
