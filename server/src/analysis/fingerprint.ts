import { createHash } from "node:crypto";
import type { Finding, Range } from "./finding.js";

function snippetOf(lines: readonly string[], range: Range): string {
  return lines
    .slice(range.start.line, range.end.line + 1)
    .join("\n")
    .replace(/\s+/g, " ")
    .trim();
}

function hash(ruleId: string, snippet: string, occurrence: number): string {
  return createHash("sha256").update(`${ruleId}\0${snippet}\0${occurrence}`).digest("hex").slice(0, 16);
}

/**
 * Provisional id a backend gives a finding: rule + the whitespace-normalized source line(s) of
 * its range + an occurrence index. The visible findings of a file are re-fingerprinted with
 * `stableFingerprints`, which is what reports, baselines and the editor see.
 */
export function fingerprintFor(ruleId: string, text: string, range: Range, occurrence = 0): string {
  return hash(ruleId, snippetOf(text.split(/\r\n|\r|\n/), range), occurrence);
}

/**
 * Provisional fingerprints for many findings of one file, counting occurrences of identical
 * (rule, snippet) pairs in the order findings are added.
 */
export class FileFingerprints {
  private readonly lines: readonly string[];
  private readonly seen = new Map<string, number>();

  constructor(text: string) {
    this.lines = recentText(text).lines;
  }

  next(ruleId: string, range: Range): string {
    const snippet = snippetOf(this.lines, range);
    const key = `${ruleId}\0${snippet}`;
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    return hash(ruleId, snippet, occurrence);
  }
}

const SCOPE_LINE = /^([ \t]*)(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * The dotted names of the `def`/`class` blocks enclosing each wanted line ("Handler.get"), from
 * indentation alone (one pass, no parser): a line indented no deeper than a block's header ends
 * that block. Blank lines, comments and continuation lines starting with a closing bracket do not.
 */
function enclosingScopes(lines: readonly string[], wanted: ReadonlySet<number>): Map<number, string> {
  const scopes = new Map<number, string>();
  const stack: Array<{ indent: number; name: string }> = [];
  // Not Math.max(...wanted): a spread of every line of a big file overflows the stack.
  let last = -1;
  for (const line of wanted) if (line > last) last = line;
  for (let i = 0; i <= last && i < lines.length; i++) {
    const line = lines[i]!;
    // Char codes for the common case (spaces and tabs, then ASCII): most lines of a big file are
    // not wanted, and a trimmed copy of each cost ms at 20,000 lines.
    let indent = 0;
    while (indent < line.length && (line.charCodeAt(indent) === 32 || line.charCodeAt(indent) === 9))
      indent++;
    const first = line.charCodeAt(indent);
    if (indent < line.length && (first < 33 || first > 126)) indent = line.length - line.trimStart().length;
    const next = line.charCodeAt(indent);
    // Not blank, not a comment, not a continuation line starting with a closing bracket.
    if (indent < line.length && next !== 35 && next !== 41 && next !== 93 && next !== 125) {
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
      if (wanted.has(i)) scopes.set(i, stack.map((s) => s.name).join("."));
      // Only `def`, `class` and `async def` lines can open a scope.
      const header = next === 97 || next === 99 || next === 100 ? SCOPE_LINE.exec(line) : null;
      if (header) stack.push({ indent, name: header[2]! });
    } else if (wanted.has(i)) {
      scopes.set(i, stack.map((s) => s.name).join("."));
    }
  }
  return scopes;
}

/**
 * The fingerprints reports, baselines and the editor use (like CodeQL's primaryLocationLineHash,
 * but without line numbers): sha256 of the rule id, the whitespace-normalized text of the
 * finding's first line, the names of the enclosing def/class blocks, and the occurrence index of
 * that triple in the file. So a finding keeps its fingerprint when lines are inserted above it,
 * when its function moves within the file and when other lines are reformatted; a second
 * identical finding (same rule, same line text, same function) gets occurrence 1, a distinct id.
 * `findings` are the visible findings of one file in source order; returns copies.
 */
export function stableFingerprints(text: string, findings: readonly Finding[]): Finding[] {
  if (findings.length === 0) return [];
  const { lines, scopes } = linesAndScopes(text, findings);
  const order = findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        a.finding.range.start.line - b.finding.range.start.line ||
        a.finding.range.start.character - b.finding.range.start.character ||
        a.index - b.index,
    );
  const seen = new Map<string, number>();
  const result: Finding[] = new Array(findings.length);
  for (const { finding, index } of order) {
    const line = finding.range.start.line;
    const snippet = (lines[line] ?? "").replace(/\s+/g, " ").trim();
    const key = `${finding.ruleId}\0${snippet}\0${scopes.get(line) ?? ""}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    result[index] = { ...finding, fingerprint: stableHash(`v2\0${key}\0${occurrence}`) };
  }
  return result;
}

/**
 * The editor publishes a version twice (fast phase, then with the data flow) and most findings
 * survive an edit unchanged: the last text's lines and scopes, and recent hashes, are kept.
 */
let lastText: { text: string; lines: string[]; scopes: Map<number, string> } | undefined;
const hashes = new Map<string, string>();
const MAX_HASHES = 20_000;

function linesAndScopes(
  text: string,
  findings: readonly Finding[],
): { lines: string[]; scopes: Map<number, string> } {
  const wanted = new Set(findings.map((f) => f.range.start.line));
  const known = recentText(text);
  if ([...wanted].some((line) => !known.scopes.has(line))) {
    for (const [line, scope] of enclosingScopes(known.lines, wanted)) known.scopes.set(line, scope);
  }
  return known;
}

/**
 * Split `text` and find the enclosing scope of every line now, so that fingerprinting findings on it
 * later costs no scan (the editor calls this while ruff checks the text: its thread is idle then).
 */
export function prepareFingerprints(text: string): void {
  const known = recentText(text);
  if (known.scopes.size >= known.lines.length) return;
  const all = new Set(known.lines.keys());
  for (const [line, scope] of enclosingScopes(known.lines, all)) known.scopes.set(line, scope);
}

/** The last text's lines (a backend's provisional fingerprints and the stable ones split it once). */
function recentText(text: string): { text: string; lines: string[]; scopes: Map<number, string> } {
  if (lastText?.text !== text) lastText = { text, lines: text.split(/\r\n|\r|\n/), scopes: new Map() };
  return lastText;
}

function stableHash(input: string): string {
  let hash = hashes.get(input);
  if (hash === undefined) {
    hash = createHash("sha256").update(input).digest("hex").slice(0, 16);
    if (hashes.size >= MAX_HASHES) hashes.clear();
    hashes.set(input, hash);
  }
  return hash;
}
