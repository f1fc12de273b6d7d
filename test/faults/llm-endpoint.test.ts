import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedAnalyzer } from "../../server/src/analysis/embedded/embedded-analyzer.js";
import type { LlmRoleConfig } from "../../server/src/config/schema.js";
import { createChatModel } from "../../server/src/llm/chat-model.js";
import { LlmError } from "../../server/src/llm/errors.js";
import type { ModelRoles } from "../../server/src/llm/types.js";
import { explainFinding } from "../../server/src/workflows/explain-finding.js";
import { proposeFix } from "../../server/src/workflows/propose-fix.js";
import type { WorkflowContext } from "../../server/src/workflows/types.js";
import { type FakeOpenAIServer, type FakeReply, startFakeOpenAI } from "../fakes/openai-server.js";

/**
 * Model endpoint faults, at the workflow level (the functions the LSP code actions and the bench
 * call; the LSP explain/repair commands were not wired when this was written): timeout, 429 storm,
 * 500, connection refused, truncated body, invalid JSON. Each → a clear error naming the role,
 * model, endpoint and what happened; a fix proposal with NO edits; never the API key.
 */
const API_KEY = "sk-test-0123456789abcdefSECRETKEY";
const CODE = "import pickle\n\n\ndef load(data):\n    return pickle.loads(data)\n";

let server: FakeOpenAIServer;
let analyzer: EmbeddedAnalyzer;
beforeAll(async () => {
  server = await startFakeOpenAI();
  await EmbeddedAnalyzer.ready();
  analyzer = new EmbeddedAnalyzer();
}, 180_000);
afterAll(() => server.close());

function context(baseURL: string, logs: string[], timeoutMs = 5_000): WorkflowContext {
  const role = (model: string): LlmRoleConfig => ({
    baseURL,
    model,
    apiKeyEnv: "SECLSP_FAULT_KEY",
    temperature: 0,
    maxTokens: 256,
    timeoutMs,
  });
  const options = {
    env: { SECLSP_FAULT_KEY: API_KEY },
    // Real retry policy (4 attempts), without the real waiting.
    sleep: async () => {},
    logger: {
      warn: (m: string) => logs.push(m),
      info: (m: string) => logs.push(m),
      debug: (m: string) => logs.push(m),
    },
  };
  const models: ModelRoles = {
    generator: createChatModel("generator", role("gen-model"), options),
    explainer: createChatModel("explainer", role("explain-model"), options),
    judge: createChatModel("judge", role("judge-model"), options),
  };
  return {
    models,
    analyze: (code, signal) =>
      analyzer.analyze([{ path: "/work/candidate.py", text: code }], signal ?? new AbortController().signal),
  };
}

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}

const cases: Array<{
  name: string;
  reply: FakeReply;
  kind: string;
  message: RegExp;
  attempts: number;
  timeoutMs?: number;
}> = [
  {
    name: "timeout",
    reply: { delayMs: 5_000 },
    kind: "timeout",
    message: /request timed out/,
    attempts: 4,
    timeoutMs: 300,
  },
  {
    name: "429 storm",
    reply: { status: 429, retryAfter: "0", message: "Rate limit reached" },
    kind: "rate-limit",
    message: /HTTP 429/,
    attempts: 4,
  },
  {
    name: "500",
    reply: { status: 500, message: "upstream exploded" },
    kind: "server",
    message: /HTTP 500/,
    attempts: 4,
  },
  {
    name: "truncated body",
    reply: { truncated: true },
    kind: "connection",
    message: /connection closed mid-reply|terminated|socket|ECONNRESET/i,
    attempts: 4,
  },
  {
    name: "invalid JSON",
    reply: { malformed: true },
    kind: "bad-response",
    message: /malformed JSON|JSON/i,
    attempts: 1,
  },
];

describe("model endpoint faults (fake OpenAI server on 127.0.0.1)", () => {
  for (const c of cases) {
    it(`${c.name} → clear error, no edit, no key`, async () => {
      server.setScript(() => c.reply);
      const before = server.requests.length;
      const logs: string[] = [];
      const ctx = context(server.baseURL, logs, c.timeoutMs);
      const findings = await ctx.analyze(CODE);
      expect(findings.length).toBeGreaterThan(0);

      const proposal = await proposeFix(ctx, CODE, findings, { feedback: "direct", maxRounds: 1 });
      expect(proposal.edits).toEqual([]);
      expect(proposal.verified).toBe(false);
      expect(proposal.unverifiedReason).toMatch(
        /generator model gen-model at http:\/\/127\.0\.0\.1:\d+\/v1 failed/,
      );
      expect(proposal.unverifiedReason).toMatch(c.message);
      expect(server.requests.length - before).toBe(c.attempts);

      const error = await explainFinding(ctx, CODE, findings[0]!).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LlmError);
      expect((error as LlmError).kind).toBe(c.kind);
      expect((error as LlmError).message).toMatch(/explainer model explain-model/);

      const everything = [proposal.unverifiedReason ?? "", (error as Error).message, ...logs].join("\n");
      expect(everything).not.toContain(API_KEY);
      // The key did travel where it belongs: the Authorization header of the fake server's requests.
      expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    }, 60_000);
  }

  it("connection refused → 'connection' error after bounded retries, no edit, no key", async () => {
    const logs: string[] = [];
    const ctx = context(await closedPortUrl(), logs);
    const findings = await ctx.analyze(CODE);
    const proposal = await proposeFix(ctx, CODE, findings, { feedback: "direct", maxRounds: 1 });
    expect(proposal.edits).toEqual([]);
    expect(proposal.unverifiedReason).toMatch(
      /generator model gen-model at http:\/\/127\.0\.0\.1:\d+\/v1 failed after 4 attempts/,
    );
    const error = await explainFinding(ctx, CODE, findings[0]!).catch((e: unknown) => e);
    expect((error as LlmError).kind).toBe("connection");
    expect([proposal.unverifiedReason, (error as Error).message, ...logs].join("\n")).not.toContain(API_KEY);
  }, 60_000);
});
