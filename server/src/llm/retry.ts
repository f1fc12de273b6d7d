/**
 * Bounded retry with exponential backoff and full jitter. The openai client runs with
 * maxRetries: 0 so this is the only retry loop: one place that honours retry-after, stops on
 * abort, and counts attempts for the call record.
 */

export interface RetryPolicy {
  /** Total attempts including the first (default 4). */
  maxAttempts: number;
  /** First backoff step (default 500 ms); doubles each attempt. */
  baseDelayMs: number;
  /** Cap for one backoff wait (default 20 s). */
  maxDelayMs: number;
  /** A server asking to wait longer than this is not waited for: the call fails (default 60 s). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/** What the classifier says about one failure. */
export interface RetryDecision {
  retry: boolean;
  /** Server-requested wait (retry-after), when given. */
  retryAfterMs?: number;
}

export interface RetryHooks {
  signal?: AbortSignal;
  /** Injectable for tests. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (attempt: number, waitMs: number, error: unknown) => void;
}

export class RetryExhaustedError extends Error {
  override readonly name = "RetryExhaustedError";
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
    readonly reason: "attempts" | "retry-after-too-long",
  ) {
    super(lastError instanceof Error ? lastError.message : String(lastError));
  }
}

/** Backoff before attempt `attempt + 1` (attempt is 1-based): full jitter in [0, min(cap, base·2^(n-1))]. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random());
}

/**
 * Run `operation` until it succeeds, the classifier says stop, attempts run out, or the
 * signal aborts. Non-retryable errors are rethrown as they are; exhausted retries throw
 * RetryExhaustedError wrapping the last error.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  classify: (error: unknown) => RetryDecision,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    hooks.signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      if (hooks.signal?.aborted) throw hooks.signal.reason;
      const decision = classify(error);
      if (!decision.retry) throw error;
      if (attempt >= policy.maxAttempts) throw new RetryExhaustedError(error, attempt, "attempts");
      if (decision.retryAfterMs !== undefined && decision.retryAfterMs > policy.maxRetryAfterMs) {
        throw new RetryExhaustedError(error, attempt, "retry-after-too-long");
      }
      const jittered = backoffDelay(attempt, policy, hooks.random);
      const waitMs =
        decision.retryAfterMs !== undefined ? Math.max(decision.retryAfterMs, jittered) : jittered;
      hooks.onRetry?.(attempt, waitMs, error);
      await sleep(waitMs, hooks.signal);
    }
  }
}

/** Parse retry-after-ms / retry-after (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
