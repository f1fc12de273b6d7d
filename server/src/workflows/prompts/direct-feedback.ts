import type { Finding } from "../../analysis/finding.js";
import { plainMessageText as plainMessage } from "../../analysis/message-text.js";
import type { ChatMessage } from "../../llm/types.js";
import { fence, WHOLE_CODE_INSTRUCTION } from "./output-format.js";

/**
 * Direct feedback — paper §3.3, Figure 4: the analyzer's raw result (rule, CWE, message and
 * location) fed back as a follow-up user turn in the generation conversation. With no
 * conversation (a file opened in the editor) it becomes a fresh repair prompt with the code.
 */

// Re-exported for propose-fix.ts; the one implementation lives in analysis/message-text.ts.
export { plainMessage };

const TOOL_NAMES: Record<Finding["source"], string> = {
  codeql: "CodeQL",
  embedded: "The seclsp security analyzer",
  bandit: "Bandit",
};

/** "py/sql-injection (CWE-89) at line 7, column 9: <message>" — 1-based positions, as people count. */
export function formatFindingLocation(finding: Finding): string {
  const cwes = finding.cwes.length > 0 ? ` (${finding.cwes.join(", ")})` : "";
  const { line, character } = finding.range.start;
  return `${finding.ruleId}${cwes} at line ${line + 1}, column ${character + 1}: ${plainMessage(finding.message)}`;
}

export function directFeedbackText(findings: Finding[]): string {
  const sources = [...new Set(findings.map((f) => f.source))];
  const tool = sources.length === 1 && sources[0] ? TOOL_NAMES[sources[0]] : "Static analysis";
  const noun = findings.length === 1 ? "a security issue" : `${findings.length} security issues`;
  const list = findings.map((f, i) => `${i + 1}. ${formatFindingLocation(f)}`).join("\n");
  return `${tool} found ${noun} in the code:\n${list}\n\nFix ${findings.length === 1 ? "it" : "them"}. ${WHOLE_CODE_INSTRUCTION}`;
}

/** Follow-up turn after an existing conversation (the paper's setting). */
export function directFeedbackTurn(conversation: ChatMessage[], findings: Finding[]): ChatMessage[] {
  return [...conversation, { role: "user", content: directFeedbackText(findings) }];
}

/** Fresh repair prompt when there is no generation conversation to continue. */
export function directRepairPrompt(code: string, findings: Finding[]): ChatMessage[] {
  return [
    {
      role: "user",
      content: `Here is a Python program:\n\n${fence(code)}\n\n${directFeedbackText(findings)}`,
    },
  ];
}
