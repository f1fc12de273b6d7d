/**
 * Finding messages may carry SARIF embedded links (SARIF 2.1.0 §3.11.6), the way CodeQL writes
 * them: "depends on a [user-provided value](1)." Inside seclsp the convention is that link `n`
 * points at `finding.flow[n - 1]` (the source is step 1). People never see the markup: every
 * place that shows a message to a human renders it with `plainMessageText`.
 */

/** One `[text](n)` link: `raw` is the text as written (escapes kept), `[start, end)` the whole link. */
interface EmbeddedLink {
  start: number;
  end: number;
  raw: string;
  id: number;
}

/**
 * The `[text](n)` links with a numeric target, left to right, in one linear pass (a regular
 * expression for this is quadratic on inputs like `[\[\[\[…`, and messages come from imported
 * SARIF). Link text may hold backslash escapes (`\[`, `\]`, `\\`, as the spec asks) and
 * balanced brackets one level deep (`request.args["q"]`), which producers that do not escape
 * write. Outside links a backslash keeps the next character from starting a link.
 */
function scanEmbeddedLinks(message: string): EmbeddedLink[] {
  const links: EmbeddedLink[] = [];
  let i = 0;
  while (i < message.length) {
    const c = message[i];
    if (c === "\\") i += 2;
    else if (c === "[") {
      const attempt = linkAt(message, i);
      if ("link" in attempt) links.push(attempt.link);
      i = attempt.next;
    } else i++;
  }
  return links;
}

/**
 * Parse a link at `open` (a `[`). On failure `next` is where the next link may start: a `[`
 * that could not be a nested group, or past every character that could not start one.
 */
function linkAt(message: string, open: number): { link: EmbeddedLink; next: number } | { next: number } {
  let j = open + 1;
  while (j < message.length) {
    const c = message[j];
    if (c === "\\") {
      j += 2;
    } else if (c === "]") {
      const target = /^\((\d+)\)/.exec(message.slice(j + 1, j + 24));
      if (!target) return { next: j + 1 };
      const end = j + 1 + target[0].length;
      return {
        link: { start: open, end, raw: message.slice(open + 1, j), id: Number(target[1]) },
        next: end,
      };
    } else if (c === "[") {
      const close = nestedClose(message, j);
      // Unbalanced, or a link of its own ("[a [b](1)"): it is not part of this text.
      if (close === undefined || /^\(\d+\)/.test(message.slice(close + 1, close + 24))) return { next: j };
      j = close + 1;
    } else {
      j++;
    }
  }
  return { next: message.length };
}

/** The `]` closing the bracket at `open` when no other bracket comes first. */
function nestedClose(message: string, open: number): number | undefined {
  for (let k = open + 1; k < message.length; k++) {
    const c = message[k];
    if (c === "\\") k++;
    else if (c === "[") return undefined;
    else if (c === "]") return k;
  }
  return undefined;
}

function unescapeLinkText(text: string): string {
  return text.replace(/\\([\\[\]])/g, "$1");
}

/** Replace each link by `render(link)`; the rest of the message is kept as written. */
function mapEmbeddedLinks(
  message: string,
  render: (text: string, id: number, raw: string) => string,
): string {
  const links = scanEmbeddedLinks(message);
  if (links.length === 0) return message;
  let out = "";
  let at = 0;
  for (const link of links) {
    out += message.slice(at, link.start) + render(unescapeLinkText(link.raw), link.id, link.raw);
    at = link.end;
  }
  return out + message.slice(at);
}

/** "depends on a [user-provided value](1)." → "depends on a user-provided value." Nothing else is resolved. */
export function plainMessageText(message: string): string {
  return mapEmbeddedLinks(message, (text) => text);
}

/** Numeric link targets in the message, in order of first appearance. */
export function embeddedLinkIds(message: string): number[] {
  return [...new Set(scanEmbeddedLinks(message).map((link) => link.id))];
}

/** The text of each link, by target (the first link wins when a target is linked twice). */
export function embeddedLinkTexts(message: string): Map<number, string> {
  const texts = new Map<number, string>();
  for (const link of scanEmbeddedLinks(message)) {
    if (!texts.has(link.id)) texts.set(link.id, unescapeLinkText(link.raw));
  }
  return texts;
}

/**
 * Rewrite each link's target with `retarget`; a link whose target maps to `undefined` becomes its
 * plain text (a link to nothing would be invalid SARIF and means nothing to a reader).
 */
export function retargetEmbeddedLinks(message: string, retarget: (id: number) => number | undefined): string {
  return mapEmbeddedLinks(message, (text, id, raw) => {
    const target = retarget(id);
    return target === undefined ? text : `[${raw}](${target})`;
  });
}

/** One line for line-oriented output (CLI, diagnostics): plain text, line breaks folded to spaces. */
export function oneLineMessageText(message: string): string {
  return plainMessageText(message)
    .replace(/\s*[\r\n]+\s*/g, " ")
    .trim();
}
