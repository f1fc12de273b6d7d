import { isHighEntropyToken } from "./entropy.js";
import type { SecretSpan, TextWords } from "./secret-span.js";

/**
 * Our own secret rules, in the spirit of gitleaks' and detect-secrets' rule sets, for what
 * secretlint's preset does not cover (passwords in code, connection strings, .env lines, URL
 * userinfo). Each rule names the capture group that is the secret; only that part is redacted,
 * so the model still sees the shape of the code. Every quantifier is bounded: a hostile 2 MB line
 * costs one linear pass per rule, never a rescan per position.
 */

interface PatternRule {
  id: string;
  pattern: RegExp;
  /** Capture group holding the secret (the first that matched when several are listed). */
  groups: number[];
  /** Run only on lines holding a sensitive word (the rule cannot span lines; saves most of its cost). */
  perLine?: boolean;
  /** Extra check of the value (and its match); default accepts. */
  accept?: (value: string, match: RegExpMatchArray, words: TextWords) => boolean;
}

/** Name fragments that make a literal a secret wherever they appear in an identifier. */
const NAME_CORE = `(?:pass(?:word|wd|phrase)|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|auth[_-]?key|account[_-]?key|signing[_-]?key|encryption[_-]?key|authorization|credentials?|passcode)`;
/** Short fragments that count only as a whole `_`-separated part (not "upward", "compass"). */
const NAME_SHORT = `(?:pw|pwd|pass|passwd|sig|pin)`;
/** A sensitive identifier (case-insensitive). */
export const SENSITIVE_NAME = `(?:[A-Za-z0-9_]{0,40}${NAME_CORE}[A-Za-z0-9_]{0,40}|(?:[A-Za-z0-9]{1,20}_){0,4}${NAME_SHORT}(?:_[A-Za-z0-9]{1,20}){0,4})`;

/** Names that mention a secret but hold something else (`token_type = "bearer"`, `password_field`). */
const NOT_A_SECRET_NAME =
  /(?:^|_)(?:type|name|names|url|uri|endpoint|field|fields|label|prompt|path|file|dir|length|len|header|env|var|id|format|pattern|regex|hint|message|msg|placeholder|expiry|expires|ttl|timeout|count|policy|min|max|widget|validator|scheme|mode|column|param|arg|kind|style|class|prefix|suffix|location|method|version)$/i;

/** The camelCase forms of the same (`SharedAccessKeyName`, `passwordField`). */
const NOT_A_SECRET_CAMEL_NAME =
  /[a-z0-9](?:Name|Type|Url|Uri|Id|Field|Label|Path|File|Env|Header|Format|Prompt|Length)$/;

function isSecretName(name: string): boolean {
  return !NOT_A_SECRET_NAME.test(name) && !NOT_A_SECRET_CAMEL_NAME.test(name);
}

/** Values that are not secrets even under a sensitive name. */
function isPlausibleSecretValue(raw: string, fString = false): boolean {
  const value = fString ? raw.replace(/\{[^{}]{0,200}\}/g, "") : raw;
  if (value.length < 4) return false;
  if (raw.includes("<SECLSP_SECRET_")) return false;
  if (/^\{[^}]*\}$|^%[sdr]$|^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$|^<[^<>]*>$/.test(raw)) return false;
  if ((raw.match(/\s/g) ?? []).length >= 2) return false;
  if (/^[*xX.•-]+$/.test(raw)) return false;
  // An environment variable's name ("DB_PASSWORD"), not its value.
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(raw)) return false;
  return !COMMON_NON_SECRETS.has(raw.toLowerCase());
}

const COMMON_NON_SECRETS = new Set([
  "bearer",
  "basic",
  "password",
  "passwd",
  "secret",
  "token",
  "none",
  "null",
  "true",
  "false",
  "required",
  "hidden",
  "redacted",
  "changeit?",
  "example",
  "utf-8",
  "access_token",
  "refresh_token",
  "id_token",
  "client_credentials",
]);

const nameOf = (match: RegExpMatchArray, ...groups: number[]) =>
  groups.map((g) => match[g]).find((v) => v !== undefined) ?? "";

/** A Python string literal with an optional prefix; group `q` is the quote, then the body. */
const QUOTE = `("""|'''|"|')`;

export const PATTERN_RULES: PatternRule[] = [
  {
    // name = "v", name: str = "v", name == "v", f(name="v"), {"name": "v"}, cfg["name"] = "v",
    // with r/b/u/f prefixes and triple quotes.
    id: "sensitive-assignment",
    pattern: new RegExp(
      String.raw`(?:(["'])(${SENSITIVE_NAME})\1(?:\s{0,4}\])?|(?<![A-Za-z0-9_])(${SENSITIVE_NAME}))\s{0,8}(?::\s{0,4}[A-Za-z_][\w\[\]., |]{0,40}?\s{0,4})?(?:==|!=|=|:)\s{0,8}([rRbBuUfF]{0,2})${QUOTE}((?:(?!\5)[^\\\n]|\\.){0,512})\5`,
      "dgi",
    ),
    groups: [6],
    perLine: true,
    accept: (value, m) =>
      isSecretName(nameOf(m, 2, 3)) && isPlausibleSecretValue(value, /f/i.test(m[4] ?? "")),
  },
  {
    // os.getenv("DB_PASSWORD", "default"), environ.get('TOKEN', default="..."), config.get(...).
    id: "getenv-default",
    pattern: new RegExp(
      String.raw`\(\s{0,8}[rRbBuU]?(["'])(${SENSITIVE_NAME})\1\s{0,8},\s{0,8}(?:default\s{0,4}=\s{0,4})?([rRbBuUfF]{0,2})${QUOTE}((?:(?!\4)[^\\\n]|\\.){0,512})\4`,
      "dgi",
    ),
    groups: [5],
    accept: (value, m) => isPlausibleSecretValue(value, /f/i.test(m[3] ?? "")),
  },
  {
    // Connection strings and query strings: libpq "password=x", ODBC "PWD={x};", JDBC
    // "?password=x&", Azure "AccountKey=...;", "SharedAccessKey=...", SAS "sig=...", and .env
    // lines (in docstrings and comments too). Unquoted values must end where such strings end.
    id: "key-value",
    pattern: new RegExp(
      String.raw`(?<![A-Za-z0-9_])(${SENSITIVE_NAME})[ \t]{0,4}=(?!=)[ \t]{0,4}(?:\{([^}\n]{1,256})\}|'([^'\n]{1,256})'|"([^"\n]{1,256})"|([^\s;&'"{}()\[\],=<>][^\s;&'"{}()\[\],<>]{0,255})(?=[;&'"\s]|$))`,
      "dgim",
    ),
    groups: [2, 3, 4, 5],
    perLine: true,
    accept: (value, m, words) => {
      if (!isSecretName(m[1] ?? "")) return false;
      // Unquoted or in braces: a word used elsewhere in the text is a variable (`password=pw` as
      // a keyword argument, `f"password={db_pass}"`).
      if ((m[5] !== undefined || m[2] !== undefined) && words.isVariable(value)) return false;
      return isPlausibleSecretValue(value);
    },
  },
  {
    // scheme://user:PASSWORD@host — the password may hold "@" and "/" (the last "@" before the
    // host ends it); "redis://:pw@host" has no user. "http://host:8080/@x" is a port, not a password.
    id: "url-userinfo",
    pattern:
      /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{0,20}:\/\/[^\s:@/'"]{0,128}:([^\s'"]{1,256})@(?=[^\s@/'"]{1,253}(?:[/:?#'"\s]|$))/dgim,
    groups: [1],
    accept: (value) => !/^\d{1,5}\//.test(value) && !value.includes("<SECLSP_SECRET_"),
  },
  {
    id: "authorization-header",
    pattern: /(?<![A-Za-z0-9_])(?:Bearer|Basic|Token)\s{1,4}([A-Za-z0-9._~+/-]{8,512}=*)/dg,
    groups: [1],
    accept: (value) => /[0-9]/.test(value) || value.length >= 24,
  },
  {
    id: "slack-webhook",
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9_/+-]{10,256})/dg,
    groups: [1],
  },
  {
    id: "discord-webhook",
    pattern: /discord(?:app)?\.com\/api\/webhooks\/([0-9]{5,30}\/[A-Za-z0-9_-]{20,128})/dg,
    groups: [1],
  },
  {
    id: "quoted-high-entropy",
    pattern: /(["'])([A-Za-z0-9+/=_-]{20,512})\1/dg,
    groups: [2],
    accept: isHighEntropyToken,
  },
];

/** Tokens recognisable by their prefix (as in gitleaks' rules); the whole token is the secret. */
const PREFIXED_TOKENS: Array<[string, RegExp]> = [
  ["openai-anthropic", /(?<![A-Za-z0-9_-])sk-(?:proj-|ant-[a-z0-9]{2,8}-)?[A-Za-z0-9_-]{20,256}/g],
  ["github", /(?<![A-Za-z0-9_])gh[opusr]_[A-Za-z0-9]{20,255}/g],
  ["github-fine-grained", /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}/g],
  ["slack-token", /(?<![A-Za-z0-9_])(?:xox[abposr]|xapp)-[A-Za-z0-9-]{10,255}/g],
  ["aws-access-key", /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}/g],
  ["google-api-key", /(?<![A-Za-z0-9_])AIza[0-9A-Za-z_-]{35}/g],
  ["gitlab", /(?<![A-Za-z0-9_])gl(?:pat|dt|ptt|rt)-[A-Za-z0-9_-]{20,255}/g],
  ["stripe", /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,255}/g],
  ["huggingface", /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,255}/g],
  ["sendgrid", /(?<![A-Za-z0-9_])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/g],
  ["npm", /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}/g],
  ["pypi", /(?<![A-Za-z0-9_])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,512}/g],
  ["twilio", /(?<![A-Za-z0-9_])SK[0-9a-fA-F]{32}/g],
  ["shopify", /(?<![A-Za-z0-9_])shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}/g],
  ["digitalocean", /(?<![A-Za-z0-9_])do[opr]_v1_[a-f0-9]{64}/g],
  ["mailgun", /(?<![A-Za-z0-9_])key-[0-9a-f]{32}/g],
  ["jwt", /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2048}\.eyJ[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,1024}/g],
];

/** Every span the pattern rules find in `text`. */
export function patternSpans(text: string, words: TextWords): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const [id, pattern] of PREFIXED_TOKENS) {
    for (const m of text.matchAll(pattern)) {
      spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, rule: id });
    }
  }
  const lines = hintedLines(text);
  for (const rule of PATTERN_RULES) {
    const regions: Array<[number, number]> = rule.perLine ? lines : [[0, text.length]];
    for (const [from, to] of regions) {
      const region = from === 0 && to === text.length ? text : text.slice(from, to);
      for (const m of region.matchAll(rule.pattern)) {
        const group = rule.groups.find((g) => m[g] !== undefined);
        if (group === undefined) continue;
        const value = m[group] ?? "";
        if (value === "" || (rule.accept && !rule.accept(value, m, words))) continue;
        const start = groupStart(m, group);
        if (start !== undefined)
          spans.push({ start: from + start, end: from + start + value.length, rule: rule.id });
      }
    }
  }
  return spans;
}

/** A word every sensitive name contains (a cheap, loose prefilter for the per-line rules). */
const SENSITIVE_HINT = /pass|pw|secret|token|key|auth|credential|sig|pin/gi;

/** `[start, end)` of each line holding a sensitive hint, each line once, in order. */
function hintedLines(text: string): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  let lineEnd = -1;
  for (const m of text.matchAll(SENSITIVE_HINT)) {
    const at = m.index ?? 0;
    if (at < lineEnd) continue;
    const start = text.lastIndexOf("\n", at) + 1;
    const newline = text.indexOf("\n", at);
    lineEnd = newline < 0 ? text.length : newline;
    lines.push([start, lineEnd]);
  }
  return lines;
}

function groupStart(m: RegExpMatchArray, g: number): number | undefined {
  return m.indices?.[g]?.[0];
}
