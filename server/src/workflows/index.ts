/**
 * Public surface of the paper's workflows, shared by the LSP server and `seclsp bench`.
 *   generate(ctx, task, { hints })                     → GenerateResult
 *   repair(ctx, code, findings, { feedback, maxRounds }) → RepairResult
 *   explainFinding(ctx, code, finding)                 → Explanation
 *   hintRelevance(hints, targetCwe)                    → boolean
 *   judgeHint(ctx, hint, officialDefinition)           → HintVerdict
 *   parseHints(text)                                   → Hint[] (top-5)
 *   computeEdits(oldText, newText)                     → TextEdit[] (UTF-16 ranges, for workspace/applyEdit)
 *   proposeFix(ctx, documentText, findings, options)   → FixProposal (repair + edits + verified/reason, for the LSP)
 *   findingRef / resolveFindingRef                     → FindingRef, the one identity of a shown finding
 *   createWorkflowContext(config, options)             → WorkflowContext for an editor (models from settings)
 */

export { applyEdits, computeEdits, replaceRegionEdits, type TextEdit } from "./compute-edit.js";
export {
  createWorkflowContext,
  describeCalls,
  describeWorkflowError,
  type EditorWorkflowOptions,
} from "./context.js";
export { cweDefinitionHint, describeCwe, officialDefinition } from "./cwe-names.js";
export { explainFinding, explainFindings } from "./explain-finding.js";
export { findingKey } from "./finding-keys.js";
export {
  type FindingRef,
  type FindingResolution,
  findingRef,
  resolveFindingRef,
  type ShownFindings,
} from "./finding-ref.js";
export { generate } from "./generate.js";
export { hintRelevance } from "./hint-relevance.js";
export { judgeHint, parseVerdict } from "./judge-hint.js";
export { parseHints } from "./parse-hints.js";
export { type FixProposal, proposeFix } from "./propose-fix.js";
export { repair } from "./repair.js";
export * from "./types.js";
