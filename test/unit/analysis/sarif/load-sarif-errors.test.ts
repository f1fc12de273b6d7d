import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import {
  findingsFromSarif,
  parseSarif,
  SarifParseError,
} from "../../../../server/src/analysis/sarif/import.js";
import { CommandIds } from "../../../../server/src/lsp/command-ids.js";
import { sarifCommandsFeature } from "../../../../server/src/lsp/features/sarif-commands.js";
import { SeclspServer } from "../../../../server/src/lsp/seclsp-server.js";
import { FULL_CAPABILITIES, IN_PROCESS_FEATURES, InMemoryDocuments } from "../../../helpers/lsp-harness.js";
import { RecordingLspClient } from "../../../helpers/lsp-recording-client.js";

const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const FEATURES = IN_PROCESS_FEATURES.filter((f) => f.name !== "sarif-commands");

/** A fresh secret-looking value per run: if an error quotes the file, this shows up in it. */
function secret(): string {
  return `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
}

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function setup() {
  const root = await mkdtemp(path.join(os.tmpdir(), "seclsp-load-sarif-"));
  roots.push(root);
  const client = new RecordingLspClient();
  const server = new SeclspServer({
    client,
    documents: new InMemoryDocuments(),
    features: [...FEATURES, sarifCommandsFeature],
  });
  server.initialize({ processId: null, rootUri: null, capabilities: FULL_CAPABILITIES });
  await server.initialized();
  const load = (file: string) =>
    server.executeCommand({ command: CommandIds.loadSarif, arguments: [file, root] }, { token });
  return { root, client, load };
}

/** The command's error, which must be an InvalidParams ResponseError. */
async function loadError(load: () => Promise<unknown>): Promise<string> {
  const error = await load().then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ResponseError);
  expect((error as ResponseError<void>).code).toBe(ErrorCodes.InvalidParams);
  return (error as ResponseError<void>).message;
}

describe("seclsp.loadSarif on files that are not SARIF", () => {
  const cases: Array<{ name: string; content: (key: string) => Buffer | string; why: RegExp }> = [
    {
      name: "truncated JSON",
      content: (key) => `{"runs": [{"tool": {"driver": {"name": "${key}"`,
      why: /not valid JSON .*ends early, truncated\?/,
    },
    {
      // V8's own message quotes the text around the bad token.
      name: "JSON with a bare secret as a value",
      content: (key) => `{"runs": ${key}}`,
      why: /not valid JSON .*unexpected character/,
    },
    {
      name: "JSON with a missing comma after a secret",
      content: (key) => `{"password": "${key}" "runs": []}`,
      why: /not valid JSON .*error at character \d+/,
    },
    {
      name: "JSON that is not SARIF",
      content: (key) => JSON.stringify({ aws_secret_access_key: key }),
      why: /not a SARIF log: no `runs` array/,
    },
    {
      name: "SARIF-like JSON without a tool driver",
      content: (key) => JSON.stringify({ version: "2.1.0", runs: [{ tool: { name: key } }] }),
      why: /not a SARIF log: runs\[0\]\.tool\.driver is missing/,
    },
    {
      name: "results that are not objects",
      content: (key) => JSON.stringify({ runs: [{ tool: { driver: { name: "x" } }, results: [key] }] }),
      why: /not a SARIF log: runs\[0\]\.results\[0\] is not an object/,
    },
    {
      name: "binary content",
      content: (key) => Buffer.concat([randomBytes(512), Buffer.from(key), Buffer.from([0, 0xff, 0xfe])]),
      why: /not valid JSON/,
    },
    {
      name: "a private key",
      content: (key) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${key}\n-----END OPENSSH PRIVATE KEY-----\n`,
      why: /not valid JSON/,
    },
  ];

  for (const { name, content, why } of cases) {
    it(`${name}: names the file and the problem, never the content`, async () => {
      const { root, load } = await setup();
      const key = secret();
      const file = path.join(root, `given by mistake ${name.replace(/\W+/g, "-")}.sarif`);
      const bytes = content(key);
      await writeFile(file, bytes);
      const message = await loadError(() => load(file));
      expect(message).toContain(`cannot load SARIF from ${file}: `);
      expect(message).toMatch(why);
      expect(message).not.toContain(key);
      expect(message).not.toContain(key.slice(0, 8));
      expect(message).not.toContain(key.slice(4, 12));
      // Not even the first bytes of the file.
      const head = Buffer.from(bytes).subarray(0, 12).toString("utf8");
      expect(message).not.toContain(head);
    });
  }

  it("a missing file and a directory are named as such", async () => {
    const { root, load } = await setup();
    const missing = path.join(root, "nope.sarif");
    expect(await loadError(() => load(missing))).toMatch(
      /cannot load SARIF from .*nope\.sarif: no such file/,
    );
    const dir = path.join(root, "results.sarif");
    await mkdir(dir);
    expect(await loadError(() => load(dir))).toMatch(/results\.sarif: not a regular file/);
  });

  it.runIf(existsSync("/dev/zero"))("refuses a device instead of reading it forever", async () => {
    const { load } = await setup();
    expect(await loadError(() => load("/dev/zero"))).toMatch(/\/dev\/zero: not a regular file/);
  });

  it.runIf(process.platform !== "win32")("refuses a FIFO without waiting for a writer", async () => {
    const { root, load } = await setup();
    const fifo = path.join(root, "pipe.sarif");
    execFileSync("mkfifo", [fifo]);
    expect(await loadError(() => load(fifo))).toMatch(/pipe\.sarif: not a regular file/);
  });

  it.runIf(existsSync("/dev/zero"))("does not read devices that results point at", async () => {
    const { root, load } = await setup();
    const file = path.join(root, "points-at-a-device.sarif");
    const log = {
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "T" } },
          results: [
            {
              ruleId: "py/x",
              message: { text: "m" },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: "file:///dev/zero" },
                    region: { startLine: 1, startColumn: 1 },
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    await writeFile(file, JSON.stringify(log));
    await expect(load(file)).resolves.toEqual({ results: 1, shown: 0, files: 1 });
  });

  it("still loads a SARIF file that starts with a byte order mark", async () => {
    const { root, load } = await setup();
    const file = path.join(root, "bom.sarif");
    await writeFile(
      file,
      `\uFEFF${JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: "T" } } }] })}`,
    );
    await expect(load(file)).resolves.toEqual({ results: 0, shown: 0, files: 0 });
  });
});

describe("parseSarif errors", () => {
  it("start with the given name and do not quote the text", () => {
    const key = secret();
    for (const text of [`{"token": "${key}" oops}`, `{"token": "${key}`, `[${JSON.stringify(key)}]`]) {
      let error: unknown;
      try {
        parseSarif(text, "ci.sarif");
      } catch (failure) {
        error = failure;
      }
      expect(error).toBeInstanceOf(SarifParseError);
      expect((error as Error).message).toMatch(/^ci\.sarif is not (valid JSON|a SARIF log)/);
      expect((error as Error).message).not.toContain(key.slice(4, 12));
      expect((error as Error).cause).toBeUndefined();
    }
  });
});

describe("findingsFromSarif on odd field types", () => {
  it("imports what it can and keeps every message a string", () => {
    const location = {
      physicalLocation: { artifactLocation: { uri: "a.py" }, region: { startLine: 3, startColumn: 1 } },
    };
    const text = JSON.stringify({
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "T" } },
          results: [
            { ruleId: "py/a", locations: [location] }, // no message at all
            {
              ruleId: "py/b",
              message: { text: 42 },
              locations: [location],
              relatedLocations: "not an array",
              codeFlows: [{ threadFlows: [{ locations: { not: "an array" } }] }],
            },
            {
              ruleId: "py/c",
              message: { text: "from [x](1)" },
              locations: [location],
              relatedLocations: [{ ...location, id: 1, message: { text: 7 } }],
            },
          ],
        },
      ],
    });
    const findings = findingsFromSarif(parseSarif(text), { sourceRoot: "/r" });
    expect(findings.map((f) => f.ruleId)).toEqual(["py/a", "py/b", "py/c"]);
    for (const finding of findings) {
      expect(typeof finding.message).toBe("string");
      for (const step of finding.flow ?? []) expect(typeof step.message).toBe("string");
    }
    // The related location became flow step 1, so the link still resolves.
    expect(findings[2]!.message).toBe("from [x](1)");
    expect(findings[2]!.flow![0]!.message).toBe("");
  });
});
