import { describe, expect, it } from "vitest";
import {
  assertConsent,
  ConsentRequiredError,
  isLoopbackHost,
  isLoopbackUrl,
} from "../../../server/src/llm/consent.js";
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  RetryExhaustedError,
  withRetry,
} from "../../../server/src/llm/retry.js";

describe("consent", () => {
  it("treats 127.0.0.0/8, ::1 and localhost as loopback, everything else as remote", () => {
    for (const host of [
      "127.0.0.1",
      "127.8.9.10",
      "::1",
      "[::1]",
      "localhost",
      "LOCALHOST",
      "::ffff:127.0.0.1",
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      "128.0.0.1",
      "10.0.0.5",
      "192.168.1.2",
      "api.openai.com",
      "localhost.evil.com",
      "::2",
      "0.0.0.0",
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
    expect(isLoopbackUrl("http://localhost:11434/v1")).toBe(true);
    expect(isLoopbackUrl("http://[::1]:8080/v1")).toBe(true);
    expect(isLoopbackUrl("https://myres.openai.azure.com/openai/v1")).toBe(false);
    expect(isLoopbackUrl("not a url")).toBe(false);
  });

  it("throws a ConsentRequiredError naming the setting, unless allowed", () => {
    expect(() => assertConsent("https://api.openai.com/v1", false)).toThrow(ConsentRequiredError);
    expect(() => assertConsent("https://api.openai.com/v1", false)).toThrow(
      /"seclsp\.llm\.allowRemote": true/,
    );
    expect(() => assertConsent("https://api.openai.com/v1", true)).not.toThrow();
    expect(() => assertConsent("http://127.0.0.1:1234/v1", false)).not.toThrow();
  });
});

describe("retry", () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 250 };

  it("backs off exponentially with full jitter, capped", () => {
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(2, policy, () => 1)).toBe(200);
    expect(backoffDelay(3, policy, () => 1)).toBe(250);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(125);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it("retries retryable failures up to maxAttempts and stops on others", async () => {
    const waits: number[] = [];
    let calls = 0;
    const exhausted = withRetry(
      async () => {
        calls++;
        throw new Error("flaky");
      },
      () => ({ retry: true }),
      policy,
      { sleep: async (ms) => void waits.push(ms), random: () => 1 },
    );
    await expect(exhausted).rejects.toBeInstanceOf(RetryExhaustedError);
    expect(calls).toBe(3);
    expect(waits).toEqual([100, 200]);

    calls = 0;
    const fatal = withRetry(
      async () => {
        calls++;
        throw new Error("bad request");
      },
      () => ({ retry: false }),
      policy,
    );
    await expect(fatal).rejects.toThrow("bad request");
    expect(calls).toBe(1);
  });

  it("waits at least retry-after, and refuses to wait longer than the cap", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new Error("429");
        return "ok";
      },
      () => ({ retry: true, retryAfterMs: 3_000 }),
      policy,
      { sleep: async (ms) => void waits.push(ms), random: () => 0 },
    );
    expect(result).toBe("ok");
    expect(waits).toEqual([3_000]);
    const tooLong = withRetry(
      async () => {
        throw new Error("429");
      },
      () => ({ retry: true, retryAfterMs: 3_600_000 }),
      policy,
    );
    await expect(tooLong).rejects.toMatchObject({ reason: "retry-after-too-long", attempts: 1 });
  });

  it("parses retry-after in seconds, milliseconds and HTTP dates", () => {
    const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
    expect(parseRetryAfter(headers({ "retry-after": "2" }))).toBe(2_000);
    expect(parseRetryAfter(headers({ "retry-after-ms": "150", "retry-after": "9" }))).toBe(150);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter(headers({ "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" }), now)).toBe(5_000);
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
