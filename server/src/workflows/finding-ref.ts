import type { Finding, FindingSource, Range } from "../analysis/finding.js";
import { reporterLabel, reportersOf } from "../analysis/reporters.js";

/**
 * The one identity of a finding on its trip diagnostic → code action → command: the server puts
 * it in every diagnostic's `data` and in the arguments of the commands its code actions carry,
 * and parses it back from whatever a client sends (see `parseFindingRef` in lsp/). `version` is
 * the document version the finding was shown on, so a command that arrives after the user typed
 * re-finds the finding on the current text (by fingerprint) instead of acting on old lines.
 */
export interface FindingRef {
  uri: string;
  /** Document version the finding was shown on; absent when a person typed the reference. */
  version?: number;
  /** Stable across unrelated edits (rule + normalized snippet); absent in hand-typed references. */
  fingerprint?: string;
  ruleId?: string;
  /** Backend that reported it (clients filter diagnostics by it). */
  source?: FindingSource;
  /** Where it was on `version`; a hand-typed `line` is read as that line's start. */
  range?: Range;
}

/** The reference the server hands out for a finding shown on `version` of `uri`. */
export function findingRef(uri: string, version: number | undefined, finding: Finding): FindingRef {
  return {
    uri,
    ...(version === undefined ? {} : { version }),
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    source: finding.source,
    range: finding.range,
  };
}

/** The findings shown for a document and the version they are placed on. */
export interface ShownFindings {
  version: number;
  findings: readonly Finding[];
}

export type FindingResolution = { found: Finding; moved: boolean } | { found?: undefined; reason: string };

/**
 * The finding `ref` means among the findings shown now. By fingerprint first (it survives edits
 * elsewhere; among identical ones the nearest to the old place wins); by rule and line only when
 * the reference was made for the version shown now or carries no version (typed by hand) — lines
 * of an older version would point at other code, so such a reference is refused instead.
 */
export function resolveFindingRef(ref: FindingRef, shown: ShownFindings): FindingResolution {
  const sameVersion = ref.version === undefined || ref.version === shown.version;
  if (ref.fingerprint) {
    const matches = shown.findings.filter((f) => f.fingerprint === ref.fingerprint);
    const found = nearest(matches, ref.range);
    if (found) return { found, moved: !sameVersion };
  }
  const rule = ref.ruleId ?? "seclsp";
  if (!sameVersion) {
    return {
      reason: `the ${rule} finding was shown on version ${ref.version} and is not shown on the current text (version ${shown.version}) any more`,
    };
  }
  if (ref.range) {
    const line = ref.range.start.line;
    // A finding shown in the fast phase (ruff's S301) may since have been merged into its taint
    // twin (py/unsafe-deserialization, reporters ruff/S301 + taint): the same problem, so it counts.
    const onLine = shown.findings.filter(
      (f) => f.range.start.line === line && (ref.ruleId === undefined || answersTo(f, ref.ruleId)),
    );
    const found = nearest(onLine, ref.range);
    if (found) return { found, moved: false };
    return { reason: `no ${rule} finding is shown on line ${line + 1} any more` };
  }
  if (ref.ruleId !== undefined && !ref.fingerprint) {
    const found = shown.findings.find((f) => f.ruleId === ref.ruleId);
    if (found) return { found, moved: false };
  }
  return { reason: `no ${rule} finding is shown at that place any more` };
}

/** Whether `f` is reported under `ruleId`: its own id, or one of the reports merged into it. */
function answersTo(f: Finding, ruleId: string): boolean {
  return (
    f.ruleId === ruleId || reportersOf(f).some((r) => r.ruleId === ruleId || reporterLabel(r) === ruleId)
  );
}

/** The candidate closest to `range` (first one when there is no range to compare with). */
function nearest(candidates: readonly Finding[], range: Range | undefined): Finding | undefined {
  if (!range || candidates.length < 2) return candidates[0];
  const distance = (f: Finding) =>
    Math.abs(f.range.start.line - range.start.line) * 1e6 +
    Math.abs(f.range.start.character - range.start.character);
  return [...candidates].sort((a, b) => distance(a) - distance(b))[0];
}
