// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { describe, expect, it } from "vitest";
import { FEATURES } from "../../server/src/lsp/features/index.js";
import { LspHarness } from "../helpers/lsp-harness.js";

describe("initialize result", () => {
  it("announces exactly these capabilities (with every registered feature)", async () => {
    const lsp = new LspHarness(FEATURES);
    const result = await lsp.server.initialize({ processId: null, rootUri: null, capabilities: {} });
    expect(result.serverInfo?.name).toBe("seclsp");
    expect(result.capabilities).toMatchInlineSnapshot(`
      {
        "codeActionProvider": {
          "codeActionKinds": [
            "quickfix",
            "source.seclsp",
          ],
        },
        "executeCommandProvider": {
          "commands": [
            "seclsp.addModel",
            "seclsp.debugInfo",
            "seclsp.explain",
            "seclsp.exportSarif",
            "seclsp.generate",
            "seclsp.loadSarif",
            "seclsp.repair",
            "seclsp.runCodeql",
            "seclsp.scanWorkspace",
            "seclsp.showDataFlow",
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
        "workspace": {
          "workspaceFolders": {
            "changeNotifications": true,
            "supported": true,
          },
        },
      }
    `);
  });
});
