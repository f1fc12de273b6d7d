import type { Finding } from "../analysis/finding.js";
import {
  explainFinding,
  generate,
  hintRelevance,
  judgeHint,
  officialDefinition,
  repair,
} from "../workflows/index.js";
import type { PromptTask } from "../workflows/prompts/task-spec.js";
import type {
  Explanation,
  GenerateResult,
  Hint,
  HintMode,
  HintVerdict,
  RepairOptions,
  RepairResult,
  WorkflowContext,
} from "../workflows/types.js";

/**
 * The paper's steps as the bench uses them. The default implementation is the real
 * `workflows/` functions (one implementation of every step, shared with the LSP); tests may
 * inject scripted ones to check the bench's bookkeeping in isolation.
 */
export interface BenchWorkflows {
  generate(ctx: WorkflowContext, task: PromptTask, options: { hints: HintMode }): Promise<GenerateResult>;
  repair(
    ctx: WorkflowContext,
    code: string,
    findings: Finding[],
    options: RepairOptions,
  ): Promise<RepairResult>;
  explainFinding(ctx: WorkflowContext, code: string, finding: Finding): Promise<Explanation>;
  hintRelevance(hints: Hint[], targetCwe: string): boolean;
  judgeHint(ctx: WorkflowContext, hint: Hint, officialDefinition: string): Promise<HintVerdict>;
  /** Official CWE definition text given to the judge ("CWE-89: Improper Neutralization ... — ..."). */
  officialDefinition(cwe: string): Promise<string>;
}

export function defaultBenchWorkflows(): BenchWorkflows {
  return {
    generate,
    repair,
    explainFinding,
    hintRelevance,
    judgeHint,
    officialDefinition: async (cwe) => officialDefinition(cwe),
  };
}
