/**
 * Does a string literal look like a secret? ruff's S105–S107 flag any literal bound to a
 * password-like name, which on real code is mostly enum values and labels (`token_type = 'dot'`,
 * `PASSWORD_FIELD = "password"`). A secret is at least 8 characters without spaces, not a path,
 * URL (without credentials), placeholder or format string, and not a single word (`bearer`) unless
 * long and random-looking; a name that describes a credential (`token_type`) holds no secret.
 */

const MIN_LENGTH = 8;
const WORD_MIN_LENGTH = 16;
const WORD_MIN_ENTROPY = 3.5;

const PLACEHOLDER =
  /^(?:<.*>|\$\{.*\}|\{\{.*\}\}|%\(.*\)s|(.)\1*|changeme|change[-_ ]?me|dummy|example|placeholder|secret|password|your[-_].*|test(?:ing)?)$/i;
const PATH_LIKE = /^(?:[~.]{0,2}\/|[A-Za-z]:\\|\\\\)/;
const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const URL_WITH_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+:[^/@\s]+@/i;
const FORMAT_FIELD = /\{[\w.[\]]*(?:![rsa])?(?::[^{}]*)?\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrfx]/;

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const length = [...value].length;
  for (const n of counts.values()) bits -= (n / length) * Math.log2(n / length);
  return bits;
}

export function looksLikeSecret(value: string): boolean {
  if (URL_WITH_CREDENTIALS.test(value)) return true;
  if (value.length < MIN_LENGTH || /\s/.test(value)) return false;
  if (PLACEHOLDER.test(value) || PATH_LIKE.test(value) || URL.test(value) || FORMAT_FIELD.test(value))
    return false;
  // One word (`password`, `bearer`) is a label unless long and random; words joined by separators
  // (`dev-secret-key`) are how people write secrets by hand.
  if (/^[A-Za-z]+$/.test(value)) return value.length >= WORD_MIN_LENGTH && entropy(value) >= WORD_MIN_ENTROPY;
  return true;
}

/**
 * Names that describe a credential rather than hold one: `token_type`, `password_field`,
 * `secret_name`, `api_key_header`. Their literals are kinds, field names and labels.
 */
const DESCRIPTOR_NAME =
  /(^|_)(types?|kinds?|names?|fields?|labels?|ids?|prefix|suffix|urls?|uris?|paths?|files?|dirs?|headers?|formats?|styles?|modes?|methods?|schemes?|class|attrs?|params?|envs?|vars?|hints?|prompts?|msg|messages?|texts?|chars?|sep|regexp?|patterns?|options?|location|endpoint|len|length|size|count|placeholder|template|policy|source|column|col|display|title|help)$/i;

export function describesCredential(name: string): boolean {
  return DESCRIPTOR_NAME.test(name.split(".").pop() ?? name);
}

/**
 * The value of the Python string literal in `source` — the literal itself (S105, S107) or a
 * `name="..."` keyword argument (S106); undefined when it is not a plain literal.
 */
export function literalValue(source: string): string | undefined {
  const text = source.trim();
  const literal = /^[A-Za-z_]\w*\s*=\s*([\s\S]*)$/.exec(text)?.[1] ?? text;
  const match = /^([rRbBuU]{0,2})("""|'''|"|')([\s\S]*)\2$/.exec(literal);
  if (!match) return undefined;
  return match[3];
}
