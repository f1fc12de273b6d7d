import type { SecretSpan } from "./secret-span.js";

/**
 * Private keys in every shape source code holds them: PEM (RSA, EC, DSA, PKCS#8, ENCRYPTED,
 * OpenSSH, PGP, SSH2) as one literal, a triple-quoted block, one literal per line
 * ("...\n" + "..."), with or without the END line, with the BEGIN header split across literals;
 * and PuTTY .ppk files. The key material is the base64 after the header: it is redacted together
 * with the header (and the END line when it follows), so nothing of the key reaches the model.
 * A header with no key material after it (`if "BEGIN PRIVATE KEY" in pem:`) is left alone.
 */

/** What may separate parts of a key in source: quotes, `+`, whitespace, `\n` escapes, `\`. */
const SEP = String.raw`(?:\\[nr]|["'+,\s\\]){0,24}`;
const PEM_HEADER = new RegExp(
  `-{3,5}${SEP}BEGIN(?:${SEP}[A-Z0-9]{2,12}){0,3}?${SEP}PRIVATE${SEP}KEY(?:${SEP}BLOCK)?${SEP}-{2,5}(?:${SEP}-{1,4})?`,
  "g",
);
const PEM_FOOTER = new RegExp(
  `${SEP}-{3,5}${SEP}END(?:${SEP}[A-Z0-9]{2,12}){0,3}?${SEP}PRIVATE${SEP}KEY(?:${SEP}BLOCK)?${SEP}-{2,5}(?:${SEP}-{1,4})?`,
  "y",
);
/** One piece of key material (or a PEM header line such as Proc-Type/DEK-Info) after separators. */
const BODY_PIECE = new RegExp(
  String.raw`${SEP}(?:(?:Proc-Type|DEK-Info|Version|Comment|Hash|Charset|Subject):[^\n"'\\]{0,200}|([A-Za-z0-9+/=]{1,4096}))`,
  "y",
);

const PUTTY_FOOTER = new RegExp(`${SEP}Private-MAC:`, "y");

/** Keys are at most a few KB; the scan never goes further than this past a header. */
const MAX_KEY_CHARS = 64 * 1024;

export function privateKeySpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const header of text.matchAll(PEM_HEADER)) {
    const start = header.index ?? 0;
    const bodyEnd = keyBodyEnd(text, start + header[0].length);
    if (bodyEnd === undefined) continue;
    PEM_FOOTER.lastIndex = bodyEnd;
    const footer = PEM_FOOTER.exec(text);
    spans.push({ start, end: footer ? bodyEnd + footer[0].length : bodyEnd, rule: "private-key" });
  }
  for (const putty of text.matchAll(/Private-Lines:[ \t]{0,8}\d{1,4}/g)) {
    const from = (putty.index ?? 0) + putty[0].length;
    const end = keyBodyEnd(text, from, PUTTY_FOOTER);
    if (end !== undefined) spans.push({ start: from, end, rule: "putty-private-key" });
  }
  for (const mac of text.matchAll(/Private-MAC:[ \t]{0,8}([0-9a-fA-F]{20,128})/dg)) {
    const at = mac.indices?.[1];
    if (at) spans.push({ start: at[0], end: at[1], rule: "putty-private-key" });
  }
  return spans;
}

/**
 * End of the key material that starts at `from`, or undefined when there is none. When the END
 * line follows the pieces, all of them are key. Otherwise (no END line) long base64 pieces are
 * key material and a short one only when it ends in "=", so the code after an unterminated key
 * ("print(x)") is not swallowed.
 */
function keyBodyEnd(text: string, from: number, footer: RegExp = PEM_FOOTER): number | undefined {
  const limit = Math.min(text.length, from + MAX_KEY_CHARS);
  let at = from;
  let anyEnd: number | undefined;
  let strictEnd: number | undefined;
  let strict = true;
  while (at < limit) {
    footer.lastIndex = at;
    if (footer.test(text)) return anyEnd;
    BODY_PIECE.lastIndex = at;
    const piece = BODY_PIECE.exec(text);
    if (!piece || piece[0].length === 0) break;
    at += piece[0].length;
    const material = piece[1];
    if (material === undefined) continue;
    anyEnd = at;
    if (material.length < 16 && !material.endsWith("=")) strict = false;
    if (strict) strictEnd = at;
  }
  return strictEnd;
}
