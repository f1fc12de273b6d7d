import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { RawLspProcess } from "./raw-lsp-process.js";

/**
 * Random and malformed JSON-RPC against the built server over stdio. Seeded and bounded:
 * `npm test` sends SECLSP_FUZZ_MESSAGES (default 600); `npm run test:fuzz` sends 10,000.
 * Reproduce a failure with SECLSP_FUZZ_SEED=<seed printed in the test name>.
 */
const COUNT = Number(process.env.SECLSP_FUZZ_MESSAGES ?? 600);
const SEED = Number(process.env.SECLSP_FUZZ_SEED ?? 20261125);

const uris = fc.constantFrom(
  "file:///fuzz/a.py",
  "file:///fuzz/b.py",
  "file:///fuzz/with%20space%20%24(rm%20-rf)%3B.py",
  "file:///never/opened.py",
  "untitled:Untitled-1",
  "not a uri",
  "",
);
const position = fc.record({
  line: fc.oneof(fc.nat(20), fc.integer({ min: -5, max: 2 ** 31 }), fc.constant(Number.MAX_SAFE_INTEGER)),
  character: fc.oneof(fc.nat(40), fc.integer({ min: -5, max: 2 ** 31 })),
});
const range = fc.record({ start: position, end: position });
const pythonish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    "import pickle\npickle.loads(data)\n",
    "def f(:\n  return eval(x\n",
    "x = '😀'; import os; os.system(cmd)\r\n",
    "\t\tsubprocess.call(c, shell=True)\n",
    "",
  ),
  fc.string({ unit: "binary", maxLength: 120 }),
);
const anyParams = fc.oneof(fc.anything({ maxDepth: 3 }), fc.constant(undefined), fc.constant(null));

const requestMethods = fc.oneof(
  fc.constantFrom(
    "textDocument/codeAction",
    "codeAction/resolve",
    "workspace/executeCommand",
    "textDocument/hover",
    "textDocument/completion",
    "initialize",
    "workspace/symbol",
  ),
  fc.string({ maxLength: 30 }),
);

type FuzzMessage =
  | { kind: "request"; method: string; params: unknown }
  | { kind: "notification"; method: string; params: unknown }
  | { kind: "raw"; bytes: string };

const structuredRequest = fc.oneof(
  fc.record({
    method: fc.constant("textDocument/codeAction"),
    params: fc.record({
      textDocument: fc.record({ uri: uris }),
      range,
      context: fc.oneof(fc.record({ diagnostics: fc.constant([]) }), anyParams),
    }),
  }),
  fc.record({
    method: fc.constant("workspace/executeCommand"),
    params: fc.record({
      command: fc.constantFrom("seclsp.debugInfo", "seclsp.explain", "seclsp.repair", "seclsp.nope", ""),
      arguments: fc.oneof(fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }), anyParams),
    }),
  }),
  fc.record({
    method: fc.constant("codeAction/resolve"),
    params: fc.oneof(fc.record({ title: fc.string(), data: anyParams }), anyParams),
  }),
  fc.record({ method: requestMethods, params: anyParams }),
);

const structuredNotification = fc.oneof(
  fc.record({
    method: fc.constant("textDocument/didOpen"),
    params: fc.record({
      textDocument: fc.record({
        uri: uris,
        languageId: fc.constantFrom("python", "plaintext", ""),
        version: fc.integer(),
        text: pythonish,
      }),
    }),
  }),
  fc.record({
    method: fc.constant("textDocument/didChange"),
    params: fc.record({
      textDocument: fc.record({ uri: uris, version: fc.integer() }),
      contentChanges: fc.array(
        fc.oneof(fc.record({ range, text: pythonish }), fc.record({ text: pythonish }), anyParams),
        { maxLength: 4 },
      ),
    }),
  }),
  fc.record({
    method: fc.constantFrom("textDocument/didSave", "textDocument/didClose"),
    params: fc.record({ textDocument: fc.record({ uri: uris }) }),
  }),
  fc.record({
    method: fc.constant("workspace/didChangeConfiguration"),
    params: fc.record({ settings: anyParams }),
  }),
  fc.record({
    method: fc.constant("$/cancelRequest"),
    params: fc.record({ id: fc.oneof(fc.integer(), fc.string()) }),
  }),
  fc.record({ method: fc.string({ maxLength: 30 }).filter((m) => m !== "exit"), params: anyParams }),
);

const rawGarbage = fc.oneof(
  fc.string({ maxLength: 80 }).map((s) => `{${s}`), // broken JSON in a well-formed frame
  fc.constantFrom(
    "[]",
    "null",
    "42",
    '"str"',
    '{"jsonrpc":"2.0"}',
    '{"jsonrpc":"2.0","id":{},"method":7}',
    '{"id":1.5,"method":"x"}',
  ),
);

const fuzzMessage: fc.Arbitrary<FuzzMessage> = fc.oneof(
  { weight: 4, arbitrary: structuredRequest.map((r) => ({ kind: "request" as const, ...r })) },
  { weight: 5, arbitrary: structuredNotification.map((n) => ({ kind: "notification" as const, ...n })) },
  { weight: 1, arbitrary: rawGarbage.map((bytes) => ({ kind: "raw" as const, bytes })) },
);

describe(`JSON-RPC fuzz (${COUNT} messages, seed ${SEED})`, () => {
  const server = new RawLspProcess({ ...process.env, SECLSP_LOG_LEVEL: "error" });
  afterAll(() => server.kill());

  it("stays alive and answers every request with a result or an error", async () => {
    server.send({
      id: "init",
      method: "initialize",
      params: { processId: null, rootUri: null, capabilities: {} },
    });
    expect((await server.response("init")).result).toBeDefined();
    server.send({ method: "initialized", params: {} });

    const messages = fc.sample(fuzzMessage, { seed: SEED, numRuns: COUNT });
    const requestIds: number[] = [];
    const methodOf = new Map<number, unknown>();
    let nextId = 1;
    for (const [index, message] of messages.entries()) {
      if (message.kind === "raw") server.sendFrame(message.bytes);
      else if (message.kind === "notification")
        server.send({ method: message.method, params: message.params });
      else {
        const id = nextId++;
        requestIds.push(id);
        methodOf.set(id, message.method);
        server.send({ id, method: message.method, params: message.params });
      }
      // A few huge payloads: a 3 MB document (over maxFileBytes) opened and edited.
      if (index % 2500 === 1250) {
        server.send({
          method: "textDocument/didOpen",
          params: {
            textDocument: {
              uri: `file:///fuzz/huge-${index}.py`,
              languageId: "python",
              version: 1,
              text: "x = 1\n".repeat(500_000),
            },
          },
        });
      }
      if (index % 200 === 0) await new Promise((r) => setImmediate(r));
    }
    server.send({
      id: "sentinel",
      method: "workspace/executeCommand",
      params: { command: "seclsp.debugInfo", arguments: [] },
    });
    const sentinel = await server.response("sentinel", 60_000);
    expect(sentinel.error).toBeUndefined();

    // Requests that wait for an analysis (code actions, commands flush a pending analysis; data flow
    // runs in a worker) may be answered after the sentinel: give them a bounded time to arrive.
    const pending = () => requestIds.filter((id) => !server.responses.has(id));
    for (let i = 0; i < 600 && pending().length > 0 && server.alive; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const unanswered = pending();
    const described = unanswered.slice(0, 10).map((id) => `${id} (${String(methodOf.get(id))})`);
    expect(unanswered, `requests without a response: ${described.join(", ")}`).toEqual([]);
    for (const id of requestIds) {
      const response = server.responses.get(id)!;
      expect("result" in response || "error" in response).toBe(true);
    }
    expect(server.alive).toBe(true);
    const logText = server.notifications
      .filter((n) => n.method === "window/logMessage")
      .map((n) => (n.params as { message: string }).message)
      .join("\n");
    expect(`${logText}\n${server.stderr}`).not.toMatch(/unhandled ?rejection|uncaught ?exception/i);
  }, 300_000);

  it("answers requests after shutdown with an error and exits with 0 on exit", async () => {
    server.send({ id: "shutdown", method: "shutdown" });
    expect((await server.response("shutdown")).error).toBeUndefined();
    server.send({
      id: "late",
      method: "textDocument/codeAction",
      params: {
        textDocument: { uri: "file:///fuzz/a.py" },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      },
    });
    const late = await server.response("late");
    expect(late.error).toBeDefined();
    server.send({ method: "exit" });
    for (let i = 0; i < 100 && server.alive; i++) await new Promise((r) => setTimeout(r, 50));
    expect(server.exitCode).toBe(0);
  });
});
