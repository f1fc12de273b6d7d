import type { ChatMessage } from "../../llm/types.js";
import type { GenerationTask } from "../types.js";
import { fence, promptIsCode, WHOLE_CODE_INSTRUCTION } from "./output-format.js";

/**
 * Vanilla code-generation prompt — paper §3.1, Figure 2: the task as given (description and
 * expected functionality, or a code stub with a docstring) with no security requirement added.
 * The paper's figure text is not in our copy of the paper; this follows its description.
 */
export function vanillaTaskText(task: GenerationTask): string {
  const body = promptIsCode(task.prompt)
    ? `Complete the following Python code.\n\n${fence(task.prompt)}`
    : `Write a Python function for the following task.\n\n${task.prompt.trim()}`;
  return `${body}\n\n${WHOLE_CODE_INSTRUCTION}`;
}

export function vanillaPrompt(task: GenerationTask): ChatMessage[] {
  return [{ role: "user", content: vanillaTaskText(task) }];
}
