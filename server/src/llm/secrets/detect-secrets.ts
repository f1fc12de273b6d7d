import { patternSpans } from "./pattern-rules.js";
import { privateKeySpans } from "./private-keys.js";
import { mergeSpans, type SecretSpan, TextWords } from "./secret-span.js";
import { secretlintSpans } from "./secretlint-detector.js";

/** Secrets found by our own rules (synchronous): private keys, prefixed tokens, passwords, entropy. */
export function detectSecretsSync(text: string): SecretSpan[] {
  return mergeSpans([...privateKeySpans(text), ...patternSpans(text, new TextWords(text))]);
}

/** Our rules plus secretlint's recommended preset, merged. */
export async function detectSecrets(text: string): Promise<SecretSpan[]> {
  const own = privateKeySpans(text).concat(patternSpans(text, new TextWords(text)));
  return mergeSpans([...own, ...(await secretlintSpans(text))]);
}
