import { type Diagnostic, DiagnosticSeverity } from "vscode-languageserver/node.js";
import { cweHref } from "../analysis/cwe.js";
import type { Finding, Severity } from "../analysis/finding.js";
import { plainMessageText } from "../analysis/message-text.js";
import { alsoReportedSuffix } from "../analysis/reporters.js";
import { findingRef } from "../workflows/finding-ref.js";
import { locationUri } from "./document-path.js";

export const DIAGNOSTIC_SOURCE = "seclsp";

export interface DiagnosticOptions {
  documentUri: string;
  /** The document version the finding is shown on (goes into the FindingRef in `data`). */
  version?: number;
  /** Client announced textDocument.publishDiagnostics.relatedInformation. */
  relatedInformation: boolean;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

/** `data` is the finding's FindingRef: commands sent with the diagnostic resolve it on the current text. */
export function findingToDiagnostic(finding: Finding, options: DiagnosticOptions): Diagnostic {
  const data = findingRef(options.documentUri, options.version, finding);
  const href = finding.helpUri ?? (finding.cwes[0] ? cweHref(finding.cwes[0]) : undefined);
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    message: diagnosticMessage(finding),
    data,
  };
  if (href) diagnostic.codeDescription = { href };
  if (options.relatedInformation && finding.flow && finding.flow.length > 0) {
    diagnostic.relatedInformation = finding.flow.map((step) => ({
      location: { uri: locationUri(step.file, options.documentUri), range: step.range },
      message: plainMessageText(step.message),
    }));
  }
  return diagnostic;
}

/**
 * "py/sql-injection: This SQL query depends on a user-provided value. [CWE-89]" — plain text
 * that starts with the rule id, because Neovim's float and virtual text, lsp-mode and Flymake
 * show only the message (the id is what `# seclsp: ignore[rule]` needs, and it tells seclsp's
 * diagnostics from other servers').
 */
export function diagnosticMessage(finding: Finding): string {
  const cwes = finding.cwes.length > 0 ? ` [${finding.cwes.join(", ")}]` : "";
  // Other tools that reported the same problem, from `reporters` (never stored in the message).
  return `${finding.ruleId}: ${plainMessageText(finding.message)}${alsoReportedSuffix(finding)}${cwes}`;
}

/** The single diagnostic shown instead of findings when a file is over `maxFileBytes`. */
export function skippedFileDiagnostic(bytes: number, maxFileBytes: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: `seclsp skipped this file: ${bytes} bytes > maxFileBytes (${maxFileBytes})`,
  };
}
