import { describe, expect, it } from "vitest";
import type { Analyzer } from "../../../server/src/analysis/analyzer.js";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { BenchAnalyzer, snippetPath } from "../../../server/src/bench/bench-analyzer.js";

function finding(file: string, cwe: string): Finding {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  return {
    ruleId: "r",
    cwes: [cwe],
    severity: "error",
    message: "m",
    file,
    range,
    source: "codeql",
    fingerprint: "f",
  };
}

describe("BenchAnalyzer", () => {
  it("gives batch-capable analyzers all snippets in one call and others one by one", async () => {
    const batches: string[][] = [];
    const batch = {
      name: "codeql",
      available: async () => true,
      analyze: async () => {
        throw new Error("per-file analyze must not be used for a batch");
      },
      analyzeBatch: async (snippets: Array<{ id: string; code: string }>) => {
        batches.push(snippets.map((s) => s.id));
        const result = new Map(
          snippets.map((s) => [s.id, s.code.includes("bad") ? [finding(s.id, "CWE-89")] : []]),
        );
        return Object.assign(result, { errors: [] });
      },
    } as Analyzer;
    const single: Analyzer = {
      name: "embedded",
      available: async () => true,
      analyze: async (files) =>
        files.filter((f) => f.text.includes("md5")).map((f) => finding(f.path, "CWE-327")),
    };
    const analyzer = await BenchAnalyzer.create(["codeql", "embedded"], async (name) =>
      name === "codeql" ? batch : single,
    );
    expect(analyzer.label).toBe("codeql+embedded");
    const found = await analyzer.analyzeMany([
      { id: "a", code: "bad()", path: "/a.py" },
      { id: "b", code: "md5()", path: "/b.py" },
      { id: "c", code: "", path: "/c.py" },
    ]);
    expect(batches).toEqual([["a", "b"]]); // empty code is not analyzed
    expect([...found.entries()].map(([id, f]) => `${id}:${f.map((x) => x.cwes[0]).join(",")}`)).toEqual([
      "a:CWE-89",
      "b:CWE-327",
      "c:",
    ]);
  });

  it("fails when a batch chunk failed instead of counting it clean", async () => {
    const failing = {
      name: "codeql",
      available: async () => true,
      analyze: async () => [],
      analyzeBatch: async (snippets: Array<{ id: string }>) =>
        Object.assign(new Map(), {
          errors: [{ ids: snippets.map((s) => s.id), error: new Error("exit 32") }],
        }),
    } as Analyzer;
    const analyzer = await BenchAnalyzer.create(["codeql"], async () => failing);
    await expect(analyzer.analyzeMany([{ id: "a", code: "x", path: "/a.py" }])).rejects.toThrow(
      /codeql failed on 1 snippet\(s\): exit 32/,
    );
  });

  it("refuses an unavailable analyzer with its reason", async () => {
    const missing: Analyzer = {
      name: "codeql",
      available: async () => "codeql not found on PATH",
      analyze: async () => [],
    };
    await expect(BenchAnalyzer.create(["codeql"], async () => missing)).rejects.toThrow(
      "analyzer codeql is not available: codeql not found on PATH",
    );
  });

  it("gives each task a stable virtual .py path", () => {
    expect(snippetPath("Security Eval", "CWE-089_a_1.py")).toBe("/seclsp-bench/Security_Eval/CWE-089_a_1.py");
    expect(snippetPath("plt", "CWE-78_f_0")).toBe("/seclsp-bench/plt/CWE-78_f_0.py");
  });
});
