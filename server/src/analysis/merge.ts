import { normalizeCwe } from "./cwe.js";
import { type Finding, type Range, SEVERITY_RANK, sameRange } from "./finding.js";
import { primaryReporter, unionReporters } from "./reporters.js";
import { ruleById } from "./rules/rule-registry.js";

function hasFlow(f: Finding): boolean {
  return f.flow !== undefined && f.flow.length > 0;
}

/** Which engine or tool produced the kept report: ruff and taint are separate origins. */
function origin(f: Finding): string {
  return primaryReporter(f).tool;
}

/**
 * Which report of a problem to keep: CodeQL (whole-program flows) beats our taint engine with a
 * flow, which beats Bandit, which beats our engine's flow-less checks, which beat a ruff pattern.
 */
export function findingRank(f: Finding): number {
  switch (origin(f)) {
    case "codeql":
      return 5;
    case "bandit":
      return 3;
    case "ruff":
      return 1;
    default:
      return hasFlow(f) ? 4 : 2;
  }
}

/** A pattern problem and the taint query that confirms it with a flow (ruff/S608 ↔ py/sql-injection). */
function twins(a: Finding, b: Finding): boolean {
  return ruleById(a.ruleId)?.taintTwin === b.ruleId || ruleById(b.ruleId)?.taintTwin === a.ruleId;
}

function before(a: Range["start"], b: Range["start"]): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function rangesOverlap(a: Range, b: Range): boolean {
  // Inclusive, so zero-width ranges (a tool that only knows the column) still meet.
  return before(a.start, b.end) && before(b.start, a.end);
}

function cweSet(f: Finding): Set<string> {
  return new Set(f.cwes.map((c) => normalizeCwe(c)).filter((c): c is string => c !== undefined));
}

/**
 * Two reports describe the same problem when they sit at the same sink (same file, same start
 * line, overlapping ranges) and name the same weakness (the same rule id — the registry gives
 * ruff S608 and Bandit B608 one id —, a pattern and its taint twin, or a shared specific CWE). Reports from the same origin (one tool, or one of our two engines) are distinct
 * rules it chose to report separately, so only exact duplicates of them merge.
 */
export function sameProblem(a: Finding, b: Finding): boolean {
  if (a.file !== b.file || a.range.start.line !== b.range.start.line) return false;
  if (origin(a) === origin(b)) return a.ruleId === b.ruleId && sameRange(a.range, b.range);
  if (!rangesOverlap(a.range, b.range)) return false;
  if (a.ruleId === b.ruleId || twins(a, b)) return true;
  return shareSpecificCwe(cweSet(a), cweSet(b));
}

/**
 * Umbrella CWEs that unrelated queries share (py/reflective-xss and py/code-injection both carry
 * CWE-116; ReDoS and missing timeouts both CWE-400): sharing only these does not make two
 * reports the same problem, unless neither report has a more specific CWE.
 */
const UMBRELLA_CWES = new Set(["CWE-20", "CWE-74", "CWE-116", "CWE-400", "CWE-703", "CWE-730"]);

function shareSpecificCwe(a: Set<string>, b: Set<string>): boolean {
  const shared = [...a].filter((cwe) => b.has(cwe));
  if (shared.some((cwe) => !UMBRELLA_CWES.has(cwe))) return true;
  const onlyUmbrella = (set: Set<string>) => [...set].every((cwe) => UMBRELLA_CWES.has(cwe));
  return shared.length > 0 && onlyUmbrella(a) && onlyUmbrella(b);
}

/** Order used for output: file, line, column, rule id, then the rest so that ties are total. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    cmp(a.ruleId, b.ruleId) ||
    a.range.end.line - b.range.end.line ||
    a.range.end.character - b.range.end.character ||
    cmp(a.source, b.source) ||
    cmp(a.fingerprint, b.fingerprint) ||
    cmp(a.message, b.message) ||
    cmp(JSON.stringify(a), JSON.stringify(b))
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function absorb(kept: Finding, others: Finding[]): Finding {
  if (others.length === 0) return kept;
  const cwes = [...new Set([...kept.cwes, ...others.flatMap((o) => o.cwes)])];
  const merged: Finding = { ...kept, cwes, reporters: unionReporters(kept, others) };
  if (merged.securitySeverity === undefined) {
    const scores = others.map((o) => o.securitySeverity).filter((s): s is number => s !== undefined);
    if (scores.length > 0) merged.securitySeverity = Math.max(...scores);
  }
  if (!hasFlow(merged)) {
    const withFlow = others.find(hasFlow);
    if (withFlow) merged.flow = withFlow.flow;
  }
  return merged;
}

/**
 * Deduplicate findings from all backends. Each group of reports of the same problem becomes the
 * best-ranked report (see `findingRank`) with the others' CWEs and reporters added (the message
 * is the kept report's, untouched). Deterministic: the result does not depend on the
 * input order, and merging a merged list again changes nothing.
 */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const byQuality = [...findings].sort(
    (a, b) =>
      findingRank(b) - findingRank(a) ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      compareFindings(a, b),
  );
  const groups: Array<{ kept: Finding; others: Finding[] }> = [];
  // Index by file and start line: only findings there can be the same problem.
  const byLine = new Map<string, Array<{ kept: Finding; others: Finding[] }>>();
  for (const finding of byQuality) {
    const key = `${finding.file}\0${finding.range.start.line}`;
    const candidates = byLine.get(key) ?? [];
    const group = candidates.find((g) => sameProblem(g.kept, finding));
    if (group) {
      group.others.push(finding);
      continue;
    }
    const created = { kept: finding, others: [] };
    groups.push(created);
    candidates.push(created);
    byLine.set(key, candidates);
  }
  return groups.map((g) => absorb(g.kept, g.others)).sort(compareFindings);
}
