import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "vscode-languageserver/node.js";
import { type FakeOpenAIServer, startFakeOpenAI } from "../fakes/openai-server.js";
import { FaultSession } from "../faults/stdio-session.js";

/**
 * Security over real stdio, with the LLM commands wired: consent before code leaves the machine,
 * secrets redacted in the bytes the endpoint receives, API keys never in logs, messages, stderr or
 * exported SARIF, and commands refused for URIs/paths outside the workspace folders.
 */
const API_KEY = "sk-proj-SeclspSecurityTestKey0123456789abcdef";
const SECRETS = {
  aws: "AKIAIOSFODNN7EXAMPLE",
  github: "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
  password: "hunter2-Corr3ct-H0rse-Battery",
  privateKey: "MIIEowIBAAKCAQEA7bq98d1lSecretKeyMaterialXYZ",
};
const CODE = [
  "import pickle",
  `AWS_KEY = "${SECRETS.aws}"`,
  `GITHUB_TOKEN = "${SECRETS.github}"`,
  `DB_PASSWORD = "${SECRETS.password}"`,
  `PEM = """-----BEGIN RSA PRIVATE KEY-----\n${SECRETS.privateKey}\n-----END RSA PRIVATE KEY-----"""`,
  "",
  "",
  "def load(data):",
  "    return pickle.loads(data)",
  "",
].join("\n");

const work = mkdtempSync(join(tmpdir(), "seclsp-security-"));
const workspace = join(work, "project");
const outside = join(work, "outside");
mkdirSync(workspace);
mkdirSync(outside);
let server: FakeOpenAIServer;
let session: FaultSession | undefined;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});
afterEach(() => {
  session?.client.kill();
  session = undefined;
});

let counter = 0;
async function start(baseURL: string, extra: object = {}): Promise<FaultSession> {
  session = new FaultSession({ ...process.env, SECLSP_SECURITY_KEY: API_KEY, SECLSP_LOG_LEVEL: "debug" });
  const folder = pathToFileURL(workspace).href;
  await session.initialize(
    {
      logLevel: "debug",
      codeql: { mode: "off" },
      bandit: { mode: "off" },
      llm: {
        cacheDir: join(work, `llm-cache-${++counter}`),
        generator: { baseURL, model: "sec-model", apiKeyEnv: "SECLSP_SECURITY_KEY", timeoutMs: 5000 },
        ...extra,
      },
    },
    { workspaceFolders: [{ uri: folder, name: "project" }], rootUri: folder },
  );
  return session;
}

async function openVulnerable(
  s: FaultSession,
  name = "app.py",
): Promise<{ uri: string; diagnostic: Diagnostic }> {
  const uri = pathToFileURL(join(workspace, name)).href;
  const published = await s.openAndSave(uri, CODE);
  const diagnostic = published.diagnostics.find((d) => d.message.includes("CWE-502"));
  expect(diagnostic, JSON.stringify(published.diagnostics)).toBeDefined();
  return { uri, diagnostic: diagnostic! };
}

function explain(s: FaultSession, uri: string, diagnostic: Diagnostic): Promise<unknown> {
  return s.client.connection.sendRequest("workspace/executeCommand", {
    command: "seclsp.explain",
    arguments: [uri, diagnostic],
  });
}

function everythingSaid(s: FaultSession): string {
  return [...s.allMessages()].join("\n");
}

describe("LLM: consent, redaction, keys (over stdio)", () => {
  it("a non-loopback endpoint without consent: nothing is sent, the message names seclsp.llm.allowRemote", async () => {
    const s = await start("http://203.0.113.10:8080/v1");
    const before = server.requests.length;
    const { uri, diagnostic } = await openVulnerable(s);
    await explain(s, uri, diagnostic);
    const message = await s.message(/did not send your code to 203\.0\.113\.10/);
    expect(message).toMatch(/"seclsp\.llm\.allowRemote": true/);
    expect(server.requests.length).toBe(before);
    expect(s.appliedEdits).toEqual([]);
    await s.stop();
  }, 90_000);

  it("secrets are redacted in the bytes the endpoint receives (and the loopback call does happen)", async () => {
    server.setScript(() => ({ content: "Because pickle runs code. Use json instead." }));
    const s = await start(server.baseURL);
    const before = server.requests.length;
    const { uri, diagnostic } = await openVulnerable(s);
    await explain(s, uri, diagnostic);
    expect(server.requests.length).toBeGreaterThan(before);
    const sent = server.requests
      .slice(before)
      .map((r) => r.rawBody)
      .join("\n");
    expect(sent).toContain("pickle.loads(data)"); // the code did go out…
    for (const secret of Object.values(SECRETS)) expect(sent).not.toContain(secret); // …without its secrets
    expect(sent).toMatch(/SECLSP_SECRET_\d+/);
    expect(sent).not.toContain(API_KEY);
    // The key travels only in the Authorization header.
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    await s.stop();
  }, 90_000);

  it("an endpoint that echoes the API key in its error: the key appears in no message, log or stderr", async () => {
    server.setScript(() => ({ status: 401, message: `Incorrect API key provided: ${API_KEY}.` }));
    const s = await start(server.baseURL);
    const { uri, diagnostic } = await openVulnerable(s);
    await explain(s, uri, diagnostic);
    await s.message(/HTTP 401/);
    // And an exported SARIF of what is shown contains no key either.
    const sarif = join(workspace, "out.sarif");
    await s.client.connection.sendRequest("workspace/executeCommand", {
      command: "seclsp.exportSarif",
      arguments: [sarif],
    });
    const exported = readFileSync(sarif, "utf8");
    expect(exported).toMatch(/cwe-502/i);
    expect(exported).not.toContain(API_KEY);
    await s.stop();
    expect(everythingSaid(s)).not.toContain(API_KEY);
    expect(everythingSaid(s)).not.toContain(API_KEY.slice(8, 30));
  }, 90_000);
});

describe("commands outside the workspace folders are refused", () => {
  const refused = /outside the workspace folders/;

  it("exportSarif / loadSarif paths, explain and debugInfo URIs outside → InvalidParams, nothing written", async () => {
    const s = await start(server.baseURL);
    const { uri } = await openVulnerable(s);
    const outsideUri = pathToFileURL(join(outside, "secret.py")).href;
    await s.client.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: outsideUri, languageId: "python", version: 1, text: CODE },
    });
    const attempts: Array<[string, unknown[]]> = [
      ["seclsp.exportSarif", [join(outside, "written.sarif")]],
      ["seclsp.exportSarif", [pathToFileURL(join(outside, "written2.sarif")).href]],
      ["seclsp.exportSarif", [join(workspace, "..", "outside", "escape.sarif")]],
      ["seclsp.loadSarif", ["/etc/passwd"]],
      ["seclsp.explain", [outsideUri, "any-fingerprint"]],
      ["seclsp.repair", [{ uri: outsideUri, ruleId: "py/unsafe-deserialization" }]],
      ["seclsp.debugInfo", [{ uri: outsideUri }]],
    ];
    for (const [command, args] of attempts) {
      const error = await s.client.connection
        .sendRequest("workspace/executeCommand", { command, arguments: args })
        .then(
          () => undefined,
          (e: unknown) => e as { message: string },
        );
      expect(error?.message, `${command} ${JSON.stringify(args)}`).toMatch(refused);
    }
    expect(existsSync(join(outside, "written.sarif"))).toBe(false);
    expect(existsSync(join(outside, "written2.sarif"))).toBe(false);
    expect(existsSync(join(outside, "escape.sarif"))).toBe(false);
    // Control: the same commands inside the workspace work.
    const inside = join(workspace, "inside.sarif");
    await s.client.connection.sendRequest("workspace/executeCommand", {
      command: "seclsp.exportSarif",
      arguments: [inside],
    });
    expect(existsSync(inside)).toBe(true);
    const info = (await s.client.connection.sendRequest("workspace/executeCommand", {
      command: "seclsp.debugInfo",
      arguments: [{ uri }],
    })) as { version: number };
    expect(info.version).toBe(1);
    expect(s.appliedEdits).toEqual([]);
    await s.stop();
  }, 90_000);
});
