import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { LlmRoleConfig } from "../config/schema.js";
import { assertConsent, isLoopbackUrl } from "./consent.js";
import { LlmError, type LlmFailureKind, ReplayMissError, scrubSecret } from "./errors.js";
import { DEFAULT_MAX_REPLY_BYTES, guardedFetch, guardFailure } from "./guarded-fetch.js";
import { modelDispatchers } from "./proxy-dispatcher.js";
import { redactMessages, SecretRedactor } from "./redaction.js";
import { type CachedReply, cacheKey, type ResponseCache } from "./response-cache.js";
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  type RetryDecision,
  RetryExhaustedError,
  type RetryPolicy,
  withRetry,
} from "./retry.js";
import type { ChatMessage, ChatModel, CompletionResult, RoleName } from "./types.js";

/** Where the LLM layer reports retries and cache problems (never message contents or keys). */
export interface LlmLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
}

export interface ChatModelOptions {
  /** On-disk reply cache; undefined disables caching (replay then always misses). */
  cache?: ResponseCache;
  /** Answer only from the cache; a miss is a ReplayMissError, nothing is sent. */
  replay?: boolean;
  /** Allow non-loopback endpoints (seclsp.llm.allowRemote). */
  allowRemote?: boolean;
  logger?: LlmLogger;
  retry?: Partial<RetryPolicy>;
  /** Environment to read the API key from (tests inject one). */
  env?: NodeJS.ProcessEnv;
  /** Largest reply body read from the endpoint (default 1 MiB); more is an error, nothing applied. */
  maxReplyBytes?: number;
  /** seclsp.llm.caFile: extra CA (PEM) trusted for model endpoints and proxies. */
  caFile?: string;
  /** Override the retry sleep (tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Sent as the key to local servers that need none (Ollama, llama.cpp, LM Studio, vLLM). */
const KEYLESS_PLACEHOLDER = "sk-no-key-required";

/** One role's model over an OpenAI-compatible endpoint, with redaction, consent, cache and retry. */
export function createChatModel(
  role: RoleName,
  config: LlmRoleConfig,
  options: ChatModelOptions = {},
): ChatModel {
  return new OpenAIChatModel(role, config, options);
}

class OpenAIChatModel implements ChatModel {
  private client: OpenAI | undefined;
  private readonly policy: RetryPolicy;

  constructor(
    readonly role: RoleName,
    private readonly config: LlmRoleConfig,
    private readonly options: ChatModelOptions,
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  get model(): string {
    return this.config.model;
  }

  async complete(
    messages: ChatMessage[],
    callOptions: { signal?: AbortSignal } = {},
  ): Promise<CompletionResult> {
    const { signal } = callOptions;
    signal?.throwIfAborted();
    const started = performance.now();
    // Redact before anything else: the cache key, the cache file and the request see placeholders only.
    const { messages: outgoing, redactor } = await redactMessages(messages, new SecretRedactor());
    const key = cacheKey(this.config, outgoing);
    const record = (reply: CachedReply, cached: boolean, attempts: number): CompletionResult => {
      const text = redactor.restore(reply.text);
      const unrestored = redactor.stats.unrestored;
      return {
        text,
        call: {
          role: this.role,
          model: this.config.model,
          usage: reply.usage,
          cached,
          latencyMs: Math.round(performance.now() - started),
          attempts,
          redactedSecrets: redactor.stats.secrets,
          ...(unrestored > 0 ? { unrestoredSecrets: unrestored } : {}),
          ...(reply.finishReason ? { finishReason: reply.finishReason } : {}),
          maxTokens: this.config.maxTokens,
        },
      };
    };

    const hit = await this.options.cache?.get(key);
    // A cache entry over the reply limit (planted or from an older version) counts as a miss.
    if (hit && Buffer.byteLength(hit.text) <= this.maxReplyBytes) return record(hit, true, 0);
    if (this.options.replay) {
      throw new ReplayMissError(
        `replay mode: no cached reply for the ${this.role} model (${this.config.model}) request ${key.slice(0, 12)}; ` +
          `run once without replay to record it${this.options.cache ? ` (cache: ${this.options.cache.dir})` : " (no cache directory configured)"}`,
        key,
      );
    }
    assertConsent(this.config.baseURL, this.options.allowRemote ?? false);
    const apiKey = this.apiKey();

    let attempts = 0;
    const fetchReply = async (requestSignal: AbortSignal | undefined): Promise<CachedReply> => {
      let reply: CachedReply;
      try {
        reply = await withRetry(
          async () => {
            attempts++;
            return this.request(outgoing, apiKey, requestSignal);
          },
          classifyFailure,
          this.policy,
          {
            signal: requestSignal,
            sleep: this.options.sleep,
            onRetry: (attempt, waitMs, error) =>
              this.options.logger?.warn?.(
                `${this.role} model: attempt ${attempt} failed (${scrubSecret(describe(error), apiKey)}); retrying in ${waitMs} ms`,
              ),
          },
        );
      } catch (error) {
        throw this.toLlmError(error, attempts, apiKey, requestSignal);
      }
      await this.options.cache
        ?.put(key, { ...cacheKeyConfig(this.config), messages: outgoing }, reply)
        .catch((error: unknown) => this.options.logger?.warn?.(`llm cache write failed: ${describe(error)}`));
      return reply;
    };

    const cache = this.options.cache;
    if (!cache) return record(await fetchReply(signal), false, attempts);
    // With a cache, identical concurrent requests share one call; a joiner costs nothing (cached).
    const shared = cache.inflight.run(key, signal, fetchReply);
    const reply = await shared.promise;
    return shared.joined ? record(reply, true, 0) : record(reply, false, attempts);
  }

  private get maxReplyBytes(): number {
    return this.options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  }

  private apiKey(): string {
    const value = (this.options.env ?? process.env)[this.config.apiKeyEnv];
    if (value && value.trim() !== "") return value.trim();
    if (isLoopbackUrl(this.config.baseURL)) return KEYLESS_PLACEHOLDER;
    throw new LlmError(
      "missing-key",
      `the ${this.role} model endpoint ${displayUrl(this.config.baseURL)} needs an API key: set the environment variable ${this.config.apiKeyEnv} (seclsp.llm.${this.role}.apiKeyEnv names it) before starting seclsp`,
    );
  }

  private getClient(apiKey: string): OpenAI {
    if (this.client) return this.client;
    const url = new URL(this.config.baseURL);
    // Azure's classic API wants ?api-version=... on every call and an api-key header.
    const defaultQuery = Object.fromEntries(url.searchParams.entries());
    url.search = "";
    const azure =
      url.hostname.endsWith(".openai.azure.com") || url.hostname.endsWith(".cognitiveservices.azure.com");
    this.client = new OpenAI({
      baseURL: url.toString().replace(/\/+$/, ""),
      apiKey,
      timeout: this.config.timeoutMs,
      maxRetries: 0,
      // Consent per request, no redirects, bounded replies, proxy/CA from env + caFile (see guarded-fetch.ts).
      fetch: guardedFetch({
        allowRemote: this.options.allowRemote ?? false,
        maxReplyBytes: this.maxReplyBytes,
        dispatchers: modelDispatchers({ env: this.options.env ?? process.env, caFile: this.options.caFile }),
      }),
      ...(Object.keys(defaultQuery).length > 0 ? { defaultQuery } : {}),
      ...(azure ? { defaultHeaders: { "api-key": apiKey } } : {}),
    });
    return this.client;
  }

  private async request(messages: ChatMessage[], apiKey: string, signal?: AbortSignal): Promise<CachedReply> {
    const response = await this.getClient(apiKey).chat.completions.create(
      {
        model: this.config.model,
        messages,
        temperature: this.config.temperature,
        max_tokens: this.config.maxTokens,
      },
      { signal, timeout: this.config.timeoutMs },
    );
    // Compatible servers differ; check the shape instead of trusting the type.
    const choice = Array.isArray(response?.choices) ? response.choices[0] : undefined;
    const content: unknown = choice?.message?.content;
    if (typeof content !== "string") {
      throw new LlmError("bad-response", "the endpoint's reply has no choices[0].message.content");
    }
    const finishReason = typeof choice?.finish_reason === "string" ? choice.finish_reason : undefined;
    return {
      text: content,
      ...(finishReason ? { finishReason } : {}),
      usage: {
        promptTokens: Number(response.usage?.prompt_tokens ?? 0),
        completionTokens: Number(response.usage?.completion_tokens ?? 0),
      },
    };
  }

  private toLlmError(error: unknown, attempts: number, apiKey: string, signal?: AbortSignal): unknown {
    if (signal?.aborted) return signal.reason;
    if (error instanceof APIUserAbortError) return error;
    const guard = guardFailure(error);
    if (guard && !(guard instanceof LlmError)) return guard; // consent: propagates as itself
    const exhausted = error instanceof RetryExhaustedError ? error : undefined;
    const cause = exhausted ? exhausted.lastError : error;
    const kind = failureKind(cause);
    const where = `${this.role} model ${this.config.model} at ${displayUrl(this.config.baseURL)}`;
    let detail = describe(cause);
    if (exhausted?.reason === "retry-after-too-long")
      detail += " (the server asked to wait longer than seclsp waits)";
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    return new LlmError(kind, scrubSecret(`${where} failed${tries}: ${detail}`, apiKey), attempts);
  }
}

function cacheKeyConfig(config: LlmRoleConfig) {
  return {
    baseURL: config.baseURL,
    model: config.model,
    temperature: config.temperature,
    maxTokens: config.maxTokens,
  };
}

/** Retry transient failures only: timeouts, dropped connections, 408/429/5xx. */
export function classifyFailure(error: unknown): RetryDecision {
  if (error instanceof APIUserAbortError) return { retry: false };
  // Redirects, oversized replies and consent are answers, not glitches: asking again changes nothing.
  if (guardFailure(error)) return { retry: false };
  if (error instanceof APIConnectionError) return { retry: true };
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    if (status === 429 || status === 408 || status >= 500) {
      return { retry: true, retryAfterMs: parseRetryAfter(error.headers as Headers | undefined) };
    }
    return { retry: false };
  }
  if (isBodyTransportError(error)) return { retry: true };
  return { retry: false };
}

function failureKind(error: unknown): LlmFailureKind {
  const guard = guardFailure(error);
  if (guard instanceof LlmError) return guard.kind;
  if (error instanceof LlmError) return error.kind;
  if (error instanceof APIConnectionTimeoutError) return "timeout";
  if (error instanceof APIConnectionError) return "connection";
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    if (status === 429) return "rate-limit";
    if (status === 408) return "timeout";
    if (status >= 500) return "server";
    return "http";
  }
  if (isBodyTransportError(error)) return "connection";
  if (error instanceof SyntaxError) return "bad-response";
  return "bad-response";
}

/** Body read failures after the headers arrived (undici's "terminated", resets). */
function isBodyTransportError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return (
    error.message === "terminated" ||
    (typeof code === "string" && /^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/.test(code))
  );
}

function describe(error: unknown): string {
  const guard = guardFailure(error);
  if (guard) return guard.message;
  if (error instanceof APIConnectionTimeoutError) return "request timed out";
  if (error instanceof APIError && error.status !== undefined)
    return `HTTP ${error.status}: ${error.message}`;
  if (error instanceof SyntaxError) return `the endpoint returned malformed JSON (${error.message})`;
  if (error instanceof Error)
    return error.message === "terminated" ? "the connection closed mid-reply" : error.message;
  return String(error);
}

/** The URL without credentials or query (which may hold keys). */
export function displayUrl(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString().replace(/\/+$/, "");
  } catch {
    return "<invalid baseURL>";
  }
}
