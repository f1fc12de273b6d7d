import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "vscode-languageserver/node.js";
import { type FakeOpenAIServer, type FakeReply, startFakeOpenAI } from "../fakes/openai-server.js";
import { FaultSession } from "./stdio-session.js";

/**
 * Model endpoint faults through the LSP commands over real stdio (one server, the fake model
 * switching fault between commands): each → a showMessage naming what happened, no
 * workspace/applyEdit, the embedded diagnostics stay and the server keeps serving.
 */
const work = mkdtempSync(join(tmpdir(), "seclsp-llm-faults-"));
let fake: FakeOpenAIServer;
let session: FaultSession;
let diagnostic: Diagnostic;
const uri = `file://${work}/app.py`;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  session = new FaultSession({ ...process.env, SECLSP_LOG_LEVEL: "info" });
  await session.initialize({
    codeql: { mode: "off" },
    bandit: { mode: "off" },
    llm: {
      cacheDir: join(work, "llm-cache"),
      generator: { baseURL: fake.baseURL, model: "fault-model", timeoutMs: 1000 },
    },
  });
  await session.openAndSave(uri);
  // The finding as shown once the data-flow phase merged it with its ruff twin.
  const published = await session.client.completeDiagnostics(uri, 1);
  diagnostic = published.diagnostics.find((d) => d.message.includes("CWE-502"))!;
  expect(diagnostic).toBeDefined();
}, 120_000);
afterAll(async () => {
  session.client.kill();
  await fake.close();
  rmSync(work, { recursive: true, force: true });
});

const faults: Array<{ name: string; reply: FakeReply; message: RegExp }> = [
  { name: "timeout", reply: { delayMs: 30_000 }, message: /request timed out \(timeout\)/ },
  { name: "429 storm", reply: { status: 429, retryAfter: "0" }, message: /HTTP 429.*\(rate-limit\)/s },
  { name: "500", reply: { status: 500, message: "boom" }, message: /HTTP 500.*\(server\)/s },
  { name: "truncated body", reply: { truncated: true }, message: /\(connection\)/ },
  { name: "invalid JSON", reply: { malformed: true }, message: /\(bad-response\)/ },
];

describe("model endpoint faults through seclsp.explain / seclsp.repair (stdio)", () => {
  for (const fault of faults) {
    it(`${fault.name} → clear message, no edit, still serving`, async () => {
      fake.setScript(() => fault.reply);
      const seen = session.client.showMessages.length;
      const result = (await session.client.connection.sendRequest("workspace/executeCommand", {
        command: "seclsp.explain",
        arguments: [uri, diagnostic],
      })) as { ok?: boolean; error?: string };
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(
        /seclsp: Explain .* failed: explainer model fault-model at http:\/\/127\.0\.0\.1/,
      );
      expect(result.error).toMatch(fault.message);
      expect(session.client.showMessages.slice(seen).join("\n")).toMatch(fault.message);
      // Repair: the model fails → no edit is applied.
      await session.client.connection.sendRequest("workspace/executeCommand", {
        command: "seclsp.repair",
        arguments: [uri, diagnostic, "direct"],
      });
      expect(session.appliedEdits).toEqual([]);
      const info = (await session.client.connection.sendRequest("workspace/executeCommand", {
        command: "seclsp.debugInfo",
        arguments: [{ uri }],
      })) as { version: number };
      expect(info.version).toBe(1);
    }, 90_000);
  }

  it("after all faults: edits are still analyzed, shutdown is clean", async () => {
    const after = await session.stillServing(uri);
    expect(after.diagnostics.some((d) => d.message.includes("CWE-502"))).toBe(true);
    expect(session.client.stderr).not.toMatch(/unhandled ?rejection|uncaught ?exception/i);
    await session.stop();
  }, 60_000);
});
