import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../../../../perf/lib/corpus.js";
import { EmbeddedAnalyzer } from "../../../../../server/src/analysis/embedded/embedded-analyzer.js";
import { EXPERIMENTAL_RULES } from "../../../../../server/src/analysis/embedded/experimental/experimental-rules.js";

const analyze = (text: string, path = "/w/app.py", ignoreRules: string[] = []) =>
  new EmbeddedAnalyzer({ threatModel: "library", ignoreRules }).analyzeText({ path, text });

const HEADER_TIMING = [
  "from flask import request",
  "",
  "def admin():",
  '    supplied = request.headers.get("X-Auth-Token")',
  "    return supplied == SECRET",
  "",
].join("\n");

describe("experimental pass", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("reports CodeQL's id, CWEs, severity, help link and a source → sink flow", () => {
    const finding = analyze(HEADER_TIMING).find((f) => f.ruleId === "py/timing-attack-against-header-value");
    expect(finding).toBeDefined();
    expect(finding!.cwes).toEqual(["CWE-208"]);
    expect(finding!.securitySeverity).toBeGreaterThan(0);
    expect(finding!.helpUri).toBe(
      "https://codeql.github.com/codeql-query-help/python/py-timing-attack-against-header-value/",
    );
    expect(finding!.message).toBe(
      "Timing attack against [client-supplied header X-Auth-Token](1) validation.",
    );
    expect(finding!.flow?.map((s) => s.range.start.line)).toEqual([3, 4]);
    expect(finding!.range.start).toEqual({ line: 4, character: 11 });
    expect(finding!.fingerprint).toMatch(/\S/);
  });

  it("honours ignoreRules", () => {
    const ids = analyze(HEADER_TIMING, "/w/ignored.py", ["py/timing-attack-against-header-value"]).map(
      (f) => f.ruleId,
    );
    expect(ids).not.toContain("py/timing-attack-against-header-value");
  });

  it("follows edits: a fixed comparison stops being reported", () => {
    const path = "/w/edited.py";
    expect(analyze(HEADER_TIMING, path).some((f) => f.ruleId.startsWith("py/timing"))).toBe(true);
    const fixed = HEADER_TIMING.replace("supplied == SECRET", "hmac.compare_digest(supplied, SECRET)");
    expect(analyze(fixed, path).some((f) => f.ruleId.startsWith("py/timing"))).toBe(false);
  });

  it("every experimental rule has a vulnerable and a safe corpus file", () => {
    const corpus = loadCorpus();
    for (const rule of EXPERIMENTAL_RULES) {
      const vulnerable = corpus.filter((f) => [...f.expected].some((e) => e.endsWith(`:${rule.id}`)));
      expect(vulnerable.length, rule.id).toBeGreaterThanOrEqual(3);
      const dirs = new Set(vulnerable.map((f) => f.name.split("/")[0]));
      const safe = corpus.filter((f) => f.expected.size === 0 && dirs.has(f.name.split("/")[0]));
      expect(safe.length, rule.id).toBeGreaterThanOrEqual(1);
    }
  });

  it("survives hostile input: deep nesting, long comparison chains, NUL bytes", () => {
    const deep = `x = ${"(".repeat(3000)}1${")".repeat(3000)}\n`;
    const chain = `def f(password, other):\n    return ${Array.from({ length: 500 }, (_, i) => `password == v${i}`).join(" or ")}\n`;
    const nul = 'import jwt\x00\njwt.decode(t, options={"verify_signature": False})\n';
    expect(() => analyze(deep, "/w/deep.py")).not.toThrow();
    const chained = analyze(chain, "/w/chain.py").filter(
      (f) => f.ruleId === "py/possible-timing-attack-sensitive-info",
    );
    expect(chained.length).toBe(500);
    expect(() => analyze(nul, "/w/nul.py")).not.toThrow();
  });
});
