import { normalizeCwe } from "./cwe.js";
import type { Finding, Range } from "./finding.js";
import { reporterLabel, reportersOf } from "./reporters.js";
import { ruleById, ruleForAlias } from "./rules/rule-registry.js";

/**
 * Suppression comments, like ruff's `# noqa`:
 *   x = eval(s)  # seclsp: ignore                       (everything on this line)
 *   x = eval(s)  # seclsp: ignore[ruff/S307, CWE-95]    (rule ids, ruff/Bandit codes, CWE ids)
 * The comment goes on the finding's first line, on its last line (the closing line of a
 * multi-line call), or where a backslash or string continuation of its first line ends.
 * Matching is case-insensitive and tolerant of spacing; an unclosed list silences nothing.
 */
export interface SuppressionDirective {
  /** A bare `# seclsp: ignore` (or an empty list): every finding on the line. */
  all: boolean;
  /** Lower-cased ids from the brackets, CWEs normalized ("cwe-89"). */
  ids: string[];
}

/** Where a directive starts; what follows decides whether it is bare, a list, or malformed. */
const DIRECTIVE_START = /#\s*seclsp\s*:\s*ignore\b/gi;
/** A well-formed list right after `ignore`: no `]`, `#` or line break inside. */
const DIRECTIVE_LIST = /^\s*\[([^\]#]*)\]/;

/** One well-formed `# seclsp: ignore[...]` inside a comment, with its place in the line. */
interface DirectiveMatch {
  /** Column of its `#` in the line. */
  at: number;
  length: number;
  /** The ids as written (trimmed, non-empty); empty for a bare ignore. */
  listed: string[];
  bare: boolean;
}

/** A string literal still open at a line boundary. */
interface OpenString {
  quote: string;
  triple: boolean;
}

interface LineScan {
  text: string;
  /** Column of the `#` that starts the comment, or -1. */
  commentStart: number;
  /** The line ends inside a triple-quoted string (a `#` there is not a comment). */
  endsInString: boolean;
  /** The string open where the line starts (to re-scan an edited line alone). */
  openAtStart?: OpenString;
}

/** Where comments are, line by line, with Python's string literals skipped (f-string nesting aside). */
function scanLines(text: string): LineScan[] {
  let open: OpenString | undefined;
  return text.split(/\r\n|\r|\n/).map((line) => {
    const scanned = scanLine(line, open);
    open = scanned.openAfter;
    return scanned.scan;
  });
}

function scanLine(
  line: string,
  openAtStart: OpenString | undefined,
): { scan: LineScan; openAfter: OpenString | undefined } {
  let open = openAtStart;
  let commentStart = -1;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (open) {
      if (c === "\\") i += 2;
      else if (open.triple && line.startsWith(open.quote.repeat(3), i)) {
        open = undefined;
        i += 3;
      } else if (!open.triple && c === open.quote) {
        open = undefined;
        i++;
      } else i++;
    } else if (c === "#") {
      commentStart = i;
      break;
    } else if (c === '"' || c === "'") {
      const triple = line.startsWith(c.repeat(3), i);
      open = { quote: c, triple };
      i += triple ? 3 : 1;
    } else i++;
  }
  // A one-quote string only continues past the line end after a backslash; else it is broken.
  if (open && !open.triple && !line.endsWith("\\")) open = undefined;
  return {
    scan: {
      text: line,
      commentStart,
      endsInString: open?.triple === true,
      ...(openAtStart ? { openAtStart } : {}),
    },
    openAfter: open,
  };
}

function normalizeId(raw: string): string {
  const id = raw.trim().toLowerCase();
  return /^cwe/.test(id) ? (normalizeCwe(id)?.toLowerCase() ?? id) : id;
}

/**
 * The well-formed directives in a line's comment. `# seclsp: ignore[x` (no closing bracket) is
 * malformed and silences nothing: reading it as a bare ignore would silence every rule.
 */
function directiveMatches(scan: LineScan): DirectiveMatch[] {
  if (scan.commentStart < 0) return [];
  const comment = scan.text.slice(scan.commentStart);
  const found: DirectiveMatch[] = [];
  for (const start of comment.matchAll(DIRECTIVE_START)) {
    const afterKeyword = start.index + start[0].length;
    const rest = comment.slice(afterKeyword);
    const at = scan.commentStart + start.index;
    if (!/^\s*\[/.test(rest)) {
      found.push({ at, length: start[0].length, listed: [], bare: true });
      continue;
    }
    const list = DIRECTIVE_LIST.exec(rest);
    if (!list) continue;
    const listed = (list[1] ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
    // `ignore[]` keeps its documented meaning: everything on the line.
    found.push({ at, length: start[0].length + list[0].length, listed, bare: listed.length === 0 });
  }
  return found;
}

function directiveIn(scan: LineScan | undefined): SuppressionDirective | undefined {
  if (!scan) return undefined;
  const matches = directiveMatches(scan);
  if (matches.length === 0) return undefined;
  return {
    all: matches.some((match) => match.bare),
    ids: matches.flatMap((match) => match.listed.map(normalizeId)),
  };
}

/** Every suppression comment in a file, by 0-based line. */
export function parseSuppressions(text: string): Map<number, SuppressionDirective> {
  const found = new Map<number, SuppressionDirective>();
  scanLines(text).forEach((scan, line) => {
    const directive = directiveIn(scan);
    if (directive) found.set(line, directive);
  });
  return found;
}

/**
 * Every name a finding answers to in a suppression list (lower-cased): its rule id, every
 * reporter ("ruff/S608", "S608", "bandit/B608"), every alias the registry knows for its problem
 * (so `ignore[B608]` hides ruff's S608 report even when Bandit did not run), and its CWEs.
 */
export function suppressionIds(f: Finding): Set<string> {
  const ids = new Set<string>([f.ruleId]);
  const problems = [ruleById(f.ruleId)];
  for (const reporter of reportersOf(f)) {
    ids.add(reporter.ruleId);
    ids.add(reporterLabel(reporter));
    problems.push(ruleForAlias(reporter.tool, reporter.ruleId));
  }
  for (const problem of problems) {
    if (!problem) continue;
    ids.add(problem.id);
    for (const alias of problem.aliases) {
      ids.add(alias.code);
      ids.add(`${alias.tool}/${alias.code}`);
    }
  }
  for (const cwe of f.cwes) ids.add(normalizeCwe(cwe) ?? cwe);
  return new Set([...ids].map((id) => id.toLowerCase()));
}

function matches(directive: SuppressionDirective, f: Finding): boolean {
  if (directive.all) return true;
  const ids = suppressionIds(f);
  return directive.ids.some((id) => ids.has(id));
}

/**
 * Is this finding suppressed by a comment on its first line, its last line, or the line its
 * "Suppress" action writes to (where the statement's backslash or string continuation ends)?
 */
export function isSuppressed(
  directives: Map<number, SuppressionDirective>,
  f: Finding,
  commentLine: number = f.range.start.line,
): boolean {
  for (const line of new Set([f.range.start.line, f.range.end.line, commentLine])) {
    const directive = directives.get(line);
    if (directive && matches(directive, f)) return true;
  }
  return false;
}

/** Drop the findings of `text` that a `# seclsp: ignore` comment suppresses. */
export function applySuppressions(text: string, findings: readonly Finding[]): Finding[] {
  if (!/seclsp/i.test(text)) return [...findings];
  const scans = scanLines(text);
  const directives = new Map<number, SuppressionDirective>();
  scans.forEach((scan, line) => {
    const directive = directiveIn(scan);
    if (directive) directives.set(line, directive);
  });
  return findings.filter((f) => !isSuppressed(directives, f, commentLineIn(scans, f.range)));
}

/** A comment cannot end this line: it continues with a backslash or inside a triple-quoted string. */
function continues(scan: LineScan): boolean {
  if (scan.endsInString) return true;
  return scan.commentStart < 0 && scan.text.trimEnd().endsWith("\\");
}

function commentLineIn(scans: LineScan[], range: Range): number {
  let line = range.start.line;
  if (!scans[line]) return line;
  // Follow the continuation to the first line a comment may end: the statement's physical end.
  while (line < scans.length - 1 && continues(scans[line]!)) line++;
  return continues(scans[line]!) ? range.start.line : line;
}

/**
 * Plans "Suppress on this line" edits for one text: the text is scanned once, however many
 * findings a code-action request covers.
 */
export class SuppressionPlanner {
  private readonly scans: LineScan[];

  constructor(text: string) {
    this.scans = scanLines(text);
  }

  /**
   * The line to edit: the finding's first line, unless a comment cannot go there (the line
   * continues with a backslash, inside a string continued with a backslash, or inside a
   * triple-quoted string); then the first line after it where the continuation ends.
   * `applySuppressions` honours a comment there.
   */
  line(range: Range): number {
    return commentLineIn(this.scans, range);
  }

  /**
   * New text for line `line` (0-based, without its line break) that suppresses `ruleId`: adds the
   * id to an existing `# seclsp: ignore[...]` list, leaves a bare `# seclsp: ignore` alone, keeps
   * other comments (`# noqa: E501`) and otherwise appends `  # seclsp: ignore[<ruleId>]`.
   */
  edit(line: number, ruleId: string): string {
    const scan = this.scans[line];
    if (!scan) throw new RangeError(`line ${line} is outside the document (${this.scans.length} lines)`);
    const directive = directiveIn(scan);
    if (directive && (directive.all || directive.ids.includes(normalizeId(ruleId)))) return scan.text;
    const list = directiveMatches(scan).find((match) => !match.bare);
    if (list) {
      const replacement = `# seclsp: ignore[${[...list.listed, ruleId].join(", ")}]`;
      return scan.text.slice(0, list.at) + replacement + scan.text.slice(list.at + list.length);
    }
    const kept = scan.text.trimEnd();
    const separator = kept === "" ? "" : "  ";
    return `${kept}${separator}# seclsp: ignore[${ruleId}]`;
  }

  /**
   * Would `finding` be suppressed once line `line` reads `newText`? Same answer as running
   * `applySuppressions` on the edited file, without re-scanning it: only the comment part of one
   * line changes, so every other line scans as before.
   */
  silences(line: number, newText: string, finding: Finding): boolean {
    const scan = this.scans[line];
    if (!scan) return false;
    const lines = new Set([finding.range.start.line, finding.range.end.line, this.line(finding.range)]);
    if (!lines.has(line)) return false;
    const rescanned = scanLine(newText, scan.openAtStart);
    // The edit must not open or close a string for the lines after it.
    const before = this.scans[line + 1]?.openAtStart;
    const after = rescanned.openAfter;
    if (before?.quote !== after?.quote || before?.triple !== after?.triple) return false;
    const directive = directiveIn(rescanned.scan);
    return directive !== undefined && matches(directive, finding);
  }
}

/** See `SuppressionPlanner.line`. */
export function suppressionLine(text: string, range: Range): number {
  return new SuppressionPlanner(text).line(range);
}

/** See `SuppressionPlanner.edit`. */
export function suppressionEdit(text: string, line: number, ruleId: string): string {
  return new SuppressionPlanner(text).edit(line, ruleId);
}
