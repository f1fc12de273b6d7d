// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LspHarness } from "../helpers/lsp-harness.js";
import { isWithin, rangeOf } from "../helpers/lsp-positions.js";

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
    const call = rangeOf(UNSAFE, "pickle.loads(data)");
    expect(publishes[1]?.diagnostics.some((d) => isWithin(d.range, call))).toBe(true);
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
    const call = rangeOf(text, "pickle.loads(data)");
    expect(lsp.client.lastDiagnostics(URI).some((d) => isWithin(d.range, call))).toBe(true);
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
  it("refuses findings computed for a version older than the document's current one", async () => {
    vi.useFakeTimers();
    const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 100 } });
    lsp.open(URI, UNSAFE);
    const before = lsp.client.published.length;
    const embedded = lsp.server.findingsFor(URI);
    expect(embedded.length).toBeGreaterThan(0);
    // A CodeQL-only problem on the import line (no embedded finding there to merge with).
    const codeql = (ruleId: string) => ({
      ruleId,
      cwes: ["CWE-1"],
      severity: "warning" as const,
      message: "from CodeQL",
      file: "/project/app.py",
      range: rangeOf(UNSAFE, "import pickle"),
      source: "codeql" as const,
      fingerprint: ruleId,
    });
    lsp.change(URI, `${UNSAFE}\n# edited`);
    // A slow backend finishing for version 1 after the edit to version 2:
    expect(lsp.server.updateFindings(URI, "codeql", 1, [codeql("py/stale")])).toBe(false);
    expect(lsp.client.published.length).toBe(before);
    // The same backend for the current version is published along with the embedded slice.
    vi.advanceTimersByTime(100);
    expect(lsp.server.updateFindings(URI, "codeql", 2, [codeql("py/fresh")])).toBe(true);
    const last = lsp.client.publishesFor(URI).at(-1);
    expect(last?.version).toBe(2);
    expect(last?.diagnostics.map((d) => d.code)).toContain("py/fresh");
    expect(last?.diagnostics.map((d) => d.code)).not.toContain("py/stale");
    expect(last?.diagnostics.length).toBe(embedded.length + 1);
  });

  it("carries another source's findings to the new text when the user types", async () => {
    vi.useFakeTimers();
    const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 0 } });
    const text = "import os\n\n\ndef run(cmd):\n    os.system(cmd)\n";
    lsp.open(URI, text);
    const sink = rangeOf(text, "os.system(cmd)");
    const codeql = {
      ruleId: "py/codeql-only",
      cwes: ["CWE-1"],
      severity: "warning" as const,
      message: "from CodeQL",
      file: "/project/app.py",
      range: sink,
      source: "codeql" as const,
      fingerprint: "c0de",
    };
    expect(lsp.server.updateFindings(URI, "codeql", 1, [codeql])).toBe(true);
    const codeqlRange = () => lsp.client.lastDiagnostics(URI).find((d) => d.code === "py/codeql-only")?.range;
    expect(codeqlRange()).toEqual(sink);

    // A line inserted above: the CodeQL finding moves down with its line.
    lsp.change(URI, `# header\n${text}`);
    vi.advanceTimersByTime(0);
    expect(lsp.client.publishesFor(URI).at(-1)?.version).toBe(2);
    expect(codeqlRange()).toEqual(rangeOf(`# header\n${text}`, "os.system(cmd)"));

    // Its own line edited: the finding no longer describes the text and is dropped.
    lsp.change(URI, `# header\n${text.replace("os.system(cmd)", "print(cmd)")}`);
    vi.advanceTimersByTime(0);
    expect(codeqlRange()).toBeUndefined();
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
