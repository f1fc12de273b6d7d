import type { ChatMessage } from "../../llm/types.js";
import { type PromptTask, taskSpec } from "./task-spec.js";
import { taskStatement } from "./task-statement.js";

/**
 * Contextualized target hint — paper §5.2, Table 6 ("Contextualized Hint (GPT-4o)"): the
 * explainer grounds the target CWE in this coding task (its function, arguments and data) in
 * one paragraph, without writing the code.
 */
export function contextualHintPrompt(task: PromptTask, cwe: string, cweName: string): ChatMessage[] {
  const taskText = taskStatement(taskSpec(task));
  const target = cweName && cweName !== cwe ? `${cwe}: ${cweName}` : cwe;
  return [
    {
      role: "user",
      content:
        `Coding task:\n\n${taskText}\n\nTarget vulnerability: ${target}\n\n` +
        "In one paragraph, explain how this vulnerability is likely to be introduced when implementing " +
        "this specific task: refer to the task's function, arguments and data, and say what the " +
        "implementation must do to avoid it. Do not write any code.",
    },
  ];
}
