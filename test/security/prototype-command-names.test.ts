// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { afterAll, describe, expect, it } from "vitest";
import { ErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import { RawLspProcess } from "../fuzz/raw-lsp-process.js";
import { LspHarness } from "../helpers/lsp-harness.js";

/** Names every plain object answers to through its prototype; none is a seclsp command. */
const PROTOTYPE_NAMES = [
  "constructor",
  "toString",
  "__proto__",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "__defineGetter__",
  "toLocaleString",
];
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

describe("workspace/executeCommand with prototype-named commands", () => {
  it("in-process: each is a clean 'unknown command' (InvalidParams); the server keeps serving", async () => {
    // With workspace folders, so the path checks run too, and string arguments that look like paths.
    const lsp = await LspHarness.start({ workspaceFolders: [{ uri: "file:///project", name: "project" }] });
    for (const command of PROTOTYPE_NAMES) {
      for (const args of [[], ["../../etc/passwd", "x"], [{ uri: "file:///project/a.py" }]]) {
        const error = await lsp.server.executeCommand({ command, arguments: args }, { token }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, command).toBeInstanceOf(ResponseError);
        expect((error as ResponseError<unknown>).code).toBe(ErrorCodes.InvalidParams);
        expect((error as ResponseError<unknown>).message).toMatch(/unknown command/);
      }
    }
    const info = await lsp.server.executeCommand({ command: CommandIds.debugInfo }, { token });
    expect(info).toMatchObject({ openDocuments: 0 });
  });

  describe("over stdio with the built server", () => {
    const server = new RawLspProcess({ ...process.env, SECLSP_LOG_LEVEL: "error" });
    afterAll(() => server.kill());

    it("answers each with an error naming the unknown command and stays alive", async () => {
      server.send({
        id: 0,
        method: "initialize",
        params: { processId: null, rootUri: null, capabilities: {} },
      });
      expect((await server.response(0)).result).toBeDefined();
      server.send({ method: "initialized", params: {} });
      for (const [i, command] of PROTOTYPE_NAMES.entries()) {
        server.send({ id: i + 1, method: "workspace/executeCommand", params: { command, arguments: ["x"] } });
      }
      for (const [i, command] of PROTOTYPE_NAMES.entries()) {
        const response = await server.response(i + 1);
        expect(response.error?.message, command).toMatch(/unknown command/);
      }
      server.send({
        id: "after",
        method: "workspace/executeCommand",
        params: { command: CommandIds.debugInfo },
      });
      expect((await server.response("after")).error).toBeUndefined();
      expect(server.alive).toBe(true);
      expect(server.stderr).not.toMatch(/uncaught|unhandled/i);
    });
  });
});
