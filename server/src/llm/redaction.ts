/**
 * Secret redaction for everything sent to a model. Secrets become placeholders
 * (`<SECLSP_SECRET_1>`) before a request leaves the process; in the reply, surviving
 * placeholders are replaced with the original values so the returned code still works.
 * One redactor per request keeps the numbering stable: the same value always gets the same
 * placeholder, so the cache key does not depend on the secret itself.
 */

/** PEM private keys, whole block (RSA, EC, OPENSSH, ENCRYPTED, PGP ... PRIVATE KEY). */
const PRIVATE_KEY_BLOCK =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g;

/** Tokens recognisable by their prefix (OpenAI/Anthropic, GitHub, Slack, AWS, Google, GitLab). */
const PREFIXED_TOKENS: RegExp[] = [
  /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}/g,
  /(?<![A-Za-z0-9_])gh[opusr]_[A-Za-z0-9]{20,}/g,
  /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}/g,
  /(?<![A-Za-z0-9_])xox[abprs]-[A-Za-z0-9-]{10,}/g,
  /(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}/g,
  /(?<![A-Za-z0-9_])AIza[0-9A-Za-z_-]{35}/g,
  /(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}/g,
  /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g,
  /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}/g,
  // JSON Web Tokens: header.payload.signature, both first parts base64url JSON ("eyJ").
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

/** The password of a URL with credentials (postgres://user:PASSWORD@host/db). */
const URL_PASSWORD = /(?<=[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:)[^\s/@'"]+(?=@)/gi;

/** Identifier fragments that mark the assigned literal as a secret. */
const SENSITIVE_NAME =
  "[A-Za-z0-9_]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|auth[_-]?key|authorization|credential)[A-Za-z0-9_]*";

/**
 * `name = "v"`, `name: str = "v"`, `name == "v"`, `f(name="v")`, `{"name": "v"}`,
 * `config["name"] = "v"`: group 1 is
 * everything up to the opening quote, group 2 the quote, group 3 the value.
 */
const SENSITIVE_ASSIGNMENT = new RegExp(
  String.raw`((?:(["'])${SENSITIVE_NAME}\2(?:\s*\])?|(?<![A-Za-z0-9_])${SENSITIVE_NAME})\s*(?::\s*[A-Za-z_][\w\[\]., |]*?\s*)?(?:==|=|:)\s*[rRbBuU]{0,2})(["'])((?:(?!\3)[^\\\n]|\\.)*)\3`,
  "gi",
);

/** Quoted literals that may be random keys (checked for entropy below). */
const QUOTED_TOKEN = /(["'])([A-Za-z0-9+/=_-]{20,})\1/g;

export interface RedactionStats {
  /** Distinct secret values replaced. */
  secrets: number;
}

export class SecretRedactor {
  private readonly placeholderByValue = new Map<string, string>();
  private readonly valueByIndex = new Map<number, string>();

  get stats(): RedactionStats {
    return { secrets: this.valueByIndex.size };
  }

  /** Replace every secret in `text` with its placeholder. */
  redact(text: string): string {
    let out = text.replace(PRIVATE_KEY_BLOCK, (block) => this.placeholderFor(block));
    for (const pattern of PREFIXED_TOKENS) {
      out = out.replace(pattern, (token) => this.placeholderFor(token));
    }
    out = out.replace(URL_PASSWORD, (password) => this.placeholderFor(password));
    out = out.replace(
      SENSITIVE_ASSIGNMENT,
      (whole, head: string, _q: string, quote: string, value: string) => {
        if (!looksLikeSecretValue(value)) return whole;
        return `${head}${quote}${this.placeholderFor(value)}${quote}`;
      },
    );
    out = out.replace(QUOTED_TOKEN, (whole, quote: string, value: string) =>
      isHighEntropyToken(value) ? `${quote}${this.placeholderFor(value)}${quote}` : whole,
    );
    return out;
  }

  /** Put original values back where placeholders survived in a model's reply. */
  restore(text: string): string {
    if (this.valueByIndex.size === 0) return text;
    return text.replace(/<SECLSP_SECRET_(\d+)>(\n*)/g, (whole, index: string, newlines: string) => {
      const value = this.valueByIndex.get(Number(index));
      if (value === undefined) return whole;
      // Multi-line secrets were sent as the placeholder plus their line breaks (so line numbers
      // in feedback stay right); swallow those breaks when the model kept them.
      const padding = "\n".repeat(countNewlines(value));
      const kept = newlines.startsWith(padding) ? newlines.slice(padding.length) : newlines;
      return value + kept;
    });
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

/** Redact every message of one request with a shared numbering. */
export function redactMessages<T extends { content: string }>(
  messages: T[],
  redactor = new SecretRedactor(),
): { messages: T[]; redactor: SecretRedactor } {
  return { messages: messages.map((m) => ({ ...m, content: redactor.redact(m.content) })), redactor };
}

function countNewlines(value: string): number {
  let n = 0;
  for (const ch of value) if (ch === "\n") n++;
  return n;
}

function looksLikeSecretValue(value: string): boolean {
  if (value.length < 4) return false;
  if (value.includes("<SECLSP_SECRET_")) return false;
  // Format strings and prose ("Enter your token here") are not secrets.
  if (/^\{[^}]*\}$|^%[sd]$/.test(value)) return false;
  if ((value.match(/\s/g) ?? []).length >= 2) return false;
  return true;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Random-looking keys: long, no spaces, letters and digits mixed, and high entropy. Hex keys
 * (max 4 bits/char) need length 32+; other alphabets need 4.2+ bits/char, which identifiers,
 * words and paths do not reach.
 */
export function isHighEntropyToken(value: string): boolean {
  if (value.length < 20 || !/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (value.includes("SECLSP_SECRET_")) return false;
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 32 && shannonEntropy(value) >= 3.0;
  return shannonEntropy(value) >= 4.2;
}
