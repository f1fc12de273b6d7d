/**
 * The one output instruction every code-producing prompt ends with. Asking for the whole code
 * (not a diff, not line numbers) follows GitHub's guidance for CodeQL autofix: seclsp computes
 * the edit itself (workflows/compute-edit.ts).
 */
export const WHOLE_CODE_INSTRUCTION =
  "Reply with the complete code in a single ```python code block. Keep the function names and parameters unchanged.";

/** True when a task prompt is code to complete (a stub with a docstring), not a prose description. */
export function promptIsCode(prompt: string): boolean {
  return /^[ \t]*(?:import\s|from\s+\S+\s+import\s|def\s|async\s+def\s|class\s|@)/m.test(prompt);
}

export function fence(code: string): string {
  return `\`\`\`python\n${code.replace(/\n+$/, "")}\n\`\`\``;
}
