import type { ChatMessage } from "../../llm/types.js";
import { WHOLE_CODE_INSTRUCTION } from "./output-format.js";
import { type PromptTask, taskSpec } from "./task-spec.js";
import { taskStatement } from "./task-statement.js";

/**
 * Vanilla code-generation prompt — paper §3.1, Figure 2: the task as given (description and
 * expected functionality, or a code stub with a docstring) with no security requirement added.
 * The paper's figure text is not in our copy of the paper; this follows its description.
 */
export function vanillaTaskText(task: PromptTask): string {
  const spec = taskSpec(task);
  const lead =
    spec.kind === "stub"
      ? "Complete the following Python code."
      : "Write a Python function for the following task.";
  return `${lead}\n\n${taskStatement(spec)}\n\n${WHOLE_CODE_INSTRUCTION}`;
}

export function vanillaPrompt(task: PromptTask): ChatMessage[] {
  return [{ role: "user", content: vanillaTaskText(task) }];
}
