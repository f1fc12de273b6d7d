import type { SourceFile } from "../analyzer.js";
import type { Finding, Severity } from "../finding.js";
import { FileFingerprints } from "../fingerprint.js";
import { analysisNote, NOT_ANALYZED_RULE } from "./analysis-notes.js";
import type { EmbeddedOptions, EmbeddedPass } from "./embedded-analyzer.js";
import {
  type RuffDiagnostic,
  type RuffSecurityResult,
  ruffSecurityCheck,
  ruffSecurityCheckAsync,
} from "./ruff-engine.js";
import { type RuffRuleMapping, ruffRuleMapping } from "./ruff-rules.js";
import { describesCredential, literalValue, looksLikeSecret } from "./secret-literal.js";
import { tempPathUse } from "./temp-path-use.js";

/**
 * ruff says "seems safe, but may be changed in the future" when a shell command is a literal
 * (S602/S605): keep it visible but as a note, not a warning.
 */
function severityOf(d: RuffDiagnostic, mapping: RuffRuleMapping): Severity {
  return d.message.includes("seems safe") ? "note" : mapping.severity;
}

const PASSWORD_NAME_RULES = new Set(["S105", "S106", "S107"]);

/**
 * S105–S107 match a password-like name; the literal decides. One that does not look like a
 * secret (`token_type = 'dot'`, see secret-literal.ts) is kept as a note, not a warning.
 */
function notASecret(d: RuffDiagnostic, lines: () => string[]): boolean {
  if (!d.code || !PASSWORD_NAME_RULES.has(d.code)) return false;
  // ruff names the target: `Possible hardcoded password assigned to: "token_type"`.
  const name = /"([^"]+)"\s*$/.exec(d.message)?.[1];
  if (name !== undefined && describesCredential(name)) return true;
  const value = literalValue(rangeText(d, lines()));
  return value !== undefined && !looksLikeSecret(value);
}

/** S108 on a literal that is not used as a file name (temp-path-use.ts says why), else undefined. */
function notATempFileName(d: RuffDiagnostic, lines: () => string[]): string | undefined {
  if (d.code !== "S108") return undefined;
  const value = literalValue(rangeText(d, lines()));
  const use = tempPathUse(lines(), d.start_location.row - 1, d.start_location.column - 1, value);
  if (use === "directory") return "the directory itself, not a file name in it";
  return use === "data" ? "data here, not a file name the code opens or creates" : undefined;
}

function rangeText(d: RuffDiagnostic, all: string[]): string {
  const first = d.start_location.row - 1;
  const last = d.end_location.row - 1;
  const slice = all.slice(first, last + 1);
  if (slice.length === 0) return "";
  slice[slice.length - 1] = slice[slice.length - 1]!.slice(0, d.end_location.column - 1);
  slice[0] = slice[0]!.slice(d.start_location.column - 1);
  return slice.join("\n");
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
  let split: string[] | undefined;
  const lines = () => {
    split ??= text.split(/\r\n|\r|\n/);
    return split;
  };
  const ordered = [...diagnostics].sort(
    (a, b) =>
      a.start_location.row - b.start_location.row || a.start_location.column - b.start_location.column,
  );
  for (const d of ordered) {
    const tempData = notATempFileName(d, lines);
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
      ...(notASecret(d, lines)
        ? { severity: "note" as const, message: `${d.message} (the value does not look like a secret)` }
        : tempData
          ? { severity: "note" as const, message: `${d.message} (${tempData})` }
          : { severity: severityOf(d, mapping), message: d.message }),
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

/** One security check's result as findings, with a note when ruff did not check the file. */
function passFindings(file: SourceFile, options: EmbeddedOptions, result: RuffSecurityResult): Finding[] {
  const { diagnostics, notAnalyzed } = result;
  const findings = ruffFindings(file.path, file.text, diagnostics, new Set(options.ignoreRules ?? []));
  if (notAnalyzed && !options.ignoreRules?.includes(NOT_ANALYZED_RULE)) {
    const message = `not analyzed by ruff's rules: ${notAnalyzed.reason}; data-flow findings are still reported`;
    findings.push(analysisNote(file.path, file.text, NOT_ANALYZED_RULE, message, notAnalyzed.offset, "ruff"));
  }
  return findings;
}

/** ruff flake8-bandit (S) rules mapped to CWEs and CodeQL ids. */
export const ruffPass: EmbeddedPass = {
  name: "ruff",
  run(file, options) {
    return passFindings(file, options, ruffSecurityCheck(file.text));
  },
};

/**
 * The ruff pass without blocking the calling thread (the LSP server: requests are answered while
 * ruff checks a big file). Undefined when `stale()` turned true before ruff was called.
 */
export async function ruffPassAsync(
  file: SourceFile,
  options: EmbeddedOptions,
  stale?: () => boolean,
): Promise<Finding[] | undefined> {
  const result = await ruffSecurityCheckAsync(file.text, stale);
  return result && passFindings(file, options, result);
}
