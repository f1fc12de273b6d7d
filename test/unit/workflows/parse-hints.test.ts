import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hintRelevance } from "../../../server/src/workflows/hint-relevance.js";
import { parseVerdict } from "../../../server/src/workflows/judge-hint.js";
import { parseHints } from "../../../server/src/workflows/parse-hints.js";

describe("parseHints", () => {
  it("parses the requested numbered format and normalizes CWE-089 to CWE-89", () => {
    const text = [
      "1. CWE-089: SQL Injection - the username is concatenated into the query",
      "2. CWE-22: Path Traversal - db_path could point outside the data directory",
      "3. CWE-209: Information Exposure Through an Error Message - errors are returned to the caller",
    ].join("\n");
    expect(parseHints(text)).toEqual([
      { cwe: "CWE-89", name: "SQL Injection", description: "the username is concatenated into the query" },
      {
        cwe: "CWE-22",
        name: "Path Traversal",
        description: "db_path could point outside the data directory",
      },
      {
        cwe: "CWE-209",
        name: "Information Exposure Through an Error Message",
        description: "errors are returned to the caller",
      },
    ]);
  });

  it("parses markdown bullets with the id after the name, and descriptions on the next line", () => {
    const text = [
      "Here are the top risks:",
      "",
      "- **SQL Injection (CWE-89)**: user input reaches the query.",
      "* **OS Command Injection** [CWE-78] – shell=True with the host name",
      "3) CWE-502 — Deserialization of Untrusted Data",
      "   Description: pickle.loads on data from the request",
    ].join("\n");
    expect(parseHints(text)).toEqual([
      { cwe: "CWE-89", name: "SQL Injection", description: "user input reaches the query." },
      { cwe: "CWE-78", name: "OS Command Injection", description: "shell=True with the host name" },
      {
        cwe: "CWE-502",
        name: "Deserialization of Untrusted Data",
        description: "pickle.loads on data from the request",
      },
    ]);
  });

  it("parses JSON (array, object wrapper, fenced) with various key names", () => {
    expect(parseHints('[{"cwe": "CWE-079", "name": "XSS", "description": "unescaped output"}]')).toEqual([
      { cwe: "CWE-79", name: "XSS", description: "unescaped output" },
    ]);
    const wrapped =
      'Sure!\n```json\n{"vulnerabilities": [{"cwe_id": 611, "title": "XXE", "desc": "lxml resolves entities"}, {"id": "cwe-918", "name": "SSRF"}]}\n```';
    expect(parseHints(wrapped)).toEqual([
      { cwe: "CWE-611", name: "XXE", description: "lxml resolves entities" },
      { cwe: "CWE-918", name: "SSRF", description: "" },
    ]);
  });

  it("finds several CWEs in prose, dedupes and keeps the top five", () => {
    const prose = "The main risks are CWE-89 (SQL injection) and CWE 22 (path traversal); also CWE-89 again.";
    expect(parseHints(prose)).toEqual([
      { cwe: "CWE-89", name: "SQL injection", description: "" },
      { cwe: "CWE-22", name: "path traversal", description: "" },
    ]);
    const seven = [1, 2, 3, 4, 5, 6, 7].map((n) => `${n}. CWE-${n * 100}: Name ${n} - d`).join("\n");
    expect(parseHints(seven).map((h) => h.cwe)).toEqual([
      "CWE-100",
      "CWE-200",
      "CWE-300",
      "CWE-400",
      "CWE-500",
    ]);
  });

  it("returns nothing for replies without CWE ids", () => {
    expect(parseHints("1. SQL injection\n2. Path traversal")).toEqual([]);
    expect(parseHints("")).toEqual([]);
  });
});

describe("hintRelevance", () => {
  const hints = parseHints("1. CWE-22: a - b\n2. CWE-089: c - d");
  it("is true when the top-5 include the target CWE in any spelling", () => {
    expect(hintRelevance(hints, "CWE-89")).toBe(true);
    expect(hintRelevance(hints, "cwe-089")).toBe(true);
    expect(hintRelevance(hints, "CWE-78")).toBe(false);
    expect(hintRelevance([], "CWE-89")).toBe(false);
  });
  it("looks only at the first five hints", () => {
    const many = [1, 2, 3, 4, 5, 6].map((n) => ({ cwe: `CWE-${n}`, name: "", description: "" }));
    expect(hintRelevance(many, "CWE-5")).toBe(true);
    expect(hintRelevance(many, "CWE-6")).toBe(false);
  });
});

describe("parseVerdict", () => {
  it("reads JSON, then words (imprecise before precise), and treats no verdict as imprecise", () => {
    expect(parseVerdict('{"verdict": "precise", "reason": "matches"}')).toEqual({
      verdict: "precise",
      reason: "matches",
    });
    expect(parseVerdict('Result: {"verdict":"IMPRECISE","reason":"too vague"}')).toEqual({
      verdict: "imprecise",
      reason: "too vague",
    });
    expect(parseVerdict("The hint is imprecise because it confuses XSS with SQLi.").verdict).toBe(
      "imprecise",
    );
    expect(parseVerdict("Precise: it matches the definition.").verdict).toBe("precise");
    expect(parseVerdict("I am not sure.")).toEqual({
      verdict: "imprecise",
      reason: "no verdict in the judge's reply: I am not sure.",
    });
  });
});

describe("parseHints (property)", () => {
  it("never throws, returns at most five distinct normalized CWE ids", () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        "CWE-089",
        "cwe 22",
        "CWE_78",
        "1. ",
        "- ",
        "**",
        ": ",
        " - ",
        "\n",
        "[",
        "]",
        "{",
        "}",
        '"cwe":',
      ),
      fc.integer({ min: 0, max: 99999 }).map((n) => `CWE-${n}`),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const hints = parseHints(pieces.join(""));
        expect(hints.length).toBeLessThanOrEqual(5);
        expect(new Set(hints.map((h) => h.cwe)).size).toBe(hints.length);
        for (const hint of hints) expect(hint.cwe).toMatch(/^CWE-[1-9]\d*$/);
      }),
      { numRuns: 500 },
    );
  });
});
