import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, LookupFunction } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadProjectConfig } from "../../server/src/config/project-config.js";
import { configSchema, type LlmRoleConfig } from "../../server/src/config/schema.js";
import { createChatModel } from "../../server/src/llm/chat-model.js";
import { ConsentRequiredError } from "../../server/src/llm/consent.js";
import { LlmError } from "../../server/src/llm/errors.js";
import { guardedFetch } from "../../server/src/llm/guarded-fetch.js";
import { modelDispatchers, proxySettingsFromEnv } from "../../server/src/llm/proxy-dispatcher.js";
import { type FakeOpenAIServer, startFakeOpenAI } from "../fakes/openai-server.js";
import { type ConnectProxy, startConnectProxy } from "./connect-proxy.js";

/**
 * Issue 17 item 5: model endpoints behind a company proxy. Everything runs on 127.0.0.1: a CONNECT
 * proxy stands in for the company proxy and tunnels "remote" names (model.example.test) to local
 * ports, so no DNS and no network are involved. Consent is about the final endpoint: a refused
 * endpoint never makes seclsp contact the proxy.
 */

const REMOTE = "model.example.test";
const code = [
  { role: "user" as const, content: "def handler(request):\n    return eval(request.args['q'])\n" },
];

let dir: string;
/** A self-signed CA+leaf for 127.0.0.1 and model.example.test, made with the openssl CLI. */
let tlsFiles: { cert: string; key: string; other: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "seclsp-proxy-test-"));
  const make = (name: string) => {
    const cert = join(dir, `${name}.pem`);
    const key = join(dir, `${name}.key`);
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "2",
        "-subj",
        `/CN=seclsp test ${name}`,
        "-addext",
        `subjectAltName=IP:127.0.0.1,DNS:${REMOTE}`,
      ],
      { stdio: "ignore" },
    );
    return { cert, key };
  };
  const main = make("endpoint");
  tlsFiles = { ...main, other: make("other").cert };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function fakeModel(): Promise<FakeOpenAIServer> {
  const server = await startFakeOpenAI({ script: () => ({ content: "ok" }) });
  closers.push(() => server.close());
  return server;
}

async function proxyTo(port: number, refuse?: number): Promise<ConnectProxy> {
  const proxy = await startConnectProxy({ route: () => port, ...(refuse ? { refuse } : {}) });
  closers.push(() => proxy.close());
  return proxy;
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

function role(baseURL: string): LlmRoleConfig {
  return { baseURL, model: "m", apiKeyEnv: "K", temperature: 0, maxTokens: 16, timeoutMs: 20_000 };
}

const noRetry = { maxAttempts: 1 };

/** A local server answering every request with `handler`, over HTTP or (with a cert) HTTPS. */
async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  tls?: { cert: string; key: string },
): Promise<{ port: number; requests: string[] }> {
  const requests: string[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => handler(req, res));
  };
  const server: Server = tls
    ? createHttpsServer(
        { cert: readFileSync(tls.cert, "utf8"), key: readFileSync(tls.key, "utf8") },
        onRequest,
      )
    : createHttpServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as AddressInfo).port, requests };
}

function okReply(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({ choices: [{ message: { role: "assistant", content: "ok" }, finish_reason: "stop" }] }),
  );
}

/** Resolves every name to 127.0.0.1 (a direct connection to "model.example.test" without DNS). */
const loopbackLookup = ((_host: string, options: unknown, callback: unknown) => {
  const done = (typeof options === "function" ? options : callback) as (...args: unknown[]) => void;
  const all = typeof options === "object" && options !== null && (options as { all?: boolean }).all;
  if (all) done(null, [{ address: "127.0.0.1", family: 4 }]);
  else done(null, "127.0.0.1", 4);
}) as LookupFunction;

describe("HTTP_PROXY / HTTPS_PROXY for model endpoints", () => {
  it("a remote endpoint is reached through the proxy (CONNECT to the endpoint's host), and answers", async () => {
    const model = await fakeModel();
    const proxy = await proxyTo(portOf(model.baseURL));
    const baseURL = `http://${REMOTE}:${portOf(model.baseURL)}/v1`;
    const chat = createChatModel("generator", role(baseURL), {
      allowRemote: true,
      env: { K: "sk-test", HTTP_PROXY: proxy.url },
      retry: noRetry,
    });
    const result = await chat.complete(code);
    expect(result.text).toBe("ok");
    expect(proxy.targets).toEqual([`${REMOTE}:${portOf(model.baseURL)}`]);
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]?.headers.host).toBe(`${REMOTE}:${portOf(model.baseURL)}`);
  });

  it("lower-case http_proxy wins over HTTP_PROXY", async () => {
    const model = await fakeModel();
    const used = await proxyTo(portOf(model.baseURL));
    const ignored = await proxyTo(portOf(model.baseURL));
    const chat = createChatModel("generator", role(`http://${REMOTE}:${portOf(model.baseURL)}/v1`), {
      allowRemote: true,
      env: { K: "sk-test", http_proxy: used.url, HTTP_PROXY: ignored.url },
      retry: noRetry,
    });
    expect((await chat.complete(code)).text).toBe("ok");
    expect(used.targets).toHaveLength(1);
    expect(ignored.connections).toBe(0);
  });

  it("without allowRemote a remote endpoint behind a loopback proxy is refused: no connection to the proxy at all", async () => {
    const model = await fakeModel();
    const proxy = await proxyTo(portOf(model.baseURL));
    const chat = createChatModel("generator", role(`http://${REMOTE}:${portOf(model.baseURL)}/v1`), {
      allowRemote: false,
      env: { K: "sk-test", HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url },
      retry: noRetry,
    });
    await expect(chat.complete(code)).rejects.toBeInstanceOf(ConsentRequiredError);
    expect(proxy.connections).toBe(0);
    expect(model.requests).toHaveLength(0);
  });

  it("a loopback endpoint never goes through a proxy (code for a local model stays on this machine)", async () => {
    const model = await fakeModel();
    const proxy = await proxyTo(portOf(model.baseURL));
    const chat = createChatModel("generator", role(model.baseURL), {
      env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url },
      retry: noRetry,
    });
    expect((await chat.complete(code)).text).toBe("ok");
    expect(proxy.connections).toBe(0);
    expect(model.requests).toHaveLength(1);
  });

  it("NO_PROXY (exact, suffix, lower-case) sends the request directly; a host not listed still uses the proxy", async () => {
    const model = await fakeModel();
    const proxy = await proxyTo(portOf(model.baseURL));
    const url = `http://${REMOTE}:${portOf(model.baseURL)}/v1/chat/completions`;
    const send = async (env: NodeJS.ProcessEnv) => {
      const dispatchers = modelDispatchers({ env, lookup: loopbackLookup });
      const fetch = guardedFetch({
        allowRemote: true,
        maxReplyBytes: 1 << 20,
        ...(dispatchers ? { dispatchers } : {}),
      });
      const response = await fetch(url, {
        method: "POST",
        body: JSON.stringify({ model: "m", messages: code }),
      });
      expect(response.status).toBe(200);
      await response.text();
      await dispatchers?.close();
    };
    await send({ HTTP_PROXY: proxy.url, NO_PROXY: REMOTE });
    await send({ HTTP_PROXY: proxy.url, NO_PROXY: "localhost, .example.test" });
    await send({ HTTP_PROXY: proxy.url, no_proxy: "*.example.test", NO_PROXY: "unrelated.test" });
    expect(proxy.connections).toBe(0);
    expect(model.requests).toHaveLength(3);
    await send({ HTTP_PROXY: proxy.url, NO_PROXY: "other.example.org" });
    expect(proxy.targets).toEqual([`${REMOTE}:${portOf(model.baseURL)}`]);
    expect(model.requests).toHaveLength(4);
  });

  it("a proxy that answers a redirect is still refused: the redirect target is never contacted", async () => {
    const target = await listen(okReply);
    const redirector = await listen((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${target.port}/v1/chat/completions` });
      res.end();
    });
    const proxy = await proxyTo(redirector.port);
    const chat = createChatModel("generator", role(`http://${REMOTE}:8000/v1`), {
      allowRemote: true,
      env: { K: "sk-test", HTTP_PROXY: proxy.url },
      retry: noRetry,
    });
    const error = await chat.complete(code).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).kind).toBe("redirect");
    expect(redirector.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
    expect(proxy.targets).toEqual([`${REMOTE}:8000`]);
  });

  it("a proxy refusing the tunnel (407) is a clear, unretried error naming the endpoint", async () => {
    const proxy = await proxyTo(1, 407);
    const chat = createChatModel("generator", role(`http://${REMOTE}:8000/v1`), {
      allowRemote: true,
      env: { K: "sk-test", HTTP_PROXY: proxy.url },
    });
    const error = await chat.complete(code).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).message).toContain(
      `the proxy refused to connect to ${REMOTE}:8000 (HTTP 407)`,
    );
    expect((error as LlmError).attempts).toBe(1);
    expect(proxy.targets).toHaveLength(1);
  });

  it("proxy variables: curl's scheme-less form, unset ones, and an unsupported scheme", () => {
    expect(proxySettingsFromEnv({})).toBeUndefined();
    expect(proxySettingsFromEnv({ HTTP_PROXY: "  " })).toBeUndefined();
    expect(proxySettingsFromEnv({ HTTPS_PROXY: "proxy.corp:3128", no_proxy: ".corp" })).toEqual({
      httpsProxy: "http://proxy.corp:3128/",
      noProxy: ".corp",
    });
    expect(() => proxySettingsFromEnv({ HTTP_PROXY: "socks5://127.0.0.1:1080" })).toThrow(
      /HTTP_PROXY uses socks5:/,
    );
  });
});

describe("custom CA: seclsp.llm.caFile and NODE_EXTRA_CA_CERTS", () => {
  it("without the CA the request fails with a clear TLS error, unretried; with caFile it succeeds", async () => {
    const server = await listen(okReply, tlsFiles);
    const baseURL = `https://127.0.0.1:${server.port}/v1`;
    const untrusted = createChatModel("generator", role(baseURL), { env: {} });
    const error = await untrusted.complete(code).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).message).toMatch(
      new RegExp(
        `TLS certificate of 127\\.0\\.0\\.1:${server.port} is not trusted \\((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\\).*seclsp\\.llm\\.caFile`,
      ),
    );
    expect((error as LlmError).attempts).toBe(1);
    expect(server.requests).toHaveLength(0);

    const trusted = createChatModel("generator", role(baseURL), {
      env: {},
      caFile: tlsFiles.cert,
      retry: noRetry,
    });
    expect((await trusted.complete(code)).text).toBe("ok");
    expect(server.requests).toHaveLength(1);
  });

  it("a CA for another certificate does not make the endpoint trusted", async () => {
    const server = await listen(okReply, tlsFiles);
    const chat = createChatModel("generator", role(`https://127.0.0.1:${server.port}/v1`), {
      env: {},
      caFile: tlsFiles.other,
      retry: noRetry,
    });
    await expect(chat.complete(code)).rejects.toThrow(/is not trusted/);
    expect(server.requests).toHaveLength(0);
  });

  it("NODE_EXTRA_CA_CERTS is honoured, and kept when caFile adds another CA", async () => {
    const server = await listen(okReply, tlsFiles);
    const baseURL = `https://127.0.0.1:${server.port}/v1`;
    const viaEnv = createChatModel("generator", role(baseURL), {
      env: { NODE_EXTRA_CA_CERTS: tlsFiles.cert },
      retry: noRetry,
    });
    expect((await viaEnv.complete(code)).text).toBe("ok");
    const both = createChatModel("generator", role(baseURL), {
      env: { NODE_EXTRA_CA_CERTS: tlsFiles.cert },
      caFile: tlsFiles.other,
      retry: noRetry,
    });
    expect((await both.complete(code)).text).toBe("ok");
  });

  it("an HTTPS endpoint through the proxy's tunnel is verified with caFile (TLS to the endpoint, not the proxy)", async () => {
    const server = await listen(okReply, tlsFiles);
    const proxy = await proxyTo(server.port);
    const baseURL = `https://${REMOTE}:${server.port}/v1`;
    const env = { K: "sk-test", https_proxy: proxy.url };
    const untrusted = createChatModel("generator", role(baseURL), { allowRemote: true, env, retry: noRetry });
    await expect(untrusted.complete(code)).rejects.toThrow(
      /TLS certificate of model\.example\.test:\d+ is not trusted/,
    );
    const trusted = createChatModel("generator", role(baseURL), {
      allowRemote: true,
      env,
      caFile: tlsFiles.cert,
      retry: noRetry,
    });
    expect((await trusted.complete(code)).text).toBe("ok");
    expect(proxy.targets).toEqual([`${REMOTE}:${server.port}`, `${REMOTE}:${server.port}`]);
    expect(server.requests).toHaveLength(1);
  });

  it("a caFile that is missing or holds no certificate is an error before anything is sent", async () => {
    const server = await listen(okReply, tlsFiles);
    const notPem = join(dir, "not-a-cert.pem");
    writeFileSync(notPem, "hello\n");
    for (const [caFile, message] of [
      [join(dir, "missing.pem"), /seclsp\.llm\.caFile .*missing\.pem cannot be read/],
      [notPem, /holds no PEM certificate/],
    ] as const) {
      const chat = createChatModel("generator", role(`https://127.0.0.1:${server.port}/v1`), {
        env: {},
        caFile,
      });
      await expect(chat.complete(code)).rejects.toThrow(message);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("caFile must be absolute, and a project file cannot set it (the repository would choose whom TLS trusts)", async () => {
    expect(configSchema.safeParse({ llm: { caFile: "certs/ca.pem" } }).success).toBe(false);
    expect(configSchema.parse({ llm: { caFile: tlsFiles.cert } }).llm.caFile).toBe(tlsFiles.cert);
    const project = join(dir, "project");
    mkdirSync(project, { recursive: true });
    const file = join(project, ".seclsp.toml");
    writeFileSync(file, `[llm]\nca-file = "${tlsFiles.other}"\n`);
    const loaded = await loadProjectConfig(file);
    expect(loaded.settings).toEqual({ llm: {} });
    expect(loaded.warnings.join("\n")).toContain("llm.caFile cannot be set in a project file");
  });
});
