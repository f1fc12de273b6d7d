import { afterEach, describe, expect, it } from "vitest";
import { RawLspProcess } from "./raw-lsp-process.js";

/**
 * A client whose framing breaks (bad or duplicate Content-Length, garbage headers) must see the
 * server exit non-zero with a reason on stderr, so the editor notices and restarts it, instead
 * of a process that is alive but never answers again. Over real stdio with the built server.
 */
const started: RawLspProcess[] = [];
afterEach(() => {
  for (const server of started.splice(0)) server.kill();
});

async function initialized(): Promise<RawLspProcess> {
  const server = new RawLspProcess({ ...process.env, SECLSP_LOG_LEVEL: "error" });
  started.push(server);
  server.send({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } });
  expect((await server.response(1)).result).toBeDefined();
  server.send({ method: "initialized", params: {} });
  return server;
}

const BODY = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "shutdown" });
const BAD_FRAMES: Array<[string, string, RegExp]> = [
  ["non-numeric Content-Length", `Content-Length: abc\r\n\r\n${BODY}`, /not a number/],
  ["negative Content-Length", `Content-Length: -5\r\n\r\n${BODY}`, /not a number/],
  ["fractional Content-Length", `Content-Length: 1.5\r\n\r\n${BODY}`, /not a number/],
  [
    "duplicate Content-Length",
    `Content-Length: ${BODY.length}\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`,
    /duplicate Content-Length/,
  ],
  [
    "no Content-Length",
    `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${BODY}`,
    /without Content-Length/,
  ],
  ["a header line without a colon", `hello there\r\n\r\n${BODY}`, /malformed header/],
  ["an absurd Content-Length", `Content-Length: 99999999999\r\n\r\n${BODY}`, /over the/],
  [
    "a header block that never ends",
    `Content-Length: 5\r\nX-Padding: ${"a".repeat(20_000)}`,
    /no end of header/,
  ],
];

describe("broken framing ends the server with a non-zero exit and a reason on stderr", () => {
  for (const [name, bytes, reason] of BAD_FRAMES) {
    it(name, async () => {
      const server = await initialized();
      server.sendRaw(bytes);
      const code = await server.exited();
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(server.stderr).toMatch(/seclsp: fatal: unreadable LSP input/);
      expect(server.stderr).toMatch(reason);
    });
  }

  it("a frame split across writes at every awkward place is still read (control)", async () => {
    const server = await initialized();
    const frame = `Content-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`;
    for (const piece of [frame.slice(0, 3), frame.slice(3, 17), frame.slice(17, 20), frame.slice(20)]) {
      server.sendRaw(piece);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await server.response(2)).error).toBeUndefined();
    expect(server.alive).toBe(true);
    server.send({ method: "exit" });
    expect(await server.exited()).toBe(0);
  });
});
