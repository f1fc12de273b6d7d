import pLimit, { type LimitFunction } from "p-limit";
import type { LlmRoleConfig } from "../config/schema.js";
import { createChatModel } from "../llm/chat-model.js";
import { ResponseCache } from "../llm/response-cache.js";
import type { ChatMessage, ChatModel, CompletionResult, RoleName } from "../llm/types.js";

/** Builds one role's model; the default is the real OpenAI-compatible client with the run's cache. */
export type ModelFactory = (role: RoleName, config: LlmRoleConfig) => ChatModel;

export interface ModelFactoryOptions {
  cacheDir: string;
  replay: boolean;
  allowRemote: boolean;
  warn?: (message: string) => void;
}

export function defaultModelFactory(options: ModelFactoryOptions): ModelFactory {
  const cache = new ResponseCache(options.cacheDir);
  return (role, config) =>
    createChatModel(role, config, {
      cache,
      replay: options.replay,
      allowRemote: options.allowRemote,
      logger: { warn: options.warn },
    });
}

/** Running totals for the progress bar. */
export interface CallStats {
  calls: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
}

/**
 * Shares one concurrency limit per endpoint (baseURL) among all models that use it, and counts
 * calls, cache hits and tokens. Retries on 429/5xx happen inside the model (llm/retry.ts) while
 * holding the slot, so a rate-limited endpoint slows down instead of being flooded.
 */
export class EndpointLimiter {
  readonly stats: CallStats = { calls: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0 };
  private readonly limits = new Map<string, LimitFunction>();

  constructor(private readonly perEndpoint: number) {}

  wrap(model: ChatModel, baseURL: string): ChatModel {
    const endpoint = baseURL.replace(/\/+$/, "");
    let limit = this.limits.get(endpoint);
    if (!limit) {
      limit = pLimit(this.perEndpoint);
      this.limits.set(endpoint, limit);
    }
    const run = limit;
    const stats = this.stats;
    return {
      role: model.role,
      model: model.model,
      async complete(messages: ChatMessage[], options?: { signal?: AbortSignal }): Promise<CompletionResult> {
        const result = await run(() => model.complete(messages, options));
        stats.calls++;
        if (result.call.cached) stats.cacheHits++;
        stats.promptTokens += result.call.usage.promptTokens;
        stats.completionTokens += result.call.usage.completionTokens;
        return result;
      },
    };
  }
}
