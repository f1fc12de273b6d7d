import { normalizeCwe } from "../../analysis/cwe.js";
import type { BenchTask } from "../bench-task.js";

/** True when a parsed JSONL row looks like SecurityEval (`ID`, `Prompt`). */
export function isSecurityEvalRow(row: Record<string, unknown>): boolean {
  return "ID" in row && "Prompt" in row;
}

/**
 * SecurityEval row → task. `ID` is `CWE-020_author_1.py`: the prefix is the target CWE.
 * The prompt is the code stub with its docstring, used as is (paper Fig. 2).
 * Throws with a message naming the bad field; the loader adds file:line.
 */
export function securityEvalTask(
  row: Record<string, unknown>,
  origin: { file: string; line: number; dataset: string },
): BenchTask {
  const id = row.ID;
  const prompt = row.Prompt;
  if (typeof id !== "string" || id.trim() === "") throw new Error("field ID must be a non-empty string");
  if (typeof prompt !== "string" || prompt.trim() === "") {
    throw new Error("field Prompt must be a non-empty string");
  }
  const cweMatch = /^(CWE-\d+)/i.exec(id.trim());
  const targetCwe = cweMatch ? normalizeCwe(cweMatch[1]!) : undefined;
  if (!targetCwe) throw new Error(`ID "${id}" does not start with a CWE id like CWE-089_`);
  return {
    id: id.trim(),
    prompt,
    spec: { kind: "stub", code: prompt },
    targetCwe,
    functionName: lastFunctionName(prompt),
    dataset: origin.dataset,
    format: "securityeval",
    origin: { file: origin.file, line: origin.line },
  };
}

/** The stub's function to complete is the last `def` in the prompt (helpers come first). */
function lastFunctionName(code: string): string | undefined {
  const names = [...code.matchAll(/^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/gm)].map((m) => m[1]!);
  return names.at(-1);
}
