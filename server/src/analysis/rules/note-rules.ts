import type { ProblemRule } from "./problem-rule.js";

/**
 * seclsp's own notes: not weaknesses but "this file was not (fully) checked", so that a file the
 * analyzer gave up on never looks clean. Reported by the embedded passes (analysis-notes.ts).
 */
export const NOTE_RULES: readonly ProblemRule[] = [
  {
    id: "seclsp/not-analyzed",
    name: "File not analyzed",
    cwes: [],
    severity: "note",
    aliases: [
      {
        tool: "ruff",
        code: "seclsp/not-analyzed",
        help: "A pass skipped the file (too deep for ruff's parser, ruff trapped or timed out, a taint time budget).",
      },
      { tool: "taint", code: "seclsp/not-analyzed" },
    ],
  },
  {
    id: "seclsp/analysis-incomplete",
    name: "File analyzed in part",
    cwes: [],
    severity: "note",
    aliases: [
      {
        tool: "taint",
        code: "seclsp/analysis-incomplete",
        help: "The taint pass stopped early (time budget): later findings may be missing.",
      },
    ],
  },
];
