import type { GenerationTask } from "../types.js";
import { promptIsCode } from "./output-format.js";

/**
 * What a coding task is made of, field by field, so the prompt builders assemble their bytes
 * from fields and never guess by pattern-matching a concatenation (a SecCodePLT description
 * followed by setup `import` lines is prose, not code to complete).
 */
export type TaskSpec = StubTask | DescribedTask | ProseTask;

/** Code to complete: a function stub with its docstring (SecurityEval's `Prompt`, an editor stub). */
export interface StubTask {
  kind: "stub";
  code: string;
}

/** A function described in prose, section by section (SecCodePLT's `task_description` + setup). */
export interface DescribedTask {
  kind: "described";
  functionName: string;
  description: string;
  /** Global variables and imported packages the function may use. */
  context?: string;
  arguments?: string;
  returns?: string;
  raises?: string;
  /** Code that runs before the function (imports, globals), shown as code. */
  setup?: string;
  /**
   * The function's `def` header of the reference solution: used only to check that the model
   * kept the parameters (the tests call it by keyword), never shown to the model.
   */
  signature?: string;
}

/** A free-text request (an editor selection). */
export interface ProseTask {
  kind: "prose";
  text: string;
}

/** A task as the prompt builders take it: dataset tasks carry `spec`; editor tasks may not. */
export type PromptTask = GenerationTask & { spec?: TaskSpec };

/**
 * The task's fields: `spec` when the caller knows them (datasets), else the editor's prompt
 * classified as a stub when it starts like code, as prose otherwise.
 */
export function taskSpec(task: PromptTask): TaskSpec {
  if (task.spec) return task.spec;
  return promptIsCode(task.prompt)
    ? { kind: "stub", code: task.prompt }
    : { kind: "prose", text: task.prompt };
}

/** Code whose function signatures the generated code must keep, when the task has any. */
export function signatureReference(spec: TaskSpec): string | undefined {
  if (spec.kind === "stub") return spec.code;
  if (spec.kind === "described" && spec.signature) return `${spec.signature}\n    ...\n`;
  return undefined;
}
