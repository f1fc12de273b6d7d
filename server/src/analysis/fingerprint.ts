import { createHash } from "node:crypto";
import type { Range } from "./finding.js";

function snippetOf(lines: readonly string[], range: Range): string {
  return lines
    .slice(range.start.line, range.end.line + 1)
    .join("\n")
    .replace(/\s+/g, " ")
    .trim();
}

function hash(ruleId: string, snippet: string, occurrence: number): string {
  return createHash("sha256").update(`${ruleId}\0${snippet}\0${occurrence}`).digest("hex").slice(0, 16);
}

/**
 * Stable id for a finding: rule + the whitespace-normalized source line(s) of its range +
 * the occurrence index of that (rule, snippet) pair in the file. Adding lines above, or
 * re-indenting, does not change it; a second identical line gets occurrence 1.
 */
export function fingerprintFor(ruleId: string, text: string, range: Range, occurrence = 0): string {
  return hash(ruleId, snippetOf(text.split(/\r\n|\r|\n/), range), occurrence);
}

/**
 * Fingerprints for many findings of one file, counting occurrences of identical (rule, snippet)
 * pairs in the order findings are added (callers add them in source order).
 */
export class FileFingerprints {
  private readonly lines: string[];
  private readonly seen = new Map<string, number>();

  constructor(text: string) {
    this.lines = text.split(/\r\n|\r|\n/);
  }

  next(ruleId: string, range: Range): string {
    const snippet = snippetOf(this.lines, range);
    const key = `${ruleId}\0${snippet}`;
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    return hash(ruleId, snippet, occurrence);
  }
}
