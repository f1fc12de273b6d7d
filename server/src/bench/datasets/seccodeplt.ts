import { normalizeCwe } from "../../analysis/cwe.js";
import type { DescribedTask } from "../../workflows/prompts/task-spec.js";
import { describedTaskText } from "../../workflows/prompts/task-statement.js";
import type { BenchTask } from "../bench-task.js";
import { referenceCodeFromRow, testableTaskFromRow } from "../unit-tests/seccodeplt-tests.js";

/** True when a parsed JSONL row looks like SecCodePLT (`CWE_ID`, `task_description`). */
export function isSecCodePltRow(row: Record<string, unknown>): boolean {
  return "CWE_ID" in row && "task_description" in row;
}

/**
 * SecCodePLT row → task with explicit fields (workflows/prompts/task-spec.ts): function name,
 * description, context, arguments, return, raise from `task_description` — deliberately not
 * `security_policy`, which would be a hint — plus the unit-test setup code (imports, globals the
 * function may use: the task cannot be solved without it) and the reference `def` header.
 */
export function secCodePltTask(
  row: Record<string, unknown>,
  origin: { file: string; line: number; dataset: string },
): BenchTask {
  const cweRaw = row.CWE_ID;
  if (typeof cweRaw !== "string" && typeof cweRaw !== "number") throw new Error("field CWE_ID is missing");
  const targetCwe = normalizeCwe(cweRaw);
  if (!targetCwe) throw new Error(`CWE_ID "${String(cweRaw)}" is not a CWE number`);
  const spec = describedTask(row);
  const index = row.index;
  const suffix =
    typeof index === "number" || typeof index === "string" ? String(index) : `line${origin.line}`;
  return {
    id: `${targetCwe}_${spec.functionName}_${suffix}`,
    prompt: describedTaskText(spec),
    spec,
    targetCwe,
    functionName: spec.functionName,
    dataset: origin.dataset,
    format: "seccodeplt",
    origin: { file: origin.file, line: origin.line },
    tests: testableTaskFromRow(row),
    reference: referenceCodeFromRow(row),
  };
}

function describedTask(row: Record<string, unknown>): DescribedTask {
  const value = row.task_description;
  if (typeof value !== "object" || value === null)
    throw new Error("field task_description must be an object");
  const d = value as Record<string, unknown>;
  for (const key of ["function_name", "description"] as const) {
    if (typeof d[key] !== "string" || (d[key] as string).trim() === "") {
      throw new Error(`field task_description.${key} must be a non-empty string`);
    }
  }
  const functionName = (d.function_name as string).trim();
  const optional = (key: string): string | undefined => (typeof d[key] === "string" ? d[key] : undefined);
  const fields: Omit<DescribedTask, "kind" | "functionName" | "description"> = {
    context: optional("context"),
    arguments: optional("arguments"),
    returns: optional("return"),
    raises: optional("raise"),
    setup: field(row.unittest, "setup"),
    signature: defHeader(field(row.ground_truth, "code_before"), functionName),
  };
  const present = Object.entries(fields).filter(([, v]) => v !== undefined && v.trim() !== "");
  return {
    kind: "described",
    functionName,
    description: d.description as string,
    ...Object.fromEntries(present),
  };
}

function field(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const text = (value as Record<string, unknown>)[key];
  return typeof text === "string" ? text : undefined;
}

/** `def name(...) -> T:` of the reference code (parameters may span lines), without the body. */
function defHeader(code: string | undefined, functionName: string): string | undefined {
  if (!code) return undefined;
  const name = functionName.replace(/[^A-Za-z0-9_]/g, "");
  if (name === "") return undefined;
  // Lazy up to the first ")" that ends the header, so defaults like `x=f()` are kept whole.
  const header = new RegExp(
    `^[ \\t]*(?:async[ \\t]+)?def[ \\t]+${name}[ \\t]*\\([\\s\\S]*?\\)[ \\t]*(?:->[^\\n:]*)?:[ \\t]*$`,
    "m",
  );
  return header.exec(code)?.[0].trim();
}
