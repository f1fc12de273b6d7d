import { describe, expect, it } from "vitest";
import { LspHarness } from "../helpers/lsp-harness.js";

describe("initialize result", () => {
  it("announces exactly these capabilities", async () => {
    const lsp = new LspHarness();
    const result = lsp.server.initialize({ processId: null, rootUri: null, capabilities: {} });
    expect(result.serverInfo?.name).toBe("seclsp");
    expect(result.capabilities).toMatchInlineSnapshot(`
      {
        "codeActionProvider": {
          "codeActionKinds": [
            "quickfix",
            "source.seclsp",
          ],
          "resolveProvider": true,
        },
        "executeCommandProvider": {
          "commands": [
            "seclsp.debugInfo",
          ],
        },
        "positionEncoding": "utf-16",
        "textDocumentSync": {
          "change": 2,
          "openClose": true,
          "save": {
            "includeText": false,
          },
        },
      }
    `);
  });
});
