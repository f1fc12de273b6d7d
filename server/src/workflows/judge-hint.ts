import { judgeHintPrompt } from "./prompts/judge-hint.js";
import type { Hint, HintVerdict, WorkflowContext } from "./types.js";

/** Judge role: is the hint precise with respect to the official CWE definition (paper §5.2)? */
export async function judgeHint(
  ctx: WorkflowContext,
  hint: Hint,
  officialDefinition: string,
): Promise<HintVerdict> {
  ctx.onProgress?.(`asking ${ctx.models.judge.model} to judge the ${hint.cwe} hint`);
  const result = await ctx.models.judge.complete(judgeHintPrompt(hint, officialDefinition), {
    signal: ctx.signal,
  });
  return { ...parseVerdict(result.text), calls: [result.call] };
}

/** JSON {"verdict", "reason"} when given; otherwise the first verdict word ("imprecise" checked first). */
export function parseVerdict(text: string): { verdict: "precise" | "imprecise"; reason: string } {
  const json = /\{[\s\S]*\}/.exec(text)?.[0];
  if (json) {
    try {
      const value = JSON.parse(json) as { verdict?: unknown; reason?: unknown };
      const verdict = String(value.verdict ?? "")
        .toLowerCase()
        .trim();
      if (verdict === "precise" || verdict === "imprecise") {
        return { verdict, reason: typeof value.reason === "string" ? value.reason.trim() : "" };
      }
    } catch {
      // fall through to the word scan
    }
  }
  const word = /\b(imprecise|not precise|precise)\b/i.exec(text)?.[1]?.toLowerCase();
  const verdict = word === "precise" ? "precise" : "imprecise";
  const reason = text.trim() || "the judge gave no answer";
  // No recognisable verdict counts as imprecise: the hint was not confirmed.
  return { verdict, reason: word ? reason : `no verdict in the judge's reply: ${reason}` };
}
