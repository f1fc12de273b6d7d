import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { LlmRoleConfig } from "../config/schema.js";
import { writePrivateFile } from "../files/private-file.js";
import { ensurePrivateDir, userCacheSubdir } from "../files/user-cache-dir.js";
import { DEFAULT_MAX_REPLY_BYTES } from "./guarded-fetch.js";
import { InflightRequests } from "./shared-request.js";
import type { ChatMessage, TokenUsage } from "./types.js";

/**
 * Content-addressed on-disk cache of model replies: one JSON file per request, named by the
 * sha256 of what determines the answer (endpoint, model, sampling settings, messages after
 * redaction). Re-runs of the bench or a repeated editor action cost nothing; replay mode reads
 * only from here. Secrets never reach the cache: keys and entries hold redacted text.
 */

const CACHE_FORMAT = "seclsp-llm-cache/1";

/** What of a role's settings changes the reply (timeouts and the key's env var name do not). */
export type CacheKeyConfig = Pick<LlmRoleConfig, "baseURL" | "model" | "temperature" | "maxTokens">;

export interface CachedReply {
  text: string;
  usage: TokenUsage;
  /** "stop", "length" (hit maxTokens), … when the endpoint said. */
  finishReason?: string;
}

interface CacheEntry {
  format: string;
  key: string;
  request: CacheKeyConfig & { messages: ChatMessage[] };
  response: CachedReply;
  createdAt: string;
}

/** `llm.cacheDir`, else $XDG_CACHE_HOME/seclsp/llm, else ~/.cache/seclsp/llm. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return userCacheSubdir("llm", env);
}

/** An entry holds one reply (capped at 1 MiB) plus the redacted request; bigger files are not ours. */
const MAX_ENTRY_BYTES = 16 * DEFAULT_MAX_REPLY_BYTES;

export function cacheKey(config: CacheKeyConfig, messages: ChatMessage[]): string {
  const canonical = JSON.stringify({
    format: CACHE_FORMAT,
    baseURL: config.baseURL.replace(/\/+$/, ""),
    model: config.model,
    temperature: config.temperature,
    maxTokens: config.maxTokens,
    messages: messages.map((m) => [m.role, m.content]),
  });
  return createHash("sha256").update(canonical).digest("hex");
}

export class ResponseCache {
  /** Per directory, so caches built per command (the LSP) still share calls in flight. */
  private static readonly inflightByDir = new Map<string, InflightRequests<CachedReply>>();

  /** Identical requests running at the same time share one call (see shared-request.ts). */
  readonly inflight: InflightRequests<CachedReply>;

  constructor(readonly dir: string) {
    const key = resolve(dir);
    let shared = ResponseCache.inflightByDir.get(key);
    if (!shared) {
      shared = new InflightRequests<CachedReply>();
      ResponseCache.inflightByDir.set(key, shared);
    }
    this.inflight = shared;
  }

  pathFor(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The cached reply, or undefined on a miss or an unreadable/corrupt entry. */
  async get(key: string): Promise<CachedReply | undefined> {
    let raw: string;
    try {
      const file = this.pathFor(key);
      if ((await stat(file)).size > MAX_ENTRY_BYTES) return undefined;
      raw = await readFile(file, "utf8");
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(raw) as Partial<CacheEntry>;
      const response = entry.response;
      if (entry.format !== CACHE_FORMAT || entry.key !== key || typeof response?.text !== "string")
        return undefined;
      return {
        text: response.text,
        ...(typeof response.finishReason === "string" ? { finishReason: response.finishReason } : {}),
        usage: {
          promptTokens: Number(response.usage?.promptTokens ?? 0),
          completionTokens: Number(response.usage?.completionTokens ?? 0),
        },
      };
    } catch {
      return undefined;
    }
  }

  /**
   * Atomic, private write: directories 0700 and entries 0600 (they hold the user's code),
   * created exclusively under a random name and renamed into place (see writePrivateFile).
   */
  async put(key: string, request: CacheEntry["request"], response: CachedReply): Promise<void> {
    const entry: CacheEntry = {
      format: CACHE_FORMAT,
      key,
      request,
      response,
      createdAt: new Date().toISOString(),
    };
    await ensurePrivateDir(this.dir);
    await writePrivateFile(
      join(this.dir, key.slice(0, 2)),
      `${key}.json`,
      `${JSON.stringify(entry, null, 2)}\n`,
    );
  }
}
