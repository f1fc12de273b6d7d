import type { Finding } from "../analysis/finding.js";
import { LlmError } from "../llm/errors.js";
import { extractCode, NoCodeError } from "../llm/extract-code.js";
import type { ChatMessage, LlmCallRecord } from "../llm/types.js";
import { functionSignatureChange } from "../python/function-signature.js";
import { pythonParser } from "../python/syntax-check.js";
import { explainFindings } from "./explain-finding.js";
import { countByKey, findingKey, newFindings } from "./finding-keys.js";
import { fixRegions } from "./fix-region.js";
import { mergeFix } from "./merge-fix.js";
import { noCodeMessage } from "./no-code-message.js";
import { directFeedbackText, directRepairPrompt } from "./prompts/direct-feedback.js";
import { explainedRepairPrompt } from "./prompts/explained-feedback.js";
import type { RepairOptions, RepairResult, RepairRound, WorkflowContext } from "./types.js";

/**
 * Post-hoc repair with analyzer feedback (paper §3.3, Figures 4 and 5), verified: after every
 * round the candidate is re-analyzed; the loop stops when the targeted findings (matched by
 * rule + CWEs, not location) are gone and nothing new appeared, or after maxRounds (default 3;
 * 1 reproduces the paper). A round whose reply has no code records the error and changes nothing.
 * The reply is merged into the code (see merge-fix.ts): a fragment replaces only the function or
 * statement around the findings, so every candidate — and every verification — is the whole
 * file; a reply that replaces none of them is refused like a reply without code.
 */
export async function repair(
  ctx: WorkflowContext,
  code: string,
  findings: Finding[],
  options: RepairOptions,
): Promise<RepairResult> {
  const maxRounds = options.maxRounds ?? 3;
  const targetKeys = new Set(findings.map(findingKey));
  // Baseline: everything the analyzer sees in the input, so "new" means new relative to the
  // user's code (the caller may target just one of several findings).
  const baseline = options.baseline ?? (await ctx.analyze(code, ctx.signal));
  let current = code;
  let currentFindings = baseline;
  let conversation: ChatMessage[] | undefined = options.conversation ? [...options.conversation] : undefined;
  const rounds: RepairRound[] = [];

  for (let round = 1; round <= maxRounds; round++) {
    ctx.signal?.throwIfAborted();
    // Until a candidate exists, feed back exactly what the caller asked to fix; then what is
    // left of it plus what the repair introduced.
    const toFix = current === code ? findings : feedbackFindings(currentFindings, targetKeys, baseline);
    if (toFix.length === 0) break;
    const calls: LlmCallRecord[] = [];
    let feedback = "";
    let reply: string;
    try {
      let messages: ChatMessage[];
      if (options.feedback === "direct") {
        feedback = directFeedbackText(toFix);
        messages = conversation
          ? [...conversation, { role: "user", content: feedback }]
          : directRepairPrompt(current, toFix);
      } else {
        const explanation = await explainFindings(ctx, current, toFix);
        calls.push(...explanation.calls);
        feedback = explanation.markdown;
        messages = explainedRepairPrompt(current, feedback);
      }
      ctx.onProgress?.(`repair round ${round}/${maxRounds}: asking ${ctx.models.generator.model} for a fix`);
      const result = await ctx.models.generator.complete(messages, { signal: ctx.signal });
      calls.push(result.call);
      reply = result.text;
      // Direct feedback keeps one conversation across rounds, as in the paper's chat setting.
      if (options.feedback === "direct") conversation = [...messages, { role: "assistant", content: reply }];
    } catch (error) {
      // Model failures end the loop with a recorded round; consent, abort and bugs propagate.
      if (!(error instanceof LlmError)) throw error;
      rounds.push(failedRound(round, feedback, current, currentFindings, calls, error.message));
      break;
    }

    let extracted: string;
    try {
      extracted = (await extractCode(reply)).code;
    } catch (error) {
      if (!(error instanceof NoCodeError)) throw error;
      rounds.push(
        failedRound(round, feedback, current, currentFindings, calls, noCodeMessage(error, calls.at(-1))),
      );
      continue;
    }
    const parser = await pythonParser();
    const merged = mergeFix(parser, current, fixRegions(parser, current, toFix), extracted);
    if (!merged.ok) {
      rounds.push({
        ...failedRound(round, feedback, current, currentFindings, calls, merged.reason),
        refused: true,
      });
      continue;
    }
    const candidate = merged.text;
    ctx.onProgress?.(`repair round ${round}/${maxRounds}: re-analyzing the candidate`);
    const after = await ctx.analyze(candidate, ctx.signal);
    const signatureChanged = await functionSignatureChange(current, candidate);
    rounds.push({
      round,
      feedback,
      code: candidate,
      findings: after,
      resolved: !after.some((f) => targetKeys.has(findingKey(f))),
      introduced: newFindings(currentFindings, after),
      calls,
      ...(signatureChanged ? { signatureChanged } : {}),
    });
    current = candidate;
    currentFindings = after;
    if (isVerified(currentFindings, targetKeys, baseline)) break;
  }

  const changed = rounds.some((r) => r.error === undefined);
  return {
    rounds,
    code: current,
    findings: currentFindings,
    verified: changed && isVerified(currentFindings, targetKeys, baseline),
  };
}

/** What to feed back: remaining targeted findings plus anything the repair itself introduced. */
function feedbackFindings(current: Finding[], targetKeys: Set<string>, baseline: Finding[]): Finding[] {
  const introduced = new Set(newFindings(baseline, current));
  return current.filter((f) => targetKeys.has(findingKey(f)) || introduced.has(f));
}

function isVerified(current: Finding[], targetKeys: Set<string>, baseline: Finding[]): boolean {
  if (current.some((f) => targetKeys.has(findingKey(f)))) return false;
  const before = countByKey(baseline);
  for (const [key, count] of countByKey(current)) if (count > (before.get(key) ?? 0)) return false;
  return true;
}

function failedRound(
  round: number,
  feedback: string,
  code: string,
  findings: Finding[],
  calls: LlmCallRecord[],
  error: string,
): RepairRound {
  return { round, feedback, code, findings, resolved: false, introduced: [], calls, error };
}
