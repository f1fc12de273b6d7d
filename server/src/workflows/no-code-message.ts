import type { NoCodeError } from "../llm/extract-code.js";
import type { LlmCallRecord } from "../llm/types.js";

/** "model returned no code", plus the likely cause when the reply was cut off at maxTokens. */
export function noCodeMessage(error: NoCodeError, call: LlmCallRecord | undefined): string {
  if (call?.finishReason !== "length") return error.message;
  const limit = call.maxTokens !== undefined ? `maxTokens=${call.maxTokens}` : "maxTokens";
  return `${error.message}; the reply was cut off at ${limit}: raise seclsp.llm.${call.role}.maxTokens`;
}
