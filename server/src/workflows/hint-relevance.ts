import { normalizeCwe } from "../analysis/cwe.js";
import type { Hint } from "./types.js";

/** Hint relevance — paper §5.2: do the top-5 hints include the task's target CWE? */
export function hintRelevance(hints: Hint[], targetCwe: string): boolean {
  const target = normalizeCwe(targetCwe);
  if (!target) return false;
  return hints.slice(0, 5).some((hint) => normalizeCwe(hint.cwe) === target);
}
