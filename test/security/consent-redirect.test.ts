import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { LlmRoleConfig } from "../../server/src/config/schema.js";
import { createChatModel } from "../../server/src/llm/chat-model.js";
import { ConsentRequiredError, isLoopbackHost, isLoopbackUrl } from "../../server/src/llm/consent.js";
import { LlmError } from "../../server/src/llm/errors.js";
import { guardedFetch } from "../../server/src/llm/guarded-fetch.js";

/**
 * Issue 12 item 5: consent must hold per request. A loopback endpoint answering 3xx to another
 * host must not make seclsp contact that host, and the POST body (the user's code) is never
 * re-sent. A second local server stands in for "remote"; it counts every connection it sees.
 */

interface Local {
  server: Server;
  url: string;
  connections: number;
  bodies: string[];
}

const servers: Local[] = [];

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<Local> {
  const local: Local = { server: createServer(), url: "", connections: 0, bodies: [] };
  local.server.on("connection", () => local.connections++);
  local.server.on("request", (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      local.bodies.push(body);
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => local.server.listen(0, "127.0.0.1", resolve));
  local.url = `http://127.0.0.1:${(local.server.address() as AddressInfo).port}`;
  servers.push(local);
  return local;
}

afterEach(async () => {
  for (const local of servers.splice(0)) {
    local.server.closeAllConnections();
    await new Promise((resolve) => local.server.close(resolve));
  }
});

function okReply(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      choices: [{ message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 1, completion_tokens: 1 },
    }),
  );
}

function role(baseURL: string): LlmRoleConfig {
  return { baseURL, model: "m", apiKeyEnv: "K", temperature: 0, maxTokens: 16, timeoutMs: 60_000 };
}

const code = [
  { role: "user" as const, content: "def handler(request):\n    return eval(request.args['q'])\n" },
];

describe("model requests never follow redirects", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`HTTP ${status} to another host: the user gets a clear error, the other host is never contacted`, async () => {
      const remote = await listen((_req, res) => okReply(res));
      // "localhost" vs "127.0.0.1" are different hosts to a client; the remote stand-in is a distinct port too.
      const remoteHost = remote.url.replace("127.0.0.1", "localhost");
      const local = await listen((_req, res) => {
        res.writeHead(status, { location: `${remoteHost}/v1/chat/completions?token=abc` });
        res.end();
      });
      for (const allowRemote of [false, true]) {
        const model = createChatModel("generator", role(`${local.url}/v1`), { env: {}, allowRemote });
        const error = await model.complete(code).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(LlmError);
        expect((error as LlmError).kind).toBe("redirect");
        const message = (error as Error).message;
        expect(message).toContain(`HTTP ${status}`);
        expect(message).toContain(remoteHost.replace("http://", ""));
        expect(message).toMatch(/never follows redirects/);
        expect(message).not.toContain("token=abc");
        // Not retried: one request reached the local endpoint per attempt.
        expect((error as LlmError).attempts).toBe(1);
      }
      expect(remote.connections).toBe(0);
      expect(remote.bodies).toHaveLength(0);
      expect(local.bodies).toHaveLength(2);
      expect(local.bodies.every((b) => b.includes("eval(request.args"))).toBe(true);
    });
  }

  it("a same-host redirect is refused too (no request is ever re-sent)", async () => {
    const local = await listen((req, res) => {
      if (req.url?.startsWith("/v2")) return okReply(res);
      res.writeHead(307, { location: "/v2/chat/completions" });
      res.end();
    });
    const model = createChatModel("generator", role(`${local.url}/v1`), { env: {} });
    await expect(model.complete(code)).rejects.toMatchObject({ kind: "redirect" });
    expect(local.bodies).toHaveLength(1);
  });

  it("checks each request's own destination: a non-loopback URL fails before any connection", async () => {
    let calls = 0;
    const fetch = guardedFetch({
      allowRemote: false,
      maxReplyBytes: 1000,
      fetch: async () => {
        calls++;
        return new Response("{}");
      },
    });
    for (const url of [
      "http://evil.localhost/v1/chat/completions",
      "http://localhost.evil.com/v1",
      "http://0.0.0.0:8080/v1",
      "http://10.0.0.1/v1",
      "http://localhost./v1",
    ]) {
      await expect(fetch(url, { method: "POST", body: "code" }), url).rejects.toBeInstanceOf(
        ConsentRequiredError,
      );
    }
    expect(calls).toBe(0);
    await fetch("http://127.0.0.1:9/v1", { method: "POST" });
    expect(calls).toBe(1);
  });

  it("an endpoint at evil.localhost needs consent like any remote host", async () => {
    const model = createChatModel("generator", role("http://evil.localhost:9/v1"), {
      env: { K: "key-123456" },
    });
    await expect(model.complete(code)).rejects.toBeInstanceOf(ConsentRequiredError);
  });
});

describe("what counts as loopback", () => {
  it("only 127.0.0.0/8, ::1 (plain or IPv4-mapped) and exactly localhost, after URL normalisation", () => {
    const loopback = [
      "http://127.0.0.1/",
      "http://127.255.1.2/",
      "http://localhost/",
      "http://LocalHost:8080/",
      "http://[::1]/",
      "http://[0:0:0:0:0:0:0:1]/",
      "http://[::ffff:127.0.0.1]/",
      // Decimal, hex, octal and short forms that the URL parser resolves to 127.0.0.1: really loopback.
      "http://2130706433/",
      "http://0x7f000001/",
      "http://0177.0.0.1/",
      "http://127.1/",
    ];
    const remote = [
      "http://evil.localhost/",
      "http://a.b.localhost/",
      "http://localhost.evil.com/",
      "http://localhost./",
      "http://0.0.0.0/",
      "http://0/",
      "http://128.0.0.1/",
      "http://[::ffff:10.0.0.1]/",
      "http://[::2]/",
      "http://127.0.0.1.nip.io/",
      "http://2130706431/", // 126.255.255.255, one below 127.0.0.0
      "http://user@evil.com/",
      "http://127.0.0.1@evil.com/",
    ];
    for (const url of loopback) expect(isLoopbackUrl(url), url).toBe(true);
    for (const url of remote) expect(isLoopbackUrl(url), url).toBe(false);
    expect(isLoopbackHost("[::ffff:7f00:1]")).toBe(true);
    expect(isLoopbackHost("::ffff:a00:1")).toBe(false);
  });
});
