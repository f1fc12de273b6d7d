import { extractCode, NoCodeError } from "../llm/extract-code.js";
import type { ChatMessage, LlmCallRecord } from "../llm/types.js";
import { functionSignatureChange } from "../python/function-signature.js";
import { cweDefinitionHint, describeCwe } from "./cwe-names.js";
import { noCodeMessage } from "./no-code-message.js";
import { parseHints } from "./parse-hints.js";
import { contextualHintPrompt } from "./prompts/contextual-hint.js";
import { formatHintList, hintAugmentedPrompt } from "./prompts/hint-augmented.js";
import { hintPredictionPrompt } from "./prompts/hint-prediction.js";
import { type PromptTask, signatureReference, taskSpec } from "./prompts/task-spec.js";
import { vanillaPrompt } from "./prompts/vanilla.js";
import type { GenerateOptions, GenerateResult, GenerationTask, Hint, WorkflowContext } from "./types.js";

/**
 * Code generation with the paper's hint modes (§3.1, §3.2, §5.2): none (vanilla), self (the
 * generator predicts top-5 CWEs, then generates with them), cwe-definition (target id + official
 * name), contextual (the explainer grounds the target CWE in this task). The result carries the
 * analyzer's findings on the code and the conversation, so direct-feedback repair can continue it.
 */
export async function generate(
  ctx: WorkflowContext,
  task: PromptTask,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const calls: LlmCallRecord[] = [];
  const { hints, hintText } = await prepareHints(ctx, task, options, calls);
  const messages: ChatMessage[] = hintText ? hintAugmentedPrompt(task, hintText) : vanillaPrompt(task);

  ctx.onProgress?.(`generating code with ${ctx.models.generator.model}`);
  const reply = await ctx.models.generator.complete(messages, { signal: ctx.signal });
  calls.push(reply.call);
  const conversation: ChatMessage[] = [...messages, { role: "assistant", content: reply.text }];
  const base = { hints, ...(hintText ? { hintText } : {}), conversation, calls };

  let code: string;
  try {
    code = (await extractCode(reply.text)).code;
  } catch (error) {
    if (!(error instanceof NoCodeError)) throw error;
    return { ...base, code: "", findings: [], error: noCodeMessage(error, reply.call) };
  }
  ctx.onProgress?.("analyzing the generated code");
  const findings = await ctx.analyze(code, ctx.signal);
  const reference = signatureReference(taskSpec(task));
  const signatureChanged =
    reference === undefined ? undefined : await functionSignatureChange(reference, code, task.functionName);
  return { ...base, code, findings, ...(signatureChanged ? { signatureChanged } : {}) };
}

async function prepareHints(
  ctx: WorkflowContext,
  task: PromptTask,
  options: GenerateOptions,
  calls: LlmCallRecord[],
): Promise<{ hints: Hint[]; hintText?: string }> {
  switch (options.hints) {
    case "none":
      return { hints: [] };
    case "self": {
      ctx.onProgress?.(`asking ${ctx.models.generator.model} for likely vulnerabilities`);
      const prediction = await ctx.models.generator.complete(hintPredictionPrompt(task), {
        signal: ctx.signal,
      });
      calls.push(prediction.call);
      const hints = parseHints(prediction.text);
      // No parseable hint: generate with the vanilla prompt (recorded as hints: []).
      return hints.length > 0 ? { hints, hintText: formatHintList(hints) } : { hints };
    }
    case "cwe-definition": {
      const cwe = requireTarget(task, options.hints);
      const { id, name } = describeCwe(cwe);
      return { hints: [{ cwe: id, name, description: "" }], hintText: cweDefinitionHint(cwe) };
    }
    case "contextual": {
      const cwe = requireTarget(task, options.hints);
      const { id, name } = describeCwe(cwe);
      ctx.onProgress?.(`asking ${ctx.models.explainer.model} to ground ${id} in this task`);
      const reply = await ctx.models.explainer.complete(contextualHintPrompt(task, id, name), {
        signal: ctx.signal,
      });
      calls.push(reply.call);
      const text = reply.text.trim();
      return {
        hints: [{ cwe: id, name, description: text }],
        hintText: `${name === id ? id : `${id}: ${name}`}\n${text}`,
      };
    }
  }
}

function requireTarget(task: GenerationTask, mode: string): string {
  if (!task.targetCwe)
    throw new Error(`hint mode "${mode}" needs the task's target CWE (task ${task.id} has none)`);
  return task.targetCwe;
}
