import { detectSecrets, detectSecretsSync } from "./secrets/detect-secrets.js";
import type { SecretSpan } from "./secrets/secret-span.js";

export { isHighEntropyToken, shannonEntropy } from "./secrets/entropy.js";

/**
 * Secret redaction for everything sent to a model. Secrets become placeholders
 * (`<SECLSP_SECRET_1>`) before a request leaves the process. In the reply, a placeholder gets its
 * original value back only in a line the request already had (same text around it, whitespace
 * aside): a line the model wrote or changed keeps the placeholder, so a model can never move a
 * secret into new code (a URL it builds, a log call, a request to elsewhere).
 * One redactor per request keeps the numbering stable: the same value always gets the same
 * placeholder, so the cache key does not depend on the secret itself.
 */

const PLACEHOLDER = /<SECLSP_SECRET_(\d+)>(\n*)/g;

export interface RedactionStats {
  /** Distinct secret values replaced. */
  secrets: number;
  /** Placeholders left in replies because they sat in lines the model wrote or changed. */
  unrestored: number;
}

export class SecretRedactor {
  private readonly placeholderByValue = new Map<string, string>();
  private readonly valueByIndex = new Map<number, string>();
  /** Per placeholder index: the sent lines (normalized) it appeared in. */
  private readonly sentLines = new Map<number, Set<string>>();
  private unrestored = 0;

  get stats(): RedactionStats {
    return { secrets: this.valueByIndex.size, unrestored: this.unrestored };
  }

  /** Replace every secret our own rules find (synchronous; no secretlint). */
  redact(text: string): string {
    return this.apply(text, detectSecretsSync(text));
  }

  /** Replace every secret our rules or secretlint's recommended preset find. */
  async redactAsync(text: string): Promise<string> {
    return this.apply(text, await detectSecrets(text));
  }

  /** Put original values back where placeholders survived in lines the request had. */
  restore(text: string): string {
    if (this.valueByIndex.size === 0) return text;
    return text.replace(PLACEHOLDER, (whole, index: string, newlines: string, offset: number) => {
      const n = Number(index);
      const value = this.valueByIndex.get(n);
      if (value === undefined) return whole;
      if (!this.sentLines.get(n)?.has(lineKey(text, offset, `<SECLSP_SECRET_${index}>`, value))) {
        this.unrestored++;
        return whole;
      }
      // Multi-line secrets were sent as the placeholder plus their line breaks (so line numbers
      // in feedback stay right); swallow those breaks when the model kept them.
      const padding = "\n".repeat(countNewlines(value));
      const kept = newlines.startsWith(padding) ? newlines.slice(padding.length) : newlines;
      return value + kept;
    });
  }

  private apply(text: string, spans: SecretSpan[]): string {
    let out = "";
    let at = 0;
    for (const span of spans) {
      const value = text.slice(span.start, span.end);
      if (span.start < at || value.includes("<SECLSP_SECRET_")) continue;
      out += text.slice(at, span.start) + this.placeholderFor(value);
      at = span.end;
    }
    out += text.slice(at);
    this.recordSentLines(out);
    return out;
  }

  private recordSentLines(sent: string): void {
    for (const match of sent.matchAll(PLACEHOLDER)) {
      const n = Number(match[1]);
      const value = this.valueByIndex.get(n);
      if (value === undefined) continue;
      const lines = this.sentLines.get(n) ?? new Set<string>();
      this.sentLines.set(n, lines);
      lines.add(lineKey(sent, match.index ?? 0, `<SECLSP_SECRET_${n}>`, value));
    }
  }

  private placeholderFor(value: string): string {
    const existing = this.placeholderByValue.get(value);
    if (existing !== undefined) return existing;
    const index = this.valueByIndex.size + 1;
    const placeholder = `<SECLSP_SECRET_${index}>${"\n".repeat(countNewlines(value))}`;
    this.placeholderByValue.set(value, placeholder);
    this.valueByIndex.set(index, value);
    return placeholder;
  }
}

/** How much of a line on each side of a placeholder identifies it (bounds work on MB-long lines). */
const LINE_WINDOW = 400;

/**
 * The line around a placeholder at `offset`, whitespace-normalized (at most LINE_WINDOW characters
 * on each side). For a multi-line secret only the part up to the placeholder counts (the model
 * may drop the blank padding lines after it).
 */
function lineKey(text: string, offset: number, placeholder: string, value: string): string {
  const windowStart = Math.max(0, offset - LINE_WINDOW);
  // Searches stay inside the window: indexOf over a whole MB-long line per placeholder is quadratic.
  const lineStart = windowStart + text.slice(windowStart, offset).lastIndexOf("\n") + 1;
  const afterPlaceholder = offset + placeholder.length;
  const windowEnd = Math.min(text.length, afterPlaceholder + LINE_WINDOW);
  const newline = text.slice(afterPlaceholder, windowEnd).indexOf("\n");
  const lineEnd = newline < 0 ? windowEnd : afterPlaceholder + newline;
  const line = value.includes("\n")
    ? text.slice(lineStart, afterPlaceholder)
    : text.slice(lineStart, lineEnd);
  return line.trim().replace(/\s+/g, " ");
}

/** Redact every message of one request with a shared numbering (secretlint included). */
export async function redactMessages<T extends { content: string }>(
  messages: T[],
  redactor = new SecretRedactor(),
): Promise<{ messages: T[]; redactor: SecretRedactor }> {
  const out: T[] = [];
  // In order, so placeholder numbers do not depend on timing.
  for (const m of messages) out.push({ ...m, content: await redactor.redactAsync(m.content) });
  return { messages: out, redactor };
}

/** True when `code` still holds a redaction placeholder (a line the model wrote used a secret). */
export function containsPlaceholder(code: string): boolean {
  return /<SECLSP_SECRET_\d+>/.test(code);
}

function countNewlines(value: string): number {
  let n = 0;
  for (const ch of value) if (ch === "\n") n++;
  return n;
}
