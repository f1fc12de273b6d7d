import { normalizeCwe } from "./cwe.js";
import type { Finding, Range } from "./finding.js";
import { reporterLabel, reportersOf } from "./reporters.js";
import { ruleById, ruleForAlias } from "./rules/rule-registry.js";

/**
 * Suppression comments, like ruff's `# noqa`:
 *   x = eval(s)  # seclsp: ignore                       (everything on this line)
 *   x = eval(s)  # seclsp: ignore[ruff/S307, CWE-95]    (rule ids, ruff/Bandit codes, CWE ids)
 * The comment goes on the finding's first line, or on its last line (the closing line of a
 * multi-line call). Matching is case-insensitive and tolerant of spacing.
 */
export interface SuppressionDirective {
  /** A bare `# seclsp: ignore` (or an empty list): every finding on the line. */
  all: boolean;
  /** Lower-cased ids from the brackets, CWEs normalized ("cwe-89"). */
  ids: string[];
}

const DIRECTIVE = /#\s*seclsp\s*:\s*ignore\b(?:\s*\[([^\]]*)\])?/i;

interface LineScan {
  text: string;
  /** Column of the `#` that starts the comment, or -1. */
  commentStart: number;
  /** The line ends inside a triple-quoted string (a `#` there is not a comment). */
  endsInString: boolean;
}

/** Where comments are, line by line, with Python's string literals skipped (f-string nesting aside). */
function scanLines(text: string): LineScan[] {
  const lines = text.split(/\r\n|\r|\n/);
  let open: { quote: string; triple: boolean } | undefined;
  return lines.map((line) => {
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
    return { text: line, commentStart, endsInString: open?.triple === true };
  });
}

function normalizeId(raw: string): string {
  const id = raw.trim().toLowerCase();
  return /^cwe/.test(id) ? (normalizeCwe(id)?.toLowerCase() ?? id) : id;
}

function directiveIn(scan: LineScan | undefined): SuppressionDirective | undefined {
  if (!scan || scan.commentStart < 0) return undefined;
  const match = DIRECTIVE.exec(scan.text.slice(scan.commentStart));
  if (!match) return undefined;
  const ids = (match[1] ?? "")
    .split(",")
    .map(normalizeId)
    .filter((id) => id !== "");
  return { all: ids.length === 0, ids };
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

/** Is this finding suppressed by a comment on its first or last line? */
export function isSuppressed(directives: Map<number, SuppressionDirective>, f: Finding): boolean {
  for (const line of new Set([f.range.start.line, f.range.end.line])) {
    const directive = directives.get(line);
    if (directive && matches(directive, f)) return true;
  }
  return false;
}

/** Drop the findings of `text` that a `# seclsp: ignore` comment suppresses. */
export function applySuppressions(text: string, findings: readonly Finding[]): Finding[] {
  if (!/seclsp/i.test(text)) return [...findings];
  const directives = parseSuppressions(text);
  return findings.filter((f) => !isSuppressed(directives, f));
}

/**
 * The line a "Suppress on this line" action should edit: the finding's first line, unless a
 * comment cannot go there (the line continues with a backslash or ends inside a triple-quoted
 * string); then its last line.
 */
export function suppressionLine(text: string, range: Range): number {
  const scans = scanLines(text);
  const first = scans[range.start.line];
  if (!first) return range.start.line;
  const codePart = first.commentStart >= 0 ? first.text.slice(0, first.commentStart) : first.text;
  const blocked = first.endsInString || (first.commentStart < 0 && codePart.trimEnd().endsWith("\\"));
  return blocked ? range.end.line : range.start.line;
}

/**
 * New text for line `line` (0-based, without its line break) that suppresses `ruleId`: adds the id
 * to an existing `# seclsp: ignore[...]` list, leaves a bare `# seclsp: ignore` alone, keeps other
 * comments (`# noqa: E501`) and otherwise appends `  # seclsp: ignore[<ruleId>]`.
 */
export function suppressionEdit(text: string, line: number, ruleId: string): string {
  const scans = scanLines(text);
  const scan = scans[line];
  if (!scan) throw new RangeError(`line ${line} is outside the document (${scans.length} lines)`);
  const directive = directiveIn(scan);
  if (directive) {
    if (directive.all || directive.ids.includes(normalizeId(ruleId))) return scan.text;
    const comment = scan.text.slice(scan.commentStart);
    const match = DIRECTIVE.exec(comment)!;
    const at = scan.commentStart + match.index;
    const listed = (match[1] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const replacement = `# seclsp: ignore[${[...listed, ruleId].join(", ")}]`;
    return scan.text.slice(0, at) + replacement + scan.text.slice(at + match[0].length);
  }
  const kept = scan.text.trimEnd();
  const separator = kept === "" ? "" : "  ";
  return `${kept}${separator}# seclsp: ignore[${ruleId}]`;
}
