/**
 * Finding messages may carry SARIF embedded links (SARIF 2.1.0 §3.11.6), the way CodeQL writes
 * them: "depends on a [user-provided value](1)." Inside seclsp the convention is that link `n`
 * points at `finding.flow[n - 1]` (the source is step 1). People never see the markup: every
 * place that shows a message to a human renders it with `plainMessageText`.
 */

/**
 * `[text](n)` with a numeric target. The text may contain backslash escapes (`\[`, `\]`, `\\`,
 * as the spec asks) and one level of balanced brackets (`request.args["q"]`), which producers
 * that do not escape write.
 */
const EMBEDDED_LINK = /\[((?:\\[\\[\]]|\[[^[\]]*\]|[^\\[\]])*)\]\((\d+)\)/g;

function unescapeLinkText(text: string): string {
  return text.replace(/\\([\\[\]])/g, "$1");
}

/** "depends on a [user-provided value](1)." → "depends on a user-provided value." Nothing else is resolved. */
export function plainMessageText(message: string): string {
  return message.replace(EMBEDDED_LINK, (_whole, text: string) => unescapeLinkText(text));
}

/** Numeric link targets in the message, in order of first appearance. */
export function embeddedLinkIds(message: string): number[] {
  const ids = new Set<number>();
  for (const match of message.matchAll(EMBEDDED_LINK)) ids.add(Number(match[2]));
  return [...ids];
}

/** The text of each link, by target (the first link wins when a target is linked twice). */
export function embeddedLinkTexts(message: string): Map<number, string> {
  const texts = new Map<number, string>();
  for (const match of message.matchAll(EMBEDDED_LINK)) {
    const id = Number(match[2]);
    if (!texts.has(id)) texts.set(id, unescapeLinkText(match[1] ?? ""));
  }
  return texts;
}

/**
 * Rewrite each link's target with `retarget`; a link whose target maps to `undefined` becomes its
 * plain text (a link to nothing would be invalid SARIF and means nothing to a reader).
 */
export function retargetEmbeddedLinks(message: string, retarget: (id: number) => number | undefined): string {
  return message.replace(EMBEDDED_LINK, (_whole, text: string, id: string) => {
    const target = retarget(Number(id));
    return target === undefined ? unescapeLinkText(text) : `[${text}](${target})`;
  });
}

/** One line for line-oriented output (CLI, diagnostics): plain text, line breaks folded to spaces. */
export function oneLineMessageText(message: string): string {
  return plainMessageText(message)
    .replace(/\s*[\r\n]+\s*/g, " ")
    .trim();
}
