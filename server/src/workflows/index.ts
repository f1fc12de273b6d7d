/**
 * Public surface of the paper's workflows, shared by the LSP server and `seclsp bench`.
 * Signatures (implemented in the files next to this one):
 *   generate(ctx, task, { hints })                     → GenerateResult
 *   repair(ctx, code, findings, { feedback, maxRounds }) → RepairResult
 *   explainFinding(ctx, code, finding)                 → Explanation
 *   hintRelevance(hints, targetCwe)                    → boolean
 *   judgeHint(ctx, hint, officialDefinition)           → HintVerdict
 */
export * from "./types.js";
