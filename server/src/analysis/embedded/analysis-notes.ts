import type { Finding, ReporterTool } from "../finding.js";
import { fingerprintFor } from "../fingerprint.js";
import { LineTable } from "./taint/line-table.js";

/** A pass skipped the file (too deep for ruff's stack, ruff trapped or timed out). */
export const NOT_ANALYZED_RULE = "seclsp/not-analyzed";
/** A pass stopped early (time budget): findings before that point are reported, later ones not. */
export const INCOMPLETE_RULE = "seclsp/analysis-incomplete";

/**
 * A note finding saying that (part of) a file was NOT checked, so that a file the analyzer gave
 * up on never looks like a clean one: it shows in the editor, in `seclsp check` and in SARIF.
 */
export function analysisNote(
  path: string,
  text: string,
  ruleId: typeof NOT_ANALYZED_RULE | typeof INCOMPLETE_RULE,
  message: string,
  offset = 0,
  tool: ReporterTool = "taint",
): Finding {
  const lines = new LineTable(text);
  const at = Math.max(0, Math.min(offset, text.length));
  const line = lines.rowOf(at);
  const character = at - lines.starts[line]!;
  // One character wide (or empty at the end of the text): a long line is not highlighted whole.
  const width = at < text.length && !/[\r\n]/.test(text[at]!) ? 1 : 0;
  const range = { start: { line, character }, end: { line, character: character + width } };
  return {
    ruleId,
    cwes: [],
    severity: "note",
    message,
    file: path,
    range,
    source: "embedded",
    reporters: [{ tool, ruleId }],
    // The rule and the message's kind (not the position) identify it: stable across edits.
    fingerprint: fingerprintFor(ruleId, message.replace(/\d+/g, "N"), {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    }),
  };
}
