import { lintSource } from "@secretlint/core";
import { creator as recommendedPreset } from "@secretlint/secretlint-rule-preset-recommend";
import type { SecretSpan } from "./secret-span.js";

/**
 * secretlint's recommended preset (AWS, GCP, Azure, GitHub, Slack, SendGrid, npm, OpenAI,
 * Anthropic, 1Password, Linear, Shopify, basic auth, private keys, ...) as one detector next to
 * our own rules: a maintained rule set catches token formats we would otherwise miss.
 * It is async; a text it cannot lint (its own error) adds no spans and our rules still apply.
 */

const CONFIG = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommendedPreset }] };

/** Linted in line-aligned chunks: secretlint slows down superlinearly on big texts full of findings. */
const CHUNK_CHARS = 128 * 1024;

export async function secretlintSpans(text: string): Promise<SecretSpan[]> {
  const spans: SecretSpan[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK_CHARS);
    if (end < text.length) {
      const lineEnd = text.lastIndexOf("\n", end);
      if (lineEnd > start) end = lineEnd + 1;
    }
    for (const span of await lintChunk(text.slice(start, end))) {
      spans.push({ ...span, start: span.start + start, end: span.end + start });
    }
    start = end;
  }
  return spans;
}

async function lintChunk(text: string): Promise<SecretSpan[]> {
  try {
    const result = await lintSource({
      source: { content: text, filePath: "/seclsp-redaction.txt", ext: ".txt", contentType: "text" },
      options: { config: CONFIG, noPhysicFilePath: true, maskSecrets: true },
    });
    return result.messages.map((m) => ({
      start: m.range[0],
      end: m.range[1],
      rule: `secretlint:${m.ruleId}`,
    }));
  } catch {
    return [];
  }
}
