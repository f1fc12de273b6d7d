import type { ChatMessage } from "../../llm/types.js";
import type { Hint } from "../types.js";
import type { PromptTask } from "./task-spec.js";
import { vanillaTaskText } from "./vanilla.js";

/**
 * Code generation with vulnerability hints — paper §3.2 step 2, Figure 3 (bottom): the vanilla
 * prompt augmented with the hints. Used with the self-generated top-5 list, and (§5.2, Tables
 * 6–7) with a single target hint: the CWE definition (id + official name) or the contextualized
 * hint written by the explainer.
 */
export function formatHintList(hints: Hint[]): string {
  return hints
    .map(
      (h, i) =>
        `${i + 1}. ${h.cwe}${h.name ? `: ${h.name}` : ""}${h.description ? ` - ${h.description}` : ""}`,
    )
    .join("\n");
}

export function hintAugmentedPrompt(task: PromptTask, hintText: string): ChatMessage[] {
  return [
    {
      role: "user",
      content:
        `${vanillaTaskText(task)}\n\n` +
        "While writing the code, make sure it does not contain the following potential security vulnerabilities:\n" +
        hintText.trim(),
    },
  ];
}
