import type { Range } from "vscode-languageserver-protocol";
import { commonPrefixLength, commonSuffixLength } from "../../server/src/python/common-affix.js";

/** LSP position (UTF-16 columns) of `offset` in `text`; \r\n, \n and a lone \r end a line. */
function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/**
 * The one range replacement that turns `before` into `after`, as an editor with incremental sync
 * sends it (the server asks for TextDocumentSyncKind.Incremental). The range never splits a \r\n.
 */
export function incrementalChange(before: string, after: string): { range: Range; text: string } {
  let prefix = commonPrefixLength(before, after);
  // A position between \r and \n is not a position in LSP: start the range before the \r.
  if (prefix > 0 && before.charCodeAt(prefix - 1) === 13 && before.charCodeAt(prefix) === 10) prefix--;
  let suffix = commonSuffixLength(before, after, Math.min(before.length, after.length) - prefix);
  const cut = before.length - suffix;
  if (suffix > 0 && before.charCodeAt(cut - 1) === 13 && before.charCodeAt(cut) === 10) suffix--;
  const end = before.length - suffix;
  return {
    range: { start: positionAt(before, prefix), end: positionAt(before, end) },
    text: after.slice(prefix, after.length - suffix),
  };
}
