import type { HintMode } from "../workflows/types.js";

/** The experiment conditions a run can include (paper sections 3.1–3.3, plus iterative repair). */
export const CONDITIONS = [
  "vanilla",
  "self-hints",
  "cwe-definition",
  "contextual",
  "repair-direct",
  "repair-explained",
  "iterative-repair",
  "hint-relevance",
  "hint-preciseness",
] as const;

export type Condition = (typeof CONDITIONS)[number];

/** Conditions that produce code from the prompt (one generation each). */
export const GENERATION_HINTS: Partial<Record<Condition, HintMode>> = {
  vanilla: "none",
  "self-hints": "self",
  "cwe-definition": "cwe-definition",
  contextual: "contextual",
};

/** What each condition needs to have run first for the same model and task. */
const PREREQUISITES: Record<Condition, Condition[]> = {
  vanilla: [],
  "self-hints": [],
  "cwe-definition": [],
  contextual: [],
  "repair-direct": ["vanilla"],
  "repair-explained": ["vanilla"],
  "iterative-repair": ["vanilla"],
  // Relevance is a property of the self-generated hints, so it is read from the self-hints rows.
  "hint-relevance": ["self-hints"],
  "hint-preciseness": ["self-hints"],
};

export function prerequisites(condition: Condition): readonly Condition[] {
  return PREREQUISITES[condition];
}

/**
 * The conditions to execute, with prerequisites added, in a fixed order (CONDITIONS order) so a
 * pipeline can run them one after the other. `hint-relevance` produces no rows of its own.
 */
export function expandConditions(requested: Condition[]): Condition[] {
  const wanted = new Set<Condition>();
  const add = (c: Condition): void => {
    if (wanted.has(c)) return;
    wanted.add(c);
    for (const p of PREREQUISITES[c]) add(p);
  };
  for (const c of requested) add(c);
  return CONDITIONS.filter((c) => wanted.has(c));
}

/** Conditions that write rows (hint-relevance is computed from self-hints rows). */
export function conditionWritesRows(condition: Condition): boolean {
  return condition !== "hint-relevance";
}

/** Upper bound of model calls per task for a condition (the cost estimate). */
export function maxCallsPerTask(condition: Condition, rounds: number): number {
  switch (condition) {
    case "vanilla":
    case "cwe-definition":
      return 1;
    case "self-hints":
    case "contextual":
      return 2;
    case "repair-direct":
      return 1;
    case "repair-explained":
      return 2;
    case "iterative-repair":
      return 2 * rounds;
    case "hint-relevance":
      return 0;
    case "hint-preciseness":
      return 1;
  }
}
