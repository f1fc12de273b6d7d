import type { SeclspConfig } from "../config/schema.js";
import { ConsentRequiredError } from "../llm/consent.js";
import { LlmError } from "../llm/errors.js";
import { NoCodeError } from "../llm/extract-code.js";
import { createModelRoles, type ModelRolesOptions } from "../llm/model-roles.js";
import type { LlmCallRecord } from "../llm/types.js";
import type { AnalyzeCode, WorkflowContext } from "./types.js";

/**
 * Everything an editor front end (lsp/) needs from the LLM layer to run a workflow, so that it
 * reaches llm/ only through workflows/: the context (model roles built from the settings), a
 * message for every failure kind, and a usage summary for the log.
 */

export type { LlmCallRecord };

export interface EditorWorkflowOptions {
  analyze: AnalyzeCode;
  signal: AbortSignal;
  onProgress?: (message: string) => void;
  logger?: ModelRolesOptions["logger"];
}

/** A WorkflowContext with the generator/explainer/judge the settings describe. */
export function createWorkflowContext(config: SeclspConfig, options: EditorWorkflowOptions): WorkflowContext {
  return {
    models: createModelRoles(config, options.logger ? { logger: options.logger } : {}),
    analyze: options.analyze,
    signal: options.signal,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
}

/** A message the user can act on (consent: exactly what to set; timeouts, 429 …: what happened). */
export function describeWorkflowError(error: unknown): string {
  if (error instanceof ConsentRequiredError) return error.message;
  if (error instanceof LlmError) return `${error.message} (${error.kind})`;
  if (error instanceof NoCodeError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Model usage of a run, for the log (never message contents). */
export function describeCalls(calls: readonly LlmCallRecord[]): string {
  const tokens = calls.reduce((sum, c) => sum + c.usage.promptTokens + c.usage.completionTokens, 0);
  const cached = calls.filter((c) => c.cached).length;
  return `${calls.length} model call(s), ${tokens} tokens, ${cached} from cache`;
}
