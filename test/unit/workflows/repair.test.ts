import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { createChatModel } from "../../../server/src/llm/chat-model.js";
import { ConsentRequiredError } from "../../../server/src/llm/consent.js";
import { ResponseCache } from "../../../server/src/llm/response-cache.js";
import { generate } from "../../../server/src/workflows/generate.js";
import { formatFindingLocation } from "../../../server/src/workflows/prompts/direct-feedback.js";
import { repair } from "../../../server/src/workflows/repair.js";
import type { WorkflowContext } from "../../../server/src/workflows/types.js";
import { type FakeOpenAIServer, startFakeOpenAI } from "../../fakes/openai-server.js";
import { fakeContext, py, WARM_UP_TIMEOUT_MS, warmUpAnalyzer } from "./harness.js";

let server: FakeOpenAIServer;
beforeAll(warmUpAnalyzer, WARM_UP_TIMEOUT_MS);
// Each test analyzes several candidates; leave room for a CPU-starved CI machine.
vi.setConfig({ testTimeout: 120_000 });
beforeEach(async () => {
  server = await startFakeOpenAI();
});
afterEach(async () => {
  await server.close();
});

const vulnerable = "import pickle\n\ndef load_session(blob):\n    return pickle.loads(blob)\n";
const stillVulnerable =
  "import pickle\n\ndef load_session(blob):\n    data = pickle.loads(blob)\n    return data\n";
const safe = "import json\n\ndef load_session(blob):\n    return json.loads(blob)\n";
const safeButMd5 =
  "import hashlib\nimport json\n\ndef load_session(blob):\n    print(hashlib.md5(blob).hexdigest())\n    return json.loads(blob)\n";
const outputRule =
  "Reply with the complete code in a single ```python code block. Keep the function names and parameters unchanged.";

async function pickleFinding(ctx: WorkflowContext): Promise<Finding> {
  const found = (await ctx.analyze(vulnerable)).find((f) => f.cwes.includes("CWE-502"));
  if (!found) throw new Error("the embedded analyzer should flag pickle.loads");
  return found;
}

describe("repair with direct feedback (paper Fig. 4)", () => {
  it("continues the generation conversation with the raw message and location, then verifies", async () => {
    const ctx = fakeContext(server);
    server.enqueue({ content: py(vulnerable) }, { content: py(safe) });
    const generated = await generate(
      ctx,
      { id: "t", prompt: "Write load_session(blob) that turns bytes into a dict." },
      { hints: "none" },
    );
    const target = generated.findings.filter((f) => f.cwes.includes("CWE-502"));
    expect(target).toHaveLength(1);
    const finding = target[0] as Finding;

    const result = await repair(ctx, generated.code, target, {
      feedback: "direct",
      conversation: generated.conversation,
    });
    const feedback = `The seclsp security analyzer found a security issue in the code:\n1. ${formatFindingLocation(finding)}\n\nFix it. ${outputRule}`;
    expect(server.messagesOf(1)).toEqual([...generated.conversation, { role: "user", content: feedback }]);
    expect(result.rounds).toHaveLength(1);
    expect(result.rounds[0]).toMatchObject({
      round: 1,
      feedback,
      code: safe,
      resolved: true,
      introduced: [],
    });
    expect(result.verified).toBe(true);
    expect(result.code).toBe(safe);
    expect(result.findings).toEqual([]);
  });

  it("without a conversation, sends a fresh repair prompt with the code", async () => {
    const ctx = fakeContext(server);
    const finding = await pickleFinding(ctx);
    server.enqueue({ content: py(safe) });
    await repair(ctx, vulnerable, [finding], { feedback: "direct" });
    expect(server.messagesOf(0)).toEqual([
      {
        role: "user",
        content: `Here is a Python program:\n\n\`\`\`python\n${vulnerable.trimEnd()}\n\`\`\`\n\nThe seclsp security analyzer found a security issue in the code:\n1. ${formatFindingLocation(finding)}\n\nFix it. ${outputRule}`,
      },
    ]);
  });

  it("keeps going while the model reintroduces the finding, then gives up unverified after maxRounds", async () => {
    const ctx = fakeContext(server);
    const finding = await pickleFinding(ctx);
    server.enqueue(
      { content: py(stillVulnerable) },
      { content: py(vulnerable) },
      { content: py(stillVulnerable) },
      { content: py(safe) },
    );
    const result = await repair(ctx, vulnerable, [finding], { feedback: "direct", maxRounds: 3 });
    expect(server.requests).toHaveLength(3);
    expect(result.rounds.map((r) => r.resolved)).toEqual([false, false, false]);
    expect(result.verified).toBe(false);
    expect(result.code).toBe(stillVulnerable);
    // Rounds 2 and 3 continue one conversation: the previous reply, then the new feedback (line 4 → the new location).
    const third = server.messagesOf(2);
    expect(third.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(third[1]?.content).toBe(py(stillVulnerable));
    expect(third[4]?.content).toMatch(
      /^The seclsp security analyzer found a security issue in the code:\n1\. py\/unsafe-deserialization \(CWE-502\) at line 4, column \d+: /,
    );
  });

  it("uses the caller's baseline instead of analyzing the input again", async () => {
    const ctx = fakeContext(server);
    const finding = await pickleFinding(ctx);
    let analyzed: string[] = [];
    const counting = {
      ...ctx,
      analyze: (code: string, signal?: AbortSignal) => {
        analyzed.push(code);
        return ctx.analyze(code, signal);
      },
    };
    server.enqueue({ content: py(safe) }, { content: py(safe) });
    await repair(counting, vulnerable, [finding], { feedback: "direct", baseline: [finding] });
    expect(analyzed).toEqual([safe]);
    analyzed = [];
    await repair(counting, vulnerable, [finding], { feedback: "direct" });
    expect(analyzed).toEqual([vulnerable, safe]);
  });

  it("maxRounds 1 reproduces the paper: one attempt, whatever the outcome", async () => {
    const ctx = fakeContext(server);
    server.enqueue({ content: py(stillVulnerable) });
    const result = await repair(ctx, vulnerable, [await pickleFinding(ctx)], {
      feedback: "direct",
      maxRounds: 1,
    });
    expect(server.requests).toHaveLength(1);
    expect(result.rounds).toHaveLength(1);
    expect(result.verified).toBe(false);
  });

  it("a fix that introduces a new finding is not verified: the next round feeds the new finding back", async () => {
    const ctx = fakeContext(server);
    server.enqueue({ content: py(safeButMd5) }, { content: py(safe) });
    const result = await repair(ctx, vulnerable, [await pickleFinding(ctx)], { feedback: "direct" });
    expect(result.rounds).toHaveLength(2);
    expect(result.rounds[0]?.resolved).toBe(true);
    expect(result.rounds[0]?.introduced.map((f) => f.cwes)).toContainEqual(
      expect.arrayContaining(["CWE-327"]),
    );
    expect(result.rounds[1]?.feedback).toMatch(/CWE-327.*at line 5, column 11/);
    expect(result.rounds[1]?.feedback).not.toContain("CWE-502");
    expect(result.verified).toBe(true);
    expect(result.code).toBe(safe);
  });

  it("a reply without code records the error, changes nothing, and the loop continues", async () => {
    const ctx = fakeContext(server);
    server.enqueue({ content: "You should stop using pickle." }, { content: py(safe) });
    const result = await repair(ctx, vulnerable, [await pickleFinding(ctx)], { feedback: "direct" });
    expect(result.rounds[0]).toMatchObject({
      round: 1,
      error: "model returned no code",
      code: vulnerable,
      resolved: false,
    });
    expect(result.rounds[1]).toMatchObject({ round: 2, code: safe, resolved: true });
    expect(result.verified).toBe(true);
  });

  it("after a reply without code, the next round repeats the caller's findings (even ones ctx.analyze does not report)", async () => {
    const ctx = fakeContext(server);
    const fromCodeql: Finding = {
      ruleId: "py/sql-injection",
      cwes: ["CWE-89"],
      severity: "error",
      message: "This SQL query depends on a [user-provided value](1).",
      file: "/w/app.py",
      range: { start: { line: 3, character: 11 }, end: { line: 3, character: 20 } },
      source: "codeql",
      fingerprint: "q1",
    };
    server.enqueue({ content: "Parameterize it." }, { content: py(safe) });
    const result = await repair(ctx, safe, [fromCodeql], { feedback: "direct" });
    expect(server.requests).toHaveLength(2);
    for (const i of [0, 1]) {
      expect(server.messagesOf(i).at(-1)?.content).toContain(
        "CodeQL found a security issue in the code:\n1. py/sql-injection (CWE-89) at line 4, column 12: This SQL query depends on a user-provided value.",
      );
    }
    expect(result.rounds.map((r) => r.error)).toEqual(["model returned no code", undefined]);
  });

  it("only replies without code: unverified, the original code is returned untouched", async () => {
    const ctx = fakeContext(server);
    server.enqueue({ content: "no" }, { content: "```python\ndef load_session(blob):\n```" });
    const result = await repair(ctx, vulnerable, [await pickleFinding(ctx)], {
      feedback: "direct",
      maxRounds: 2,
    });
    expect(result.rounds.map((r) => r.error)).toEqual([
      "model returned no code",
      expect.stringMatching(/^model returned no code/),
    ]);
    expect(result.code).toBe(vulnerable);
    expect(result.verified).toBe(false);
  });

  it("a failing endpoint ends the loop with the error recorded (bounded retries)", async () => {
    const ctx = fakeContext(server, { retry: { maxAttempts: 2 } });
    server.enqueue({ status: 500 }, { status: 500 });
    const result = await repair(ctx, vulnerable, [await pickleFinding(ctx)], { feedback: "direct" });
    expect(server.requests).toHaveLength(2);
    expect(result.rounds).toHaveLength(1);
    expect(result.rounds[0]?.error).toMatch(/failed after 2 attempts: HTTP 500/);
    expect(result.verified).toBe(false);
  });

  it("reports a changed signature on the round", async () => {
    const ctx = fakeContext(server);
    server.enqueue({
      content: py("import json\n\ndef load_session(data, strict=True):\n    return json.loads(data)\n"),
    });
    const result = await repair(ctx, vulnerable, [await pickleFinding(ctx)], { feedback: "direct" });
    expect(result.rounds[0]?.signatureChanged).toBe(
      "parameters of load_session changed from (blob) to (data, strict=…)",
    );
  });
});

describe("repair with explained feedback (paper Fig. 5)", () => {
  it("asks the explainer first and puts its explanation into the repair instruction", async () => {
    const ctx = fakeContext(server);
    const finding = await pickleFinding(ctx);
    const explanation = "pickle.loads runs code from the bytes.\n\n1. Replace pickle with json.loads.";
    server.enqueue({ content: explanation }, { content: py(safe) });
    const result = await repair(ctx, vulnerable, [finding], { feedback: "explained" });
    expect(server.requests.map((r) => r.body?.model)).toEqual(["explain-model", "gen-model"]);
    expect(server.messagesOf(0)[0]?.content).toContain(`1. ${formatFindingLocation(finding)}`);
    expect(server.messagesOf(1)).toEqual([
      {
        role: "user",
        content: `The following Python code contains security vulnerabilities.\n\n\`\`\`python\n${vulnerable.trimEnd()}\n\`\`\`\n\nA security review explains the problems and how to fix them:\n\n${explanation}\n\nRepair the code following these suggestions. ${outputRule}`,
      },
    ]);
    expect(result.rounds[0]?.feedback).toBe(explanation);
    expect(result.rounds[0]?.calls.map((c) => c.role)).toEqual(["explainer", "generator"]);
    expect(result.verified).toBe(true);
  });
});

describe("repair: privacy, cache and replay", () => {
  const withKey = `API_KEY = "sk-proj-0123456789abcdefghijklmnop"\n\n${vulnerable}`;

  it("never sends the secret; the placeholder in the fix gets the original value back", async () => {
    const ctx = fakeContext(server);
    const finding = (await ctx.analyze(withKey)).find((f) => f.cwes.includes("CWE-502")) as Finding;
    server.setScript(() => ({ content: py(`API_KEY = "<SECLSP_SECRET_1>"\n\n${safe}`) }));
    const result = await repair(ctx, withKey, [finding], { feedback: "explained" });
    for (const request of server.requests) {
      expect(request.rawBody).not.toContain("sk-proj-0123456789abcdefghijklmnop");
    }
    expect(server.messagesOf(1)[0]?.content).toContain('API_KEY = "<SECLSP_SECRET_1>"');
    expect(result.code).toBe(`API_KEY = "sk-proj-0123456789abcdefghijklmnop"\n\n${safe}`);
  });

  it("refuses a remote endpoint without consent: nothing reaches any server", async () => {
    const ctx = fakeContext(server);
    const finding = await pickleFinding(ctx);
    const remote: WorkflowContext = {
      ...ctx,
      models: {
        ...ctx.models,
        generator: createChatModel(
          "generator",
          {
            baseURL: "https://models.example.invalid/v1",
            model: "m",
            apiKeyEnv: "K",
            temperature: 0,
            maxTokens: 10,
            timeoutMs: 1000,
          },
          { env: { K: "secret-key-value" } },
        ),
      },
    };
    await expect(repair(remote, vulnerable, [finding], { feedback: "direct" })).rejects.toBeInstanceOf(
      ConsentRequiredError,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("a re-run is answered from the cache; replay mode works offline and a miss is recorded clearly", async () => {
    const dir = await mkdtemp(join(tmpdir(), "seclsp-repair-cache-"));
    try {
      const cache = new ResponseCache(dir);
      const ctx = fakeContext(server, { cache });
      const finding = await pickleFinding(ctx);
      server.enqueue({ content: "explanation" }, { content: py(safe) });
      const first = await repair(ctx, vulnerable, [finding], { feedback: "explained" });
      const second = await repair(ctx, vulnerable, [finding], { feedback: "explained" });
      expect(server.requests).toHaveLength(2);
      expect(second.code).toBe(first.code);
      expect(second.rounds[0]?.calls.every((c) => c.cached)).toBe(true);

      const replay = fakeContext(server, { cache, replay: true });
      expect((await repair(replay, vulnerable, [finding], { feedback: "explained" })).verified).toBe(true);
      const miss = await repair(replay, stillVulnerable, [finding], { feedback: "explained" });
      expect(miss.rounds[0]?.error).toMatch(
        /^replay mode: no cached reply for the explainer model \(explain-model\)/,
      );
      expect(miss.verified).toBe(false);
      expect(server.requests).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("cancels through ctx.signal", async () => {
    const controller = new AbortController();
    const ctx = { ...fakeContext(server), signal: controller.signal };
    const finding = await pickleFinding(ctx);
    server.enqueue({ until: new Promise(() => {}), reply: { content: py(safe) } });
    const pending = repair(ctx, vulnerable, [finding], { feedback: "direct" });
    setTimeout(() => controller.abort(new Error("cancelled by the user")), 100);
    await expect(pending).rejects.toThrow("cancelled by the user");
  });
});
