import type { Finding } from "../analysis/finding.js";
import { explainFindingsPrompt } from "./prompts/explain-finding.js";
import type { Explanation, WorkflowContext } from "./types.js";

/** Explainer role: why the code is vulnerable and actionable fix steps (paper §3.3, Figure 5 top). */
export async function explainFinding(
  ctx: WorkflowContext,
  code: string,
  finding: Finding,
): Promise<Explanation> {
  return explainFindings(ctx, code, [finding]);
}

/** One explainer call for several findings of the same code (the repair loop's explained feedback). */
export async function explainFindings(
  ctx: WorkflowContext,
  code: string,
  findings: Finding[],
): Promise<Explanation> {
  ctx.onProgress?.(
    `asking ${ctx.models.explainer.model} to explain ${findings.length === 1 ? "the finding" : `${findings.length} findings`}`,
  );
  const result = await ctx.models.explainer.complete(explainFindingsPrompt(code, findings), {
    signal: ctx.signal,
  });
  return { markdown: result.text.trim(), calls: [result.call] };
}
