/**
 * Message templates of the regex rules (CodeQL's wording). Ids, CWEs and security-severity live in
 * the rule registry (server/src/analysis/rules/codeql-problems.ts).
 */
export const REGEX_RULES: ReadonlyArray<{ id: string; message: string }> = [
  {
    id: "py/redos",
    message:
      "This part of the regular expression ({0}) may cause exponential backtracking on strings containing many repetitions of '{1}'.",
  },
  { id: "py/bad-tag-filter", message: "{0}" },
  { id: "py/overly-large-range", message: "{0}" },
  {
    id: "py/incomplete-hostname-regexp",
    message:
      "This regular expression has an unescaped '.' before '{0}', so it might match more hosts than expected.",
  },
];
