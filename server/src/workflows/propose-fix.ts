import type { Finding } from "../analysis/finding.js";
import { pythonParser } from "../python/syntax-check.js";
import { assessChange, type ChangeAssessment } from "./change-assessment.js";
import { exactEdits, type TextEdit } from "./compute-edit.js";
import { findingKey } from "./finding-keys.js";
import { fixRegions } from "./fix-region.js";
import { plainMessage } from "./prompts/direct-feedback.js";
import { repair } from "./repair.js";
import type { RepairOptions, RepairResult, WorkflowContext } from "./types.js";

/**
 * What the editor needs from a repair: edits against the exact text the fix was computed on
 * (the LSP sends them as a versioned TextDocumentEdit), whether the fix passed re-analysis,
 * and a one-line reason when it did not. Keeps the LSP's code action a thin wrapper.
 */
export interface FixProposal {
  /** Empty when there is nothing to apply (no code came back, or the code is unchanged). */
  edits: TextEdit[];
  verified: boolean;
  /** "Fixed py/sql-injection (CWE-89) in 1 round" or why it is unverified / not offered. */
  summary: string;
  /** Shown with an unverified fix; undefined when verified. */
  unverifiedReason?: string;
  /**
   * Set when there are edits: how far they reach beyond the targeted function/statement. When
   * `change.destructive`, the edits must not be applied without showing `change.diff` and an
   * explicit yes, verified or not.
   */
  change?: ChangeAssessment;
  result: RepairResult;
}

export async function proposeFix(
  ctx: WorkflowContext,
  documentText: string,
  findings: Finding[],
  options: RepairOptions,
): Promise<FixProposal> {
  const result = await repair(ctx, documentText, findings, options);
  // The repair loop already merged the reply into the document: every unchanged byte (line
  // endings included) is the document's, so an exact line diff yields edits for the fix only.
  const edits = exactEdits(documentText, result.code);
  let change: ChangeAssessment | undefined;
  if (edits.length > 0) {
    const parser = await pythonParser();
    change = assessChange(
      parser,
      documentText,
      result.code,
      fixRegions(parser, documentText, findings),
      fileLabel(findings),
    );
  }
  const targets = [...new Set(findings.map(describeTarget))].join(", ");
  const rounds = result.rounds.length;
  if (result.verified) {
    return {
      edits,
      verified: true,
      summary: `Fixed ${targets} in ${rounds} round${rounds === 1 ? "" : "s"}`,
      result,
      ...(change ? { change } : {}),
    };
  }
  const reason = unverifiedReason(result, findings);
  const summary =
    edits.length === 0 ? `No fix for ${targets}: ${reason}` : `Unverified fix for ${targets}: ${reason}`;
  return { edits, verified: false, summary, unverifiedReason: reason, result, ...(change ? { change } : {}) };
}

/** The file name for diff headers ("app.py"), from the findings' file. */
function fileLabel(findings: Finding[]): string {
  const file = findings[0]?.file ?? "";
  return decodeURIComponent(file.split(/[\\/]/).pop() ?? "") || "document";
}

function describeTarget(finding: Finding): string {
  return finding.cwes.length > 0 ? `${finding.ruleId} (${finding.cwes.join(", ")})` : finding.ruleId;
}

/** The most useful single reason: the last round's error, a surviving target, or a new finding. */
export function unverifiedReason(result: RepairResult, findings: Finding[]): string {
  const last = result.rounds.at(-1);
  if (!last) return "no repair round ran";
  if (result.rounds.every((r) => r.error !== undefined)) return last.error ?? "the model gave no usable fix";
  const targetKeys = new Set(findings.map(findingKey));
  const surviving = result.findings.find((f) => targetKeys.has(findingKey(f)));
  if (surviving) {
    return `after ${result.rounds.length} round(s) the analyzer still reports ${describeTarget(surviving)} at line ${surviving.range.start.line + 1}`;
  }
  const introduced = result.rounds.flatMap((r) => r.introduced).find((f) => result.findings.includes(f));
  const extra = introduced ?? result.findings[0];
  if (extra) {
    return `the fix introduces ${describeTarget(extra)} at line ${extra.range.start.line + 1}: ${plainMessage(extra.message)}`;
  }
  return "the fix could not be verified";
}
