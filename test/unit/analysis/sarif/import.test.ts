import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as sarif from "sarif";
import { describe, expect, it } from "vitest";
import {
  findingsFromSarif,
  parseSarif,
  SarifParseError,
} from "../../../../server/src/analysis/sarif/import.js";

const fixtureText = readFileSync(new URL("./fixtures/demo-python.codeql.sarif", import.meta.url), "utf8");
const root = path.resolve("/tmp/demo-python");

describe("findingsFromSarif on real CodeQL 2.19.3 output", () => {
  const findings = findingsFromSarif(parseSarif(fixtureText), { sourceRoot: root });

  it("imports both results", () => {
    expect(findings).toHaveLength(2);
    expect(findings.map((f) => f.ruleId)).toEqual(["py/sql-injection", "py/sql-injection"]);
  });

  it("finds the rule through rule.index + toolComponent.index in tool.extensions", () => {
    const first = findings[0]!;
    expect(first.cwes).toEqual(["CWE-89"]);
    expect(first.securitySeverity).toBe(8.8);
    expect(first.severity).toBe("error");
    expect(first.source).toBe("codeql");
    expect(first.helpUri).toBe("https://codeql.github.com/codeql-query-help/python/py-sql-injection/");
  });

  it("keeps the embedded link, now pointing at the flow step of its related location; %SRCROOT% and 1-based regions", () => {
    const first = findings[0]!;
    // relatedLocations id 1 is the source, the first flow step.
    expect(first.message).toBe("This SQL query depends on a [user-provided value](1).");
    expect(first.flow![0]!.range).toEqual({
      start: { line: 1, character: 18 },
      end: { line: 1, character: 25 },
    });
    expect(first.file).toBe(path.join(root, "server/routes.py"));
    expect(first.range).toEqual({ start: { line: 15, character: 12 }, end: { line: 15, character: 66 } });
    expect(findings[1]!.range.start.line).toBe(21);
  });

  it("turns the first code flow into Finding.flow, source first and sink last", () => {
    const flow = findings[0]!.flow!;
    expect(flow).toHaveLength(7);
    expect(flow[0]).toEqual({
      file: path.join(root, "server/routes.py"),
      range: { start: { line: 1, character: 18 }, end: { line: 1, character: 25 } },
      message: "ControlFlowNode for ImportMember",
    });
    expect(flow.at(-1)!.range).toEqual(findings[0]!.range);
  });

  it("derives distinct, stable fingerprints from partialFingerprints", () => {
    const again = findingsFromSarif(parseSarif(fixtureText), { sourceRoot: "/elsewhere" });
    expect(findings[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(findings[0]!.fingerprint).not.toBe(findings[1]!.fingerprint);
    expect(again.map((f) => f.fingerprint)).toEqual(findings.map((f) => f.fingerprint));
  });
});

function minimalLog(run: Partial<sarif.Run>): sarif.Log {
  return { version: "2.1.0", runs: [{ tool: { driver: { name: "T", rules: [] } }, results: [], ...run }] };
}

describe("findingsFromSarif details", () => {
  it("converts code point columns to UTF-16 when the text is known", () => {
    const text = 'x = "😀😀"; eval(y)\n';
    const log = minimalLog({
      columnKind: "unicodeCodePoints",
      results: [
        {
          ruleId: "py/code-injection",
          message: { text: "eval" },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: "a.py", uriBaseId: "%SRCROOT%" },
                region: { startLine: 1, startColumn: 11, endColumn: 18 },
              },
            },
          ],
        },
      ],
    });
    const withText = findingsFromSarif(log, { sourceRoot: "/r", readText: () => text });
    const start = withText[0]!.range.start.character;
    expect(text.slice(start, withText[0]!.range.end.character)).toBe("eval(y)");
    expect(start).toBe(12);
    const withoutText = findingsFromSarif(log, { sourceRoot: "/r" });
    expect(withoutText[0]!.range.start.character).toBe(10);
  });

  it("keeps UTF-16 columns as they are for utf16CodeUnits runs", () => {
    const log = minimalLog({
      columnKind: "utf16CodeUnits",
      results: [
        {
          ruleId: "x",
          message: { text: "m" },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: "a.py" },
                region: { startLine: 1, startColumn: 13, endColumn: 14 },
              },
            },
          ],
        },
      ],
    });
    const [finding] = findingsFromSarif(log, { sourceRoot: "/r", readText: () => 'x = "😀😀"; eval(y)' });
    expect(finding!.range.start.character).toBe(12);
  });

  it("looks rules up by ruleIndex and by id in the driver; level falls back to problem.severity", () => {
    const log = minimalLog({
      tool: {
        driver: {
          name: "T",
          rules: [
            {
              id: "r/one",
              properties: {
                tags: ["external/cwe/cwe-022", "security"],
                "problem.severity": "recommendation",
              },
            },
            {
              id: "r/two",
              defaultConfiguration: { level: "warning" },
              properties: { "security-severity": "5.0" },
            },
          ],
        },
      },
      results: [
        {
          ruleIndex: 0,
          message: { text: "a" },
          locations: [{ physicalLocation: { artifactLocation: { uri: "a.py" }, region: { startLine: 2 } } }],
        },
        {
          ruleId: "r/two",
          message: { text: "b" },
          locations: [{ physicalLocation: { artifactLocation: { uri: "a.py" }, region: { startLine: 3 } } }],
        },
        {
          ruleId: "r/two",
          level: "error",
          message: { text: "c" },
          locations: [{ physicalLocation: { artifactLocation: { uri: "a.py" }, region: { startLine: 4 } } }],
        },
      ],
    });
    const [a, b, c] = findingsFromSarif(log, { sourceRoot: "/r", source: "bandit" });
    expect(a!.ruleId).toBe("r/one");
    expect(a!.cwes).toEqual(["CWE-22"]);
    expect(a!.severity).toBe("note");
    expect(a!.source).toBe("bandit");
    expect(b!.severity).toBe("warning");
    expect(b!.securitySeverity).toBe(5);
    expect(c!.severity).toBe("error");
  });

  it("uses relatedLocations as the flow when there are no codeFlows", () => {
    const log = minimalLog({
      results: [
        {
          ruleId: "x",
          message: { text: "depends on [this](1) and [that](2)" },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: "a.py" },
                region: { startLine: 9, startColumn: 1, endColumn: 5 },
              },
            },
          ],
          relatedLocations: [
            {
              id: 1,
              message: { text: "this" },
              physicalLocation: {
                artifactLocation: { uri: "a.py" },
                region: { startLine: 2, startColumn: 3, endColumn: 4 },
              },
            },
          ],
        },
      ],
    });
    const [finding] = findingsFromSarif(log, { sourceRoot: "/r" });
    // (1) is the first flow step; (2) has no related location, so it is plain text.
    expect(finding!.message).toBe("depends on [this](1) and that");
    expect(finding!.flow!.map((s) => s.range.start.line)).toEqual([1, 8]);
    expect(finding!.flow![0]!.message).toBe("this");
  });

  it("resolves file: URIs and artifact indexes, skips results without a location", () => {
    const abs = path.resolve("/proj/x y.py");
    const log = minimalLog({
      artifacts: [{ location: { uri: pathToFileURL(abs).href } }],
      results: [
        {
          ruleId: "x",
          message: { text: "m" },
          locations: [{ physicalLocation: { artifactLocation: { index: 0 }, region: { startLine: 1 } } }],
        },
        { ruleId: "y", message: { text: "no location" } },
      ],
    });
    const findings = findingsFromSarif(log);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.file).toBe(abs);
  });

  it("region without endColumn spans to the end of the line when the text is known", () => {
    const log = minimalLog({
      results: [
        {
          ruleId: "x",
          message: { text: "m" },
          locations: [{ physicalLocation: { artifactLocation: { uri: "a.py" }, region: { startLine: 2 } } }],
        },
      ],
    });
    const [finding] = findingsFromSarif(log, { sourceRoot: "/r", readText: () => "a\nhello()\n" });
    expect(finding!.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 7 } });
    expect(finding!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it("rejects truncated SARIF with a clear error", () => {
    expect(() => parseSarif(fixtureText.slice(0, 5000))).toThrow(SarifParseError);
    expect(() => parseSarif(fixtureText.slice(0, 5000))).toThrow(/truncated/);
    expect(() => parseSarif('{"version":"2.1.0"}')).toThrow(/runs/);
  });
});
