import { beforeAll, describe, expect, it } from "vitest";
import { allCheckRules } from "../../../server/src/analysis/embedded/checks/check-rules.js";
import { EmbeddedAnalyzer } from "../../../server/src/analysis/embedded/embedded-analyzer.js";
import { allTaintRules } from "../../../server/src/analysis/embedded/taint/rule-catalog.js";
import { loadCorpus } from "./corpus-expectations.js";

const corpus = loadCorpus();
const ourRules = new Set([...allTaintRules(), ...allCheckRules()].map((r) => r.id));

describe("taint corpus", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("has at least 3 vulnerable files and 2 safe look-alikes for every rule", () => {
    const vulnerable = new Map<string, number>();
    for (const file of corpus) {
      const rules = new Set([...file.expected].map((e) => e.slice(e.indexOf(":") + 1)));
      for (const rule of rules) vulnerable.set(rule, (vulnerable.get(rule) ?? 0) + 1);
    }
    const safe = corpus.filter((f) => f.expected.size === 0);
    const weak = [...ourRules].filter((rule) => (vulnerable.get(rule) ?? 0) < 3);
    expect(weak).toEqual([]);
    // Safe look-alikes live next to the vulnerable files, named safe_*.py.
    expect(safe.length).toBeGreaterThanOrEqual(2 * ourRules.size - 8);
    for (const file of safe) expect(file.name).toMatch(/\/safe_/);
  });

  it("reports exactly the expected findings (no misses, no extras)", () => {
    const problems: string[] = [];
    for (const file of corpus) {
      const analyzer = new EmbeddedAnalyzer({ threatModel: file.threatModel });
      const reported = analyzer
        .analyzeText({ path: file.path, text: file.text })
        .filter((f) => ourRules.has(f.ruleId))
        .map((f) => `${f.range.start.line + 1}:${f.ruleId}`);
      const actual = new Set(reported);
      if (actual.size !== reported.length)
        problems.push(`duplicate findings in ${file.name}: ${reported.join(" ")}`);
      for (const e of file.expected) if (!actual.has(e)) problems.push(`missed ${file.name}:${e}`);
      for (const a of actual) if (!file.expected.has(a)) problems.push(`extra  ${file.name}:${a}`);
    }
    expect(problems).toEqual([]);
  });

  it("keeps safe look-alikes quiet under every threat model", () => {
    const noisy: string[] = [];
    for (const file of corpus.filter((f) => f.expected.size === 0)) {
      for (const threatModel of ["remote", "local", "library"] as const) {
        const findings = new EmbeddedAnalyzer({ threatModel })
          .analyzeText({ path: file.path, text: file.text })
          .filter((f) => ourRules.has(f.ruleId));
        for (const f of findings)
          noisy.push(`${threatModel} ${file.name}:${f.range.start.line + 1}:${f.ruleId}`);
      }
    }
    expect(noisy).toEqual([]);
  });
});
