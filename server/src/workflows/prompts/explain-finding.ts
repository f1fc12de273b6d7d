import type { Finding } from "../../analysis/finding.js";
import type { ChatMessage } from "../../llm/types.js";
import { formatFindingLocation } from "./direct-feedback.js";
import { fence } from "./output-format.js";

/**
 * Explaining the analyzer's result — paper §3.3, Figure 5 (top): the direct feedback plus the
 * vulnerable code go to a (stronger) explainer model, asked to explain the feedback and give
 * actionable suggestions for the repair. The flagged source line is quoted so the explainer
 * does not have to count lines.
 */
export function explainFindingsPrompt(code: string, findings: Finding[]): ChatMessage[] {
  const lines = code.split("\n");
  const items = findings
    .map((f, i) => {
      const source = lines[f.range.start.line]?.trim();
      return `${i + 1}. ${formatFindingLocation(f)}${source ? `\n   Flagged line: \`${source}\`` : ""}`;
    })
    .join("\n");
  return [
    {
      role: "user",
      content:
        `A static security analyzer reported the following on the Python code below:\n${items}\n\n` +
        `Code:\n\n${fence(code)}\n\n` +
        "Explain why the code is vulnerable (what untrusted data reaches what operation, and what an attacker could do), " +
        "then give numbered, actionable steps to fix it in this code while keeping its behaviour and function signatures. " +
        "Answer in Markdown. Do not rewrite the whole program.",
    },
  ];
}
