import type { ChatMessage } from "../../llm/types.js";
import { type PromptTask, taskSpec } from "./task-spec.js";
import { taskStatement } from "./task-statement.js";

/**
 * Vulnerability hints prediction — paper §3.2 step 1, Figure 3 (top): given the coding task,
 * the model lists the top-5 relevant vulnerabilities, each a CWE id with a concise description
 * ("SQL injection (CWE-89)"). The format request keeps the reply parseable (workflows/parse-hints.ts).
 */
export function hintPredictionPrompt(task: PromptTask): ChatMessage[] {
  const taskText = taskStatement(taskSpec(task));
  return [
    {
      role: "user",
      content:
        `Consider the following Python coding task.\n\n${taskText}\n\n` +
        "Analyze the functionality it describes and identify the top-5 security vulnerabilities " +
        "that are most likely to be introduced when implementing it. Do not write the code.\n" +
        "Answer with exactly five lines, most relevant first, in this format:\n" +
        "1. CWE-<id>: <vulnerability name> - <one-line description of how it could arise in this task>",
    },
  ];
}
