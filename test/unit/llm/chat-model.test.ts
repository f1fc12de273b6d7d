import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configSchema, type LlmRoleConfig } from "../../../server/src/config/schema.js";
import { type ChatModelOptions, createChatModel } from "../../../server/src/llm/chat-model.js";
import { ConsentRequiredError } from "../../../server/src/llm/consent.js";
import { LlmError, ReplayMissError } from "../../../server/src/llm/errors.js";
import { createModelRoles } from "../../../server/src/llm/model-roles.js";
import { ResponseCache } from "../../../server/src/llm/response-cache.js";
import { type FakeOpenAIServer, startFakeOpenAI } from "../../fakes/openai-server.js";

let server: FakeOpenAIServer;
let cacheDir: string;
const sleeps: number[] = [];
const instantSleep = async (ms: number) => {
  sleeps.push(ms);
};

beforeEach(async () => {
  server = await startFakeOpenAI();
  cacheDir = await mkdtemp(join(tmpdir(), "seclsp-llm-"));
  sleeps.length = 0;
});
afterEach(async () => {
  await server.close();
  await rm(cacheDir, { recursive: true, force: true });
});

/** A reply gate that never opens: the request hangs until the client gives up or the server closes. */
const never = new Promise<void>(() => {});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function role(overrides: Partial<LlmRoleConfig> = {}): LlmRoleConfig {
  return {
    baseURL: server.baseURL,
    model: "fake-coder",
    apiKeyEnv: "FAKE_KEY",
    temperature: 0,
    maxTokens: 256,
    // Generous: on a starved 2-core machine a loopback reply can take seconds (timeouts are tested separately).
    timeoutMs: 120_000,
    ...overrides,
  };
}

function model(overrides: Partial<LlmRoleConfig> = {}, options: ChatModelOptions = {}) {
  return createChatModel("generator", role(overrides), {
    env: { FAKE_KEY: "sk-test-key-0123456789abcdefghij" },
    sleep: instantSleep,
    ...options,
  });
}

const ask = [{ role: "user" as const, content: "Write add(a, b)." }];

describe("createChatModel", () => {
  it("sends model, settings, messages and the bearer key; records usage", async () => {
    server.enqueue({
      content: "def add(a, b):\n    return a + b\n",
      usage: { prompt_tokens: 42, completion_tokens: 9 },
    });
    const result = await model().complete(ask);
    expect(result.text).toBe("def add(a, b):\n    return a + b\n");
    expect(result.call).toMatchObject({ role: "generator", model: "fake-coder", cached: false, attempts: 1 });
    expect(result.call.usage).toEqual({ promptTokens: 42, completionTokens: 9 });
    const sent = server.requests[0];
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(sent?.headers.authorization).toBe("Bearer sk-test-key-0123456789abcdefghij");
    expect(sent?.body).toMatchObject({ model: "fake-coder", temperature: 0, max_tokens: 256, messages: ask });
  });

  it("uses a dummy key for keyless local servers and refuses a remote endpoint without one", async () => {
    server.enqueue({ content: "ok" });
    await createChatModel("judge", role(), { env: {} }).complete(ask);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-no-key-required");
    const remote = createChatModel("judge", role({ baseURL: "https://api.openai.com/v1" }), {
      env: {},
      allowRemote: true,
    });
    await expect(remote.complete(ask)).rejects.toThrow(/set the environment variable FAKE_KEY/);
  });

  it("keeps query parameters of the baseURL on every request (Azure api-version)", async () => {
    server.enqueue({ content: "ok" });
    await model({ baseURL: `${server.baseURL}?api-version=2024-10-21` }).complete(ask);
    expect(server.requests[0]?.path).toBe("/v1/chat/completions?api-version=2024-10-21");
  });

  it("answers a repeated request from the disk cache without a second request", async () => {
    server.enqueue({ content: "first" });
    const cache = new ResponseCache(cacheDir);
    const first = await model({}, { cache }).complete(ask);
    const second = await model({}, { cache }).complete(ask);
    expect(first.text).toBe("first");
    expect(second.text).toBe("first");
    expect(second.call.cached).toBe(true);
    expect(server.requests).toHaveLength(1);
    // A different timeout is the same request; a different temperature is not.
    await model({ timeoutMs: 9_999 }, { cache }).complete(ask);
    expect(server.requests).toHaveLength(1);
    server.enqueue({ content: "warmer" });
    expect((await model({ temperature: 0.7 }, { cache }).complete(ask)).text).toBe("warmer");
    expect(server.requests).toHaveLength(2);
    const shards = await readdir(cacheDir);
    const files = (await Promise.all(shards.map((d) => readdir(join(cacheDir, d))))).flat();
    expect(files.filter((f) => f.endsWith(".json"))).toHaveLength(2);
    expect(files.some((f) => f.endsWith(".tmp"))).toBe(false);
  });

  it("shares one call between identical concurrent requests; one caller cancelling does not cancel the other", async () => {
    const cache = new ResponseCache(cacheDir);
    let open = () => {};
    server.enqueue({ until: new Promise<void>((resolve) => (open = resolve)), reply: { content: "shared" } });
    const pa = model({}, { cache }).complete(ask);
    // A second cache object over the same directory (the LSP builds one per command) shares too.
    const pb = model({}, { cache: new ResponseCache(cacheDir) }).complete(ask);
    await waitFor(() => server.requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    open();
    const [a, b] = await Promise.all([pa, pb]);
    expect(server.requests).toHaveLength(1);
    expect([a.text, b.text]).toEqual(["shared", "shared"]);
    // Which caller reaches the shared call first depends on the async cache lookups; exactly one
    // of them made the request and the other joined it.
    expect([a.call.cached, b.call.cached].sort()).toEqual([false, true]);

    const other = [{ role: "user" as const, content: "second question" }];
    let release = () => {};
    server.enqueue({
      until: new Promise<void>((resolve) => (release = resolve)),
      reply: { content: "still wanted" },
    });
    const quitter = new AbortController();
    const first = model({}, { cache }).complete(other, { signal: quitter.signal });
    const second = model({}, { cache }).complete(other);
    await waitFor(() => server.requests.length === 2);
    quitter.abort(new Error("first caller gave up"));
    await expect(first).rejects.toThrow("first caller gave up");
    release();
    expect((await second).text).toBe("still wanted");
    expect(server.requests).toHaveLength(2);

    const third = [{ role: "user" as const, content: "nobody waits" }];
    server.enqueue({ until: never, reply: { content: "never" } }, { content: "fresh" });
    const c1 = new AbortController();
    const c2 = new AbortController();
    const p1 = model({}, { cache }).complete(third, { signal: c1.signal });
    const p2 = model({}, { cache }).complete(third, { signal: c2.signal });
    await waitFor(() => server.requests.length === 3);
    c1.abort(new Error("one"));
    c2.abort(new Error("two"));
    await expect(p1).rejects.toThrow("one");
    await expect(p2).rejects.toThrow("two");
    // Everyone left, so the shared call was cancelled; the next identical request starts anew.
    expect((await model({}, { cache }).complete(third)).text).toBe("fresh");
    expect(server.requests).toHaveLength(4);
  });

  it("replay mode answers from the cache and fails clearly on a miss without sending anything", async () => {
    server.enqueue({ content: "recorded" });
    const cache = new ResponseCache(cacheDir);
    await model({}, { cache }).complete(ask);
    const replay = model({}, { cache, replay: true });
    expect((await replay.complete(ask)).text).toBe("recorded");
    const miss = replay.complete([{ role: "user", content: "never asked" }]);
    await expect(miss).rejects.toBeInstanceOf(ReplayMissError);
    await expect(miss).rejects.toThrow(/replay mode: no cached reply for the generator model \(fake-coder\)/);
    expect(server.requests).toHaveLength(1);
  });

  it("retries 429 honouring retry-after, then succeeds", async () => {
    server.enqueue({ status: 429, retryAfter: "2" }, { content: "after the wait" });
    const result = await model().complete(ask);
    expect(result.text).toBe("after the wait");
    expect(result.call.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2_000);
  });

  it("gives up after the bounded number of 500s with a clear error", async () => {
    server.enqueue({ status: 500 }, { status: 500 }, { status: 503 }, { content: "too late" });
    const error = await model({}, { retry: { maxAttempts: 3 } })
      .complete(ask)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).kind).toBe("server");
    expect((error as LlmError).attempts).toBe(3);
    expect((error as Error).message).toMatch(
      /generator model fake-coder at http:\/\/127\.0\.0\.1:\d+\/v1 failed after 3 attempts: HTTP 503/,
    );
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry a 400 and never puts the API key in the message", async () => {
    server.enqueue({ status: 401, message: "bad key sk-test-key-0123456789abcdefghij" });
    const error = (await model()
      .complete(ask)
      .catch((e: unknown) => e)) as LlmError;
    expect(error.kind).toBe("http");
    expect(error.message).toContain("HTTP 401");
    expect(error.message).not.toContain("sk-test-key-0123456789abcdefghij");
    expect(server.requests).toHaveLength(1);
  });

  it("times out a slow endpoint, retries, and reports a timeout", async () => {
    server.enqueue(
      { until: never, reply: { content: "slow" } },
      { until: never, reply: { content: "slow" } },
    );
    const error = (await model({ timeoutMs: 150 }, { retry: { maxAttempts: 2 } })
      .complete(ask)
      .catch((e: unknown) => e)) as LlmError;
    expect(error).toBeInstanceOf(LlmError);
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/after 2 attempts: request timed out/);
    expect(server.requests).toHaveLength(2);
  });

  it("reports malformed JSON as a bad response without retrying", async () => {
    server.enqueue({ malformed: true }, { content: "unused" });
    const error = (await model()
      .complete(ask)
      .catch((e: unknown) => e)) as LlmError;
    expect(error.kind).toBe("bad-response");
    expect(error.message).toMatch(/malformed JSON/);
    expect(server.requests).toHaveLength(1);
  });

  it("reports a reply without choices as a bad response", async () => {
    server.enqueue({ raw: { object: "chat.completion" } });
    await expect(model().complete(ask)).rejects.toThrow(/no choices\[0\]\.message\.content/);
  });

  it("retries a truncated body and a dropped connection", async () => {
    server.enqueue({ truncated: true }, { drop: true }, { content: "third time" });
    const result = await model().complete(ask);
    expect(result.text).toBe("third time");
    expect(result.call.attempts).toBe(3);
  });

  it("cancels through the AbortSignal, also while waiting to retry", async () => {
    server.enqueue({ until: never, reply: { content: "never" } });
    const controller = new AbortController();
    const pending = model().complete(ask, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 50);
    await expect(pending).rejects.toThrow("user cancelled");

    server.enqueue({ status: 500 });
    const c2 = new AbortController();
    const waiting = createChatModel("generator", role(), {
      env: {},
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
    }).complete(ask, {
      signal: c2.signal,
    });
    setTimeout(() => c2.abort(new Error("stop waiting")), 100);
    await expect(waiting).rejects.toThrow("stop waiting");
  });

  it("refuses a remote endpoint before any network traffic unless allowRemote", async () => {
    // The remote host is unroutable on purpose: consent must fail before a connection is tried.
    const remote = model({ baseURL: "https://llm.example.invalid/v1" });
    const error = await remote.complete(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsentRequiredError);
    expect((error as Error).message).toContain('"seclsp.llm.allowRemote": true');
    expect(server.requests).toHaveLength(0);
  });

  it("redacts secrets in the bytes sent and the cache, and restores them in the reply", async () => {
    server.setScript((req) => {
      const content = req.body?.messages[0]?.content ?? "";
      return { content: content.replace("return key", "return key.strip()") };
    });
    const cache = new ResponseCache(cacheDir);
    const code =
      'API_KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz012345"\n\ndef get():\n    key = API_KEY\n    return key\n';
    const result = await model({}, { cache }).complete([{ role: "user", content: code }]);
    expect(server.requests[0]?.rawBody).not.toContain("sk-proj-abcdefghijklmnopqrstuvwxyz012345");
    expect(server.requests[0]?.body?.messages[0]?.content).toBe(
      'API_KEY = "<SECLSP_SECRET_1>"\n\ndef get():\n    key = API_KEY\n    return key\n',
    );
    expect(result.text).toBe(code.replace("return key", "return key.strip()"));
    expect(result.call.redactedSecrets).toBe(1);
    const shard = (await readdir(cacheDir))[0] ?? "";
    const entryFile = (await readdir(join(cacheDir, shard)))[0] ?? "";
    expect(await readFile(join(cacheDir, shard, entryFile), "utf8")).not.toContain(
      "abcdefghijklmnopqrstuvwxyz012345",
    );
  });
});

describe("createModelRoles", () => {
  it("builds the three roles from the config, each with its own model", async () => {
    const config = configSchema.parse({
      llm: {
        cacheDir,
        generator: { baseURL: server.baseURL, model: "small-coder" },
        explainer: { baseURL: server.baseURL, model: "big-explainer" },
        judge: { baseURL: server.baseURL, model: "judge-model" },
      },
    });
    const roles = createModelRoles(config, { env: {} });
    expect([roles.generator.model, roles.explainer.model, roles.judge.model]).toEqual([
      "small-coder",
      "big-explainer",
      "judge-model",
    ]);
    expect([roles.generator.role, roles.explainer.role, roles.judge.role]).toEqual([
      "generator",
      "explainer",
      "judge",
    ]);
    server.enqueue({ content: "explained" });
    await roles.explainer.complete(ask);
    expect(server.requests[0]?.body?.model).toBe("big-explainer");
  });
});
