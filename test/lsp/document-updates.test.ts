import { afterEach, describe, expect, it, vi } from "vitest";
import { LspHarness } from "../helpers/lsp-harness.js";
import { rangeOf } from "../helpers/lsp-positions.js";

const URI = "file:///project/app.py";
const SAFE = "import json\n\n\ndef load(data):\n    return json.loads(data)\n";
const UNSAFE = "import pickle\n\n\ndef load(data):\n    return pickle.loads(data)\n";

afterEach(() => {
  vi.useRealTimers();
});

describe("didChange", () => {
  it("debounces a typing burst into one analysis of the latest version", async () => {
    vi.useFakeTimers();
    const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 200 } });
    lsp.open(URI, SAFE);
    expect(lsp.client.publishesFor(URI)).toHaveLength(1);
    lsp.change(URI, `${SAFE}#`);
    vi.advanceTimersByTime(150);
    lsp.change(URI, `${SAFE}##`);
    vi.advanceTimersByTime(150);
    lsp.change(URI, UNSAFE);
    vi.advanceTimersByTime(199);
    expect(lsp.client.publishesFor(URI)).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const publishes = lsp.client.publishesFor(URI);
    expect(publishes).toHaveLength(2);
    expect(publishes[1]?.version).toBe(4);
    expect(publishes[1]?.diagnostics.map((d) => d.range)).toContainEqual(
      rangeOf(UNSAFE, "pickle.loads(data)"),
    );
  });

  it("applies incremental edits and reports positions in the edited text", async () => {
    vi.useFakeTimers();
    const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 0 } });
    lsp.open(URI, SAFE);
    // Replace "json" in `json.loads` with "pickle" via a ranged change, then add the import.
    const at = rangeOf(SAFE, "json.loads").start;
    lsp.change(URI, [
      { range: { start: at, end: { line: at.line, character: at.character + 4 } }, text: "pickle" },
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        text: "import pickle\n",
      },
    ]);
    vi.advanceTimersByTime(0);
    const text = lsp.text(URI);
    expect(text).toContain("pickle.loads(data)");
    expect(lsp.client.lastDiagnostics(URI).map((d) => d.range)).toContainEqual(
      rangeOf(text, "pickle.loads(data)"),
    );
    expect(lsp.client.publishesFor(URI).at(-1)?.version).toBe(2);
  });

  it("save analyzes at once, without waiting for the debounce", async () => {
    vi.useFakeTimers();
    const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 5000 } });
    lsp.open(URI, SAFE);
    lsp.change(URI, UNSAFE);
    expect(lsp.client.publishesFor(URI)).toHaveLength(1);
    await lsp.save(URI);
    expect(lsp.client.publishesFor(URI)).toHaveLength(2);
    expect(lsp.client.publishesFor(URI)[1]?.version).toBe(2);
    // The pending debounced run was dropped: no third publish for the same version.
    vi.advanceTimersByTime(10_000);
    expect(lsp.client.publishesFor(URI)).toHaveLength(2);
  });

  it("closing cancels pending work: nothing is published after the clear", async () => {
    vi.useFakeTimers();
    const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 100 } });
    lsp.open(URI, UNSAFE);
    lsp.change(URI, `${UNSAFE}\n`);
    lsp.close(URI);
    vi.advanceTimersByTime(1000);
    expect(lsp.client.publishesFor(URI).at(-1)?.diagnostics).toEqual([]);
  });
});

describe("findings by source", () => {
  it("drops findings computed for a version older than the document's current one", async () => {
    vi.useFakeTimers();
    const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 100 } });
    lsp.open(URI, UNSAFE);
    const before = lsp.client.published.length;
    const [finding] = lsp.server.findingsFor(URI);
    expect(finding).toBeDefined();
    if (!finding) return;
    lsp.change(URI, `${UNSAFE}\n# edited`);
    // A slow backend finishing for version 1 after the edit to version 2:
    const stale = { ...finding, source: "codeql" as const, ruleId: "py/stale" };
    expect(lsp.server.updateFindings(URI, "codeql", 1, [stale])).toBe(false);
    expect(lsp.client.published.length).toBe(before);
    // The same backend for the current version is merged with the embedded slice.
    vi.advanceTimersByTime(100);
    const fresh = {
      ...finding,
      source: "codeql" as const,
      ruleId: "py/fresh",
      cwes: ["CWE-1"],
      fingerprint: "f",
    };
    expect(lsp.server.updateFindings(URI, "codeql", 2, [fresh])).toBe(true);
    const last = lsp.client.publishesFor(URI).at(-1);
    expect(last?.version).toBe(2);
    expect(last?.diagnostics.map((d) => d.code)).toContain("py/fresh");
    expect(last?.diagnostics.map((d) => d.code)).not.toContain("py/stale");
    expect(last?.diagnostics.length).toBeGreaterThan(1);
  });

  it("never publishes for a closed document", async () => {
    const lsp = await LspHarness.start();
    lsp.open(URI, UNSAFE);
    lsp.close(URI);
    const count = lsp.client.published.length;
    expect(lsp.server.updateFindings(URI, "codeql", 1, [])).toBe(false);
    expect(lsp.client.published.length).toBe(count);
  });
});
