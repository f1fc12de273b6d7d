import type { ChatMessage } from "../../llm/types.js";
import type { Hint } from "../types.js";

/**
 * Hint preciseness, LLM-as-judge — paper §5.2: the judge sees a model's hint for the target
 * CWE and the CWE's official definition and gives a binary judgment (precise / imprecise).
 */
export function judgeHintPrompt(hint: Hint, officialDefinition: string): ChatMessage[] {
  const hintLine = `${hint.cwe}${hint.name ? `: ${hint.name}` : ""}${hint.description ? ` - ${hint.description}` : ""}`;
  return [
    {
      role: "user",
      content:
        `Official definition of ${hint.cwe}:\n${officialDefinition.trim()}\n\n` +
        `Vulnerability hint written by a model:\n${hintLine}\n\n` +
        "Does the hint describe this weakness precisely and correctly, in line with the official definition? " +
        'Reply with JSON only: {"verdict": "precise" or "imprecise", "reason": "<one sentence>"}',
    },
  ];
}
