import type { ChatMessage } from "../../llm/types.js";
import { fence, WHOLE_CODE_INSTRUCTION } from "./output-format.js";

/**
 * Repair with explained feedback — paper §3.3, Figure 5 (bottom): the explainer's explanation
 * and fix suggestions are part of the repair instruction given with the vulnerable code.
 */
export function explainedRepairPrompt(code: string, explanation: string): ChatMessage[] {
  return [
    {
      role: "user",
      content:
        `The following Python code contains security vulnerabilities.\n\n${fence(code)}\n\n` +
        `A security review explains the problems and how to fix them:\n\n${explanation.trim()}\n\n` +
        `Repair the code following these suggestions. ${WHOLE_CODE_INSTRUCTION}`,
    },
  ];
}
