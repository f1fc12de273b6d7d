import type { Finding, FindingSource, ReporterTool, Severity } from "../finding.js";

/**
 * Findings posted from a worker thread arrive with a fresh copy of every string: 20 flow findings
 * of one document repeat its path, rule ids, help links and step messages dozens of times. The
 * LSP's main thread keeps each open document's findings, so it shares equal strings instead:
 * words of a closed vocabulary (rule ids, CWEs, links, tools) across all findings, the rest (paths,
 * messages) within one reply. Measured: the main thread held ~74 KB per open 1,000-line document
 * before this.
 */
const vocabulary = new Map<string, string>();
/** Rule ids, CWEs and links are a few hundred; past this (user models' own ids) nothing is added. */
const MAX_VOCABULARY = 4096;

function word<T extends string>(value: T): T {
  const known = vocabulary.get(value);
  if (known !== undefined) return known as T;
  if (vocabulary.size < MAX_VOCABULARY) vocabulary.set(value, value);
  return value;
}

/** Words shared so far (tests: the vocabulary stays bounded). */
export function sharedVocabularySize(): number {
  return vocabulary.size;
}

/** The same findings (changed in place: they were just deserialized), equal strings shared. */
export function shareFindingStrings(findings: Finding[]): Finding[] {
  const local = new Map<string, string>();
  const own = (value: string): string => {
    const known = local.get(value);
    if (known !== undefined) return known;
    local.set(value, value);
    return value;
  };
  for (const finding of findings) {
    finding.ruleId = word(finding.ruleId);
    finding.severity = word<Severity>(finding.severity);
    finding.source = word<FindingSource>(finding.source);
    finding.cwes = finding.cwes.map((cwe) => word(cwe));
    if (finding.helpUri !== undefined) finding.helpUri = word(finding.helpUri);
    for (const reporter of finding.reporters ?? []) {
      reporter.tool = word<ReporterTool>(reporter.tool);
      reporter.ruleId = word(reporter.ruleId);
    }
    finding.file = own(finding.file);
    finding.message = own(finding.message);
    for (const step of finding.flow ?? []) {
      step.file = own(step.file);
      step.message = own(step.message);
    }
  }
  return findings;
}
