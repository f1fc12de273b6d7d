/**
 * The one output instruction every code-producing prompt ends with. Asking for the whole code
 * (not a diff, not line numbers) follows GitHub's guidance for CodeQL autofix: seclsp computes
 * the edit itself (workflows/compute-edit.ts).
 */
export const WHOLE_CODE_INSTRUCTION =
  "Reply with the complete code in a single ```python code block. Keep the function names and parameters unchanged.";

/**
 * Guess for an editor prompt without fields: code to complete (a stub with a docstring) rather
 * than prose. The first line that is not blank or a `#` comment decides — prose that goes on
 * to quote `import` lines is still prose. Dataset tasks never go through this guess (task-spec.ts).
 */
export function promptIsCode(prompt: string): boolean {
  const first = prompt.split(/\r\n|\r|\n/).find((line) => !/^\s*(?:#.*)?$/.test(line)) ?? "";
  return /^[ \t]*(?:import\s|from\s+\S+\s+import\s|def\s|async\s+def\s|class\s|@|"""|''')/.test(first);
}

export function fence(code: string): string {
  return `\`\`\`python\n${code.replace(/\n+$/, "")}\n\`\`\``;
}
