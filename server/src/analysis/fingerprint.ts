import { createHash } from "node:crypto";
import type { Range } from "./finding.js";

/**
 * Stable id for a finding: rule + the whitespace-normalized source line(s) of its range +
 * the occurrence index of that pair in the file. Adding lines above does not change it.
 */
export function fingerprintFor(ruleId: string, text: string, range: Range, occurrence = 0): string {
  const lines = text.split(/\r\n|\r|\n/);
  const snippet = lines
    .slice(range.start.line, range.end.line + 1)
    .join("\n")
    .replace(/\s+/g, " ")
    .trim();
  return createHash("sha256").update(`${ruleId}\0${snippet}\0${occurrence}`).digest("hex").slice(0, 16);
}
