// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { describe, expect, it } from "vitest";
import { MessageType } from "vscode-languageserver/node.js";
import { DEFAULT_CONFIG } from "../../server/src/config/schema.js";
import { resolveSettings, seclspSection } from "../../server/src/lsp/settings.js";
import { LspHarness } from "../helpers/lsp-harness.js";

const URI = "file:///project/app.py";
const UNSAFE = "import pickle\n\n\ndef load(data):\n    return pickle.loads(data)\n";

describe("settings", () => {
  it("accepts the seclsp object or a tree with a seclsp key", () => {
    expect(seclspSection({ seclsp: { debounceMs: 5 } })).toEqual({ debounceMs: 5 });
    expect(seclspSection({ debounceMs: 5 })).toEqual({ debounceMs: 5 });
    expect(seclspSection(null)).toBeUndefined();
  });

  it("overlays the client's section on initializationOptions key by key", () => {
    const { config, problems } = resolveSettings(
      { seclsp: { debounceMs: 5, codeql: { mode: "off", timeoutMs: 1000 } } },
      { codeql: { mode: "on" } },
    );
    expect(problems).toEqual([]);
    expect(config.debounceMs).toBe(5);
    expect(config.codeql.mode).toBe("on");
    expect(config.codeql.timeoutMs).toBe(1000);
    // A client that has nothing for the section (null) leaves initializationOptions in effect.
    expect(resolveSettings({ debounceMs: 7 }, null).config.debounceMs).toBe(7);
  });
});

describe("configuration in the server", () => {
  it("takes initializationOptions in both shapes", async () => {
    const flat = await LspHarness.start({ initializationOptions: { debounceMs: 3 } });
    expect(flat.server.currentConfig().debounceMs).toBe(3);
    const nested = await LspHarness.start({ initializationOptions: { seclsp: { debounceMs: 4 } } });
    expect(nested.server.currentConfig().debounceMs).toBe(4);
  });

  it("pulls workspace/configuration on initialized and lets it override initializationOptions", async () => {
    const lsp = await LspHarness.start({
      initializationOptions: { debounceMs: 3, logLevel: "debug" },
      configuration: { debounceMs: 9 },
    });
    expect(lsp.client.configurationRequests).toBe(1);
    expect(lsp.server.currentConfig().debounceMs).toBe(9);
    expect(lsp.server.currentConfig().logLevel).toBe("debug");
  });

  it("reports invalid values in ONE warning, keeps defaults for them and applies the valid ones", async () => {
    const lsp = await LspHarness.start({
      initializationOptions: { debounceMs: "fast", threatModel: "everything", maxFileBytes: 1234 },
    });
    expect(lsp.client.messages).toHaveLength(1);
    const [warning] = lsp.client.messages;
    expect(warning?.type).toBe(MessageType.Warning);
    expect(warning?.message).toContain("seclsp.debounceMs");
    expect(warning?.message).toContain("seclsp.threatModel");
    const config = lsp.server.currentConfig();
    expect(config.debounceMs).toBe(DEFAULT_CONFIG.debounceMs);
    expect(config.threatModel).toBe(DEFAULT_CONFIG.threatModel);
    expect(config.maxFileBytes).toBe(1234);
    // The same bad settings pushed again do not nag a second time.
    await lsp.server.didChangeConfiguration({ settings: { seclsp: { debounceMs: "fast" } } });
    expect(lsp.client.messages).toHaveLength(1);
  });

  it("re-pulls on didChangeConfiguration and re-analyzes open documents when the config changed", async () => {
    const lsp = await LspHarness.start({ configuration: {} });
    lsp.open(URI, UNSAFE);
    expect(lsp.client.lastDiagnostics(URI).length).toBeGreaterThan(0);
    const publishes = lsp.client.publishesFor(URI).length;

    lsp.client.configuration = { embedded: { enabled: false } };
    await lsp.server.didChangeConfiguration({ settings: null });
    expect(lsp.client.configurationRequests).toBe(2);
    expect(lsp.client.publishesFor(URI)).toHaveLength(publishes + 1);
    expect(lsp.client.lastDiagnostics(URI)).toEqual([]);

    // Unchanged settings: no needless re-analysis.
    await lsp.server.didChangeConfiguration({ settings: null });
    expect(lsp.client.publishesFor(URI)).toHaveLength(publishes + 1);
  });

  it("uses pushed settings when the client cannot answer workspace/configuration", async () => {
    const lsp = await LspHarness.start({ capabilities: {} });
    expect(lsp.client.configurationRequests).toBe(0);
    await lsp.server.didChangeConfiguration({ settings: { seclsp: { maxFileBytes: 10 } } });
    expect(lsp.client.configurationRequests).toBe(0);
    expect(lsp.server.currentConfig().maxFileBytes).toBe(10);
    lsp.open(URI, UNSAFE);
    expect(lsp.client.lastDiagnostics(URI)[0]?.message).toMatch(/^seclsp skipped this file/);
  });

  it("applies embedded.ignoreRules to the analysis", async () => {
    const lsp = await LspHarness.start({ configuration: {} });
    const constant = "import pickle\n\nobj = pickle.loads(b'constant')\n";
    lsp.open(URI, constant);
    expect(lsp.client.lastDiagnostics(URI).some((d) => d.message.includes("[CWE-502]"))).toBe(true);
    lsp.client.configuration = { embedded: { ignoreRules: ["S301"] } };
    await lsp.server.didChangeConfiguration({ settings: null });
    expect(lsp.client.lastDiagnostics(URI)).toEqual([]);
  });

  it("does not analyze documents matched by seclsp.exclude, and clears them when excluded later", async () => {
    const lsp = await LspHarness.start({
      workspaceFolders: [{ uri: "file:///project", name: "project" }],
      configuration: { exclude: ["tests/**", "generated_*.py"] },
    });
    lsp.open("file:///project/tests/test_app.py", UNSAFE);
    lsp.open("file:///project/pkg/generated_models.py", UNSAFE);
    lsp.open(URI, UNSAFE);
    expect(lsp.client.publishesFor("file:///project/tests/test_app.py")).toEqual([]);
    expect(lsp.client.publishesFor("file:///project/pkg/generated_models.py")).toEqual([]);
    expect(lsp.client.lastDiagnostics(URI).length).toBeGreaterThan(0);

    lsp.client.configuration = { exclude: ["app.py"] };
    await lsp.server.didChangeConfiguration({ settings: null });
    expect(lsp.client.lastDiagnostics(URI)).toEqual([]);
    // Un-excluded files are analyzed now.
    expect(lsp.client.lastDiagnostics("file:///project/tests/test_app.py").length).toBeGreaterThan(0);
  });
});
