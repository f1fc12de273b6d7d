import type { RoleName } from "../config/schema.js";

export type { RoleName };

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** What one model call cost; workflows return these so the LSP can log and the bench can sum. */
export interface LlmCallRecord {
  role: RoleName;
  model: string;
  usage: TokenUsage;
  cached: boolean;
  latencyMs: number;
  /** HTTP attempts made (0 when answered from the cache). */
  attempts?: number;
  /** Distinct secrets replaced by placeholders before sending. */
  redactedSecrets?: number;
  /** Placeholders left in the reply: they sat in lines the model wrote, so no secret went there. */
  unrestoredSecrets?: number;
  /** The endpoint's finish_reason ("length" = the reply hit maxTokens and is cut off). */
  finishReason?: string;
  /** The maxTokens the call ran with (to explain a "length" cut-off). */
  maxTokens?: number;
}

export interface CompletionResult {
  text: string;
  call: LlmCallRecord;
}

/** One configured model (generator, explainer or judge). Implemented in llm/ over the openai package. */
export interface ChatModel {
  readonly role: RoleName;
  readonly model: string;
  complete(messages: ChatMessage[], options?: { signal?: AbortSignal }): Promise<CompletionResult>;
}

export interface ModelRoles {
  generator: ChatModel;
  explainer: ChatModel;
  judge: ChatModel;
}
