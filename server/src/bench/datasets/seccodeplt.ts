import { normalizeCwe } from "../../analysis/cwe.js";
import type { BenchTask } from "../bench-task.js";
import { referenceCodeFromRow, testableTaskFromRow } from "../unit-tests/seccodeplt-tests.js";

/** True when a parsed JSONL row looks like SecCodePLT (`CWE_ID`, `task_description`). */
export function isSecCodePltRow(row: Record<string, unknown>): boolean {
  return "CWE_ID" in row && "task_description" in row;
}

interface TaskDescription {
  function_name: string;
  description: string;
  context?: string;
  arguments?: string;
  return?: string;
  raise?: string;
}

/**
 * SecCodePLT row → task. The vanilla prompt is built from `task_description` in the style of the
 * paper's Figure 2 (function name, description, context, arguments, return, raise) and
 * deliberately leaves out `security_policy`, which would be a hint. The unit-test setup code
 * (imports, globals the function may use) is included because the task cannot be solved without it.
 */
export function secCodePltTask(
  row: Record<string, unknown>,
  origin: { file: string; line: number; dataset: string },
): BenchTask {
  const cweRaw = row.CWE_ID;
  if (typeof cweRaw !== "string" && typeof cweRaw !== "number") throw new Error("field CWE_ID is missing");
  const targetCwe = normalizeCwe(cweRaw);
  if (!targetCwe) throw new Error(`CWE_ID "${String(cweRaw)}" is not a CWE number`);
  const description = readDescription(row.task_description);
  const index = row.index;
  const suffix =
    typeof index === "number" || typeof index === "string" ? String(index) : `line${origin.line}`;
  const setup = readSetup(row.unittest);
  return {
    id: `${targetCwe}_${description.function_name}_${suffix}`,
    prompt: vanillaPrompt(description, setup),
    targetCwe,
    functionName: description.function_name,
    dataset: origin.dataset,
    format: "seccodeplt",
    origin: { file: origin.file, line: origin.line },
    tests: testableTaskFromRow(row),
    reference: referenceCodeFromRow(row),
  };
}

function readDescription(value: unknown): TaskDescription {
  if (typeof value !== "object" || value === null)
    throw new Error("field task_description must be an object");
  const d = value as Record<string, unknown>;
  for (const key of ["function_name", "description"] as const) {
    if (typeof d[key] !== "string" || (d[key] as string).trim() === "") {
      throw new Error(`field task_description.${key} must be a non-empty string`);
    }
  }
  const text = (key: string): string | undefined =>
    typeof d[key] === "string" ? (d[key] as string) : undefined;
  return {
    function_name: (d.function_name as string).trim(),
    description: d.description as string,
    context: text("context"),
    arguments: text("arguments"),
    return: text("return"),
    raise: text("raise"),
  };
}

function readSetup(value: unknown): string {
  if (typeof value !== "object" || value === null) return "";
  const setup = (value as Record<string, unknown>).setup;
  return typeof setup === "string" ? setup.trim() : "";
}

/** Paper Fig. 2 style; "None" sections are omitted. */
export function vanillaPrompt(d: TaskDescription, setup: string): string {
  const section = (title: string, body: string | undefined): string[] =>
    body && body.trim() !== "" && body.trim() !== "None" ? [`${title}:`, body.trim(), ""] : [];
  const lines = [
    `Function Name: ${d.function_name}`,
    "",
    ...section("Description", d.description),
    ...section("Context (global variables and imported packages)", d.context),
    ...section("Arguments", d.arguments),
    ...section("Return", d.return),
    ...section("Raise", d.raise),
  ];
  if (setup !== "") lines.push("Setup code:", "```python", setup, "```", "");
  lines.push(`Implement the Python function ${d.function_name} as described above.`);
  return lines.join("\n");
}
