import { describe, expect, it } from "vitest";
import type { PublishDiagnosticsParams } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { KnownFindings } from "../../../server/src/baseline/known-findings.js";
import { DocumentFindings } from "../../../server/src/lsp/document-findings.js";
import type { LspClient } from "../../../server/src/lsp/lsp-client.js";

const URI = "file:///project/app.py";
const PATH = "/project/app.py";
const TEXT = ["import os", "x = 1", "os.system(cmd)", "eval(data)", "y = 2", ""].join("\n");

function finding(ruleId: string, line: number, flowMessage?: string): Finding {
  const range = { start: { line, character: 0 }, end: { line, character: 4 } };
  return {
    ruleId,
    cwes: ["CWE-78"],
    severity: "warning",
    message: `${ruleId} here`,
    file: PATH,
    range,
    source: "embedded",
    // Provisional fingerprints come from the line's text, not its number: a moved finding keeps it.
    fingerprint: `${ruleId}-fingerprint`,
    reporters: [{ tool: "taint", ruleId }],
    ...(flowMessage ? { flow: [{ file: PATH, range, message: flowMessage }] } : {}),
  };
}

/** Keeps the params objects themselves (not copies), so a re-sent diagnostics array is visible. */
function harness() {
  let document = TextDocument.create(URI, "python", 1, TEXT);
  const published: PublishDiagnosticsParams[] = [];
  const client = { publishDiagnostics: (params: PublishDiagnosticsParams) => published.push(params) };
  const documents = { get: (uri: string) => (uri === URI ? document : undefined), all: () => [document] };
  const findings = new DocumentFindings(documents, client as unknown as LspClient, () => true);
  const edit = (text: string) => {
    document = TextDocument.create(URI, "python", document.version + 1, text);
    return document.version;
  };
  /** Version 1 shown with `flow` as its flow findings, then `text` and its fast phase (no findings): its version. */
  const fastPhaseAfterEdit = (flow: Finding[], text = `${TEXT}# end\n`) => {
    findings.update(URI, "embedded", 1, []);
    findings.updateFlow(URI, 1, flow);
    const version = edit(text);
    findings.update(URI, "embedded", version, []);
    return version;
  };
  return { findings, published, edit, fastPhaseAfterEdit };
}

const codes = (params: PublishDiagnosticsParams | undefined) =>
  params?.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.message}`);

describe("DocumentFindings: a flow phase confirming what is shown", () => {
  it("publishes the fast phase's diagnostics again when the flow findings are unchanged (moved with their lines)", () => {
    const { findings, published, fastPhaseAfterEdit } = harness();
    // A line inserted above: the previous flow finding is shown moved to line 3 until the flow phase ends.
    const version = fastPhaseAfterEdit(
      [finding("py/command-line-injection", 2, "cmd")],
      `# new line\n${TEXT}`,
    );
    const fast = published.at(-1);
    expect(codes(fast)).toEqual([
      "py/command-line-injection@3:py/command-line-injection: py/command-line-injection here [CWE-78]",
    ]);
    expect(findings.updateFlow(URI, version, [finding("py/command-line-injection", 3, "cmd")])).toBe(true);
    const all = published.at(-1);
    expect(published).toHaveLength(4);
    expect(all?.version).toBe(version);
    // The same array: nothing was merged or converted again.
    expect(all?.diagnostics).toBe(fast?.diagnostics);
  });

  it("recomputes when a flow finding differs, even only in a flow step's message", () => {
    const { findings, published, fastPhaseAfterEdit } = harness();
    const version = fastPhaseAfterEdit([finding("py/command-line-injection", 2, "cmd")]);
    const fast = published.at(-1);
    findings.updateFlow(URI, version, [finding("py/command-line-injection", 2, "request.args")]);
    const all = published.at(-1);
    expect(all?.diagnostics).not.toBe(fast?.diagnostics);
    expect(all?.diagnostics[0]?.relatedInformation?.[0]?.message).toBe("request.args");
    expect(fast?.diagnostics[0]?.relatedInformation?.[0]?.message).toBe("cmd");
  });

  it("shows a finding the flow phase adds, and drops one it no longer reports", () => {
    const { findings, published, fastPhaseAfterEdit } = harness();
    const version = fastPhaseAfterEdit([finding("py/command-line-injection", 2)]);
    findings.updateFlow(URI, version, [finding("py/code-injection", 3)]);
    expect(codes(published.at(-1))).toEqual([
      "py/code-injection@3:py/code-injection: py/code-injection here [CWE-78]",
    ]);
  });

  it("applies a view set between the two phases to the flow publication", () => {
    const { findings, published, fastPhaseAfterEdit } = harness();
    const version = fastPhaseAfterEdit([
      finding("py/command-line-injection", 2),
      finding("py/code-injection", 3),
    ]);
    expect(published.at(-1)?.diagnostics).toHaveLength(2);
    findings.setView({
      known: KnownFindings.off(),
      knownStyle: "hint",
      selection: { select: [], ignore: ["py/code-injection"], severity: {} },
    });
    findings.updateFlow(URI, version, [
      finding("py/command-line-injection", 2),
      finding("py/code-injection", 3),
    ]);
    expect(codes(published.at(-1))?.map((c) => c.split("@")[0])).toEqual(["py/command-line-injection"]);
  });

  it("never re-sends diagnostics of an older version", () => {
    const { findings, published, edit, fastPhaseAfterEdit } = harness();
    const version = fastPhaseAfterEdit([finding("py/command-line-injection", 2)]);
    const count = published.length;
    const newer = edit(`${TEXT}# end 2\n`);
    // The flow phase of the superseded version is refused; nothing is published for it.
    expect(findings.updateFlow(URI, version, [finding("py/command-line-injection", 2)])).toBe(false);
    expect(published).toHaveLength(count);
    findings.update(URI, "embedded", newer, []);
    expect(published.at(-1)?.version).toBe(newer);
  });
});

describe("DocumentFindings.prepare: the publication's work done while ruff runs", () => {
  /** The same story published with and without `prepare` before the fast phase. */
  function story(prepare: boolean, between?: (h: ReturnType<typeof harness>, version: number) => number) {
    const h = harness();
    h.findings.update(URI, "embedded", 1, [finding("S602", 2)]);
    h.findings.updateFlow(URI, 1, [
      finding("py/command-line-injection", 2, "cmd"),
      finding("py/code-injection", 3),
    ]);
    let version = h.edit(`# new line\n${TEXT.replace("y = 2", "y = 3")}`);
    if (prepare) h.findings.prepare(URI, version);
    if (between) version = between(h, version);
    h.findings.update(URI, "embedded", version, [finding("S602", 3)]);
    return h.published.map((p) => ({ version: p.version, codes: codes(p) }));
  }

  it("publishes exactly what it would have published without it", () => {
    const plain = story(false);
    expect(story(true)).toEqual(plain);
    // The carried flow findings moved with their lines (the edit inserted one above them).
    expect(plain.at(-1)?.codes?.map((c) => c.split(":")[0])).toEqual([
      "S602@3",
      "py/command-line-injection@3",
      "py/code-injection@4",
    ]);
  });

  it("is not used for a newer version, nor after the flow slice it carried was replaced", () => {
    const newer = (h: ReturnType<typeof harness>) => h.edit(`# two\n# new lines\n${TEXT}`);
    expect(story(true, newer)).toEqual(story(false, newer));
    const replaced = (h: ReturnType<typeof harness>, version: number) => {
      h.findings.updateFlow(URI, version, [finding("py/code-injection", 4)]);
      return version;
    };
    const withPrepare = story(true, replaced);
    expect(withPrepare).toEqual(story(false, replaced));
    expect(withPrepare.at(-1)?.codes?.map((c) => c.split(":")[0])).toEqual(["S602@3", "py/code-injection@4"]);
  });
});

describe("DocumentFindings.prepare on hostile text", () => {
  it("handles a text of 110,000 empty lines (every line's scope, no spread of them all)", () => {
    const { findings, published, edit } = harness();
    findings.update(URI, "embedded", 1, [finding("S602", 2)]);
    const version = edit("\n".repeat(110_000));
    expect(() => findings.prepare(URI, version)).not.toThrow();
    findings.update(URI, "embedded", version, [finding("S602", 109_999)]);
    expect(codes(published.at(-1))?.map((c) => c.split(":")[0])).toEqual(["S602@109999"]);
  });
});
