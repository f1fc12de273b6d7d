/**
 * Errors the LLM layer throws. Each carries a message a user can act on; none ever contains an
 * API key (messages from the endpoint pass through `scrubSecret` first).
 */

/** Why a model call failed, so callers (LSP, bench) can decide what to show or whether to skip. */
export type LlmFailureKind =
  | "timeout"
  | "rate-limit"
  | "server"
  | "connection"
  | "bad-response"
  | "http"
  | "missing-key"
  | "redirect"
  | "reply-too-large"
  | "replay-miss";

export class LlmError extends Error {
  override readonly name: string = "LlmError";
  constructor(
    readonly kind: LlmFailureKind,
    message: string,
    /** How many HTTP attempts were made before giving up (0 for cache/replay failures). */
    readonly attempts = 0,
  ) {
    super(message);
  }
}

/** Replay mode was asked for a reply the cache does not hold. */
export class ReplayMissError extends LlmError {
  override readonly name = "ReplayMissError";
  constructor(
    message: string,
    readonly cacheKey: string,
  ) {
    super("replay-miss", message);
  }
}

/** Replace every occurrence of `secret` (when non-trivial) so it can never reach a log or a UI. */
export function scrubSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join("***");
}
