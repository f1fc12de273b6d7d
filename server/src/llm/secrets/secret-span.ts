/** A secret found in a text: `[start, end)` in UTF-16 units, and which rule found it. */
export interface SecretSpan {
  start: number;
  end: number;
  rule: string;
}

/** Sorted, with overlapping spans joined (a secret two detectors found is redacted once). */
export function mergeSpans(spans: SecretSpan[]): SecretSpan[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretSpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * Identifiers that occur as whole words more than once in the text: an unquoted
 * `password=pw` whose value is such a word is a variable, not a literal secret. Counted lazily,
 * once per text, only when a rule asks.
 */
export class TextWords {
  private counts: Map<string, number> | undefined;

  constructor(private readonly text: string) {}

  isVariable(value: string): boolean {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return false;
    if (PYTHON_CONSTANTS.has(value)) return true;
    if (!this.counts) {
      this.counts = new Map();
      for (const match of this.text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
        this.counts.set(match[0], (this.counts.get(match[0]) ?? 0) + 1);
      }
    }
    return (this.counts.get(value) ?? 0) >= 2;
  }
}

const PYTHON_CONSTANTS = new Set(["None", "True", "False", "null", "true", "false", "self", "cls"]);
