// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Diagnostic, DiagnosticSeverity } from "vscode-languageserver/node.js";
import { EmbeddedAnalyzer } from "../../server/src/analysis/embedded/embedded-analyzer.js";
import { visibleFindings } from "../../server/src/analysis/visible-findings.js";
import { findingToDiagnostic } from "../../server/src/lsp/finding-diagnostic.js";
import { LspHarness } from "../helpers/lsp-harness.js";
import { isWithin, rangeOf } from "../helpers/lsp-positions.js";

const URI = "file:///project/app.py";
const VULNERABLE = [
  "import pickle",
  "import hashlib",
  "",
  "",
  "def load(data):",
  "    return pickle.loads(data)",
  "",
  "",
  "def digest(value):",
  "    return hashlib.md5(value).hexdigest()",
  "",
].join("\n");

/** What the core pipeline says about `text`; the LSP must show exactly this. */
async function coreDiagnostics(text: string, path = "/project/app.py", uri = URI, version = 1) {
  await EmbeddedAnalyzer.ready();
  // visibleFindings: merge, suppressions, then stable fingerprints (what every consumer sees).
  const findings = visibleFindings(text, new EmbeddedAnalyzer().analyzeText({ path, text }));
  return findings.map((f) => findingToDiagnostic(f, { documentUri: uri, version, relatedInformation: true }));
}

function withCwe(diagnostics: Diagnostic[], cwe: string): Diagnostic[] {
  return diagnostics.filter((d) => d.message.includes(`[${cwe}`) || d.message.includes(` ${cwe}`));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("diagnostics on open", () => {
  it("publishes the core findings for the opened version with exact ranges, codes and CWE links", async () => {
    const lsp = await LspHarness.start();
    lsp.open(URI, VULNERABLE);
    const publishes = lsp.client.publishesFor(URI);
    expect(publishes).toHaveLength(1);
    expect(publishes[0]?.version).toBe(1);
    const diagnostics = lsp.client.lastDiagnostics(URI);
    expect(diagnostics).toEqual(await coreDiagnostics(VULNERABLE));

    const [pickle] = withCwe(diagnostics, "CWE-502");
    if (!pickle) throw new Error("expected a CWE-502 diagnostic");
    // The sink: ruff marks the call, the taint engine the tainted argument — both inside the call.
    expect(isWithin(pickle.range, rangeOf(VULNERABLE, "pickle.loads(data)"))).toBe(true);
    expect(pickle?.source).toBe("seclsp");
    // The rule id leads the message (clients that hide `code` still show it); CWEs close it.
    expect(pickle?.message.startsWith(`${String(pickle?.code)}: `)).toBe(true);
    expect(pickle?.message).toMatch(/ \[CWE-502\]$/);
    expect(typeof pickle?.code).toBe("string");
    expect(pickle?.data).toMatchObject({ ruleId: pickle?.code, source: "embedded" });
    expect((pickle.data as { fingerprint: string }).fingerprint).toMatch(/^[0-9a-f]{8,}$/);
    expect(pickle?.codeDescription?.href).toMatch(/^https:\/\//);

    const [md5] = withCwe(diagnostics, "CWE-327");
    if (!md5) throw new Error("expected a CWE-327 diagnostic");
    expect(isWithin(md5.range, rangeOf(VULNERABLE, "hashlib.md5(value)"))).toBe(true);
  });

  it("ignores documents that are not Python", async () => {
    const lsp = await LspHarness.start();
    lsp.open("file:///project/notes.md", "pickle.loads(data)", "markdown");
    expect(lsp.client.published).toHaveLength(0);
  });

  it("survives syntax errors, empty files, CRLF and astral characters with UTF-16 columns", async () => {
    const lsp = await LspHarness.start();
    const broken = "def f(:\n    return pickle.loads(x\n";
    lsp.open("file:///p/broken.py", broken);
    expect(lsp.client.publishesFor("file:///p/broken.py")).toHaveLength(1);

    lsp.open("file:///p/empty.py", "");
    expect(lsp.client.lastDiagnostics("file:///p/empty.py")).toEqual([]);

    const crlf = "import pickle\r\n\r\n# 😀 emoji\r\nx = '😀😀'; y = pickle.loads(b'x' + x.encode())\r\n";
    lsp.open("file:///p/crlf.py", crlf);
    const diagnostics = lsp.client.lastDiagnostics("file:///p/crlf.py");
    expect(diagnostics).toEqual(await coreDiagnostics(crlf, "/p/crlf.py", "file:///p/crlf.py"));
    const [pickle] = withCwe(diagnostics, "CWE-502");
    if (!pickle) throw new Error("expected a CWE-502 diagnostic");
    // Two astral characters are four UTF-16 code units: code-point columns would start 2 too early.
    const call = rangeOf(crlf, "pickle.loads(b'x' + x.encode())");
    expect(call.start.character).toBe("x = '😀😀'; y = ".length);
    expect(isWithin(pickle.range, call)).toBe(true);
  });

  it("shows one information diagnostic instead of findings for files over maxFileBytes", async () => {
    const lsp = await LspHarness.start({ initializationOptions: { maxFileBytes: 100 } });
    const big = `${VULNERABLE}\n${"# padding\n".repeat(20)}`;
    lsp.open(URI, big);
    const diagnostics = lsp.client.lastDiagnostics(URI);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.severity).toBe(DiagnosticSeverity.Information);
    expect(diagnostics[0]?.range.start).toEqual({ line: 0, character: 0 });
    expect(diagnostics[0]?.message).toBe(
      `seclsp skipped this file: ${Buffer.byteLength(big)} bytes > maxFileBytes (100)`,
    );
    // Shrinking it below the limit brings the findings back.
    lsp.change(URI, VULNERABLE.slice(0, 90));
    await lsp.save(URI);
    expect(lsp.client.lastDiagnostics(URI).some((d) => d.severity === DiagnosticSeverity.Information)).toBe(
      false,
    );
  });

  it("clears diagnostics on close", async () => {
    const lsp = await LspHarness.start();
    lsp.open(URI, VULNERABLE);
    expect(lsp.client.lastDiagnostics(URI).length).toBeGreaterThan(0);
    lsp.close(URI);
    const last = lsp.client.publishesFor(URI).at(-1);
    expect(last?.diagnostics).toEqual([]);
  });

  it("omits relatedInformation when the client does not support it", async () => {
    const finding = {
      ruleId: "py/sql-injection",
      cwes: ["CWE-89"],
      severity: "error" as const,
      message: "user data reaches SQL",
      file: "/project/app.py",
      range: { start: { line: 3, character: 4 }, end: { line: 3, character: 20 } },
      flow: [
        {
          file: "/project/app.py",
          range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } },
          message: "source",
        },
        {
          file: "/project/lib.py",
          range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } },
          message: "step",
        },
      ],
      source: "embedded" as const,
      fingerprint: "abcdef0123456789",
    };
    const withInfo = findingToDiagnostic(finding, { documentUri: URI, relatedInformation: true });
    expect(withInfo.relatedInformation?.map((r) => r.location.uri)).toEqual([URI, "file:///project/lib.py"]);
    expect(withInfo.relatedInformation?.[1]?.message).toBe("step");
    expect(withInfo.codeDescription?.href).toBe("https://cwe.mitre.org/data/definitions/89.html");
    expect(withInfo.message).toBe("py/sql-injection: user data reaches SQL [CWE-89]");
    const without = findingToDiagnostic(finding, { documentUri: URI, relatedInformation: false });
    expect(without.relatedInformation).toBeUndefined();
    const noCwe = findingToDiagnostic(
      { ...finding, cwes: [], helpUri: "https://example.test/rule" },
      {
        documentUri: URI,
        relatedInformation: false,
      },
    );
    expect(noCwe.message).toBe("py/sql-injection: user data reaches SQL");
    expect(noCwe.codeDescription?.href).toBe("https://example.test/rule");
    expect(noCwe.severity).toBe(DiagnosticSeverity.Error);
    expect(
      findingToDiagnostic({ ...finding, severity: "note" }, { documentUri: URI, relatedInformation: false })
        .severity,
    ).toBe(DiagnosticSeverity.Information);
  });
});
