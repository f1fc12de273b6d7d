import type { Finding, Severity } from "../finding.js";
import { FileFingerprints } from "../fingerprint.js";
import { analysisNote, NOT_ANALYZED_RULE } from "./analysis-notes.js";
import type { EmbeddedPass } from "./embedded-analyzer.js";
import { type RuffDiagnostic, ruffSecurityCheck } from "./ruff-engine.js";
import { type RuffRuleMapping, ruffRuleMapping } from "./ruff-rules.js";

/**
 * ruff says "seems safe, but may be changed in the future" when a shell command is a literal
 * (S602/S605): keep it visible but as a note, not a warning.
 */
function severityOf(d: RuffDiagnostic, mapping: RuffRuleMapping): Severity {
  return d.message.includes("seems safe") ? "note" : mapping.severity;
}

/** Turn ruff diagnostics for one file into findings (exported for tests and benches). */
export function ruffFindings(
  path: string,
  text: string,
  diagnostics: RuffDiagnostic[],
  ignored: ReadonlySet<string>,
): Finding[] {
  const fingerprints = new FileFingerprints(text);
  const findings: Finding[] = [];
  const ordered = [...diagnostics].sort(
    (a, b) =>
      a.start_location.row - b.start_location.row || a.start_location.column - b.start_location.column,
  );
  for (const d of ordered) {
    // Not an S rule: a syntax error ("invalid-syntax"), not a security finding.
    if (!d.code?.startsWith("S") || ignored.has(d.code)) continue;
    const mapping = ruffRuleMapping(d.code);
    if (ignored.has(mapping.ruleId)) continue;
    const range = {
      start: { line: d.start_location.row - 1, character: d.start_location.column - 1 },
      end: { line: d.end_location.row - 1, character: d.end_location.column - 1 },
    };
    const finding: Finding = {
      ruleId: mapping.ruleId,
      cwes: [...mapping.cwes],
      severity: severityOf(d, mapping),
      message: d.message,
      file: path,
      range,
      source: "embedded",
      fingerprint: fingerprints.next(mapping.ruleId, range),
      reporters: [{ tool: "ruff", ruleId: d.code }],
    };
    if (mapping.securitySeverity !== undefined) finding.securitySeverity = mapping.securitySeverity;
    findings.push(finding);
  }
  return findings;
}

/** ruff flake8-bandit (S) rules mapped to CWEs and CodeQL ids. */
export const ruffPass: EmbeddedPass = {
  name: "ruff",
  run(file, options) {
    const { diagnostics, notAnalyzed } = ruffSecurityCheck(file.text);
    const findings = ruffFindings(file.path, file.text, diagnostics, new Set(options.ignoreRules ?? []));
    if (notAnalyzed && !options.ignoreRules?.includes(NOT_ANALYZED_RULE)) {
      const message = `not analyzed by ruff's rules: ${notAnalyzed.reason}; data-flow findings are still reported`;
      findings.push(
        analysisNote(file.path, file.text, NOT_ANALYZED_RULE, message, notAnalyzed.offset, "ruff"),
      );
    }
    return findings;
  },
};
