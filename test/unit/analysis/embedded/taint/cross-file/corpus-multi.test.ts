import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../../../../../perf/lib/corpus.js";
import { allCheckRules } from "../../../../../../server/src/analysis/embedded/checks/check-rules.js";
import { EmbeddedAnalyzer } from "../../../../../../server/src/analysis/embedded/embedded-analyzer.js";
import { allTaintRules } from "../../../../../../server/src/analysis/embedded/taint/rule-catalog.js";

const CORPUS = join(import.meta.dirname, "..", "..", "..", "..", "..", "corpus-multi");
const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => join(CORPUS, entry.name));
const ourRules = new Set([...allTaintRules(), ...allCheckRules()].map((r) => r.id));

/** "line:rule" of one file of a case, analyzed with the case folder as the workspace root. */
function reported(root: string, path: string, text: string, threatModel: "remote" | "local" | "library") {
  return new EmbeddedAnalyzer({ threatModel, crossFile: { roots: [root] } })
    .analyzeText({ path, text })
    .filter((f) => ourRules.has(f.ruleId))
    .map((f) => `${f.range.start.line + 1}:${f.ruleId}`);
}

describe("multi-file corpus (cross-file summaries)", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("has cases with vulnerable files and safe look-alikes", () => {
    const files = cases.flatMap((root) => loadCorpus(root));
    expect(cases.length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => f.expected.size > 0).length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => /(^|\/)safe_/.test(f.name)).length).toBeGreaterThanOrEqual(5);
  });

  it("reports exactly the expected findings in every file (no misses, no extras)", () => {
    const problems: string[] = [];
    for (const root of cases) {
      for (const file of loadCorpus(root)) {
        const actual = reported(root, file.path, file.text, file.threatModel);
        const name = `${root.slice(CORPUS.length + 1)}/${file.name}`;
        for (const e of file.expected) if (!actual.includes(e)) problems.push(`missed ${name}:${e}`);
        for (const a of actual) if (!file.expected.has(a)) problems.push(`extra  ${name}:${a}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("keeps safe look-alikes quiet under every threat model", () => {
    const noisy: string[] = [];
    for (const root of cases) {
      for (const file of loadCorpus(root).filter((f) => /(^|\/)safe_/.test(f.name))) {
        for (const threatModel of ["remote", "local", "library"] as const) {
          for (const finding of reported(root, file.path, file.text, threatModel))
            noisy.push(`${threatModel} ${root.slice(CORPUS.length + 1)}/${file.name}:${finding}`);
        }
      }
    }
    expect(noisy).toEqual([]);
  });

  it("needs the summaries: without them, findings are missed and safe look-alikes are flagged", () => {
    const differing: string[] = [];
    for (const root of cases) {
      for (const file of loadCorpus(root)) {
        const alone = new EmbeddedAnalyzer({ threatModel: file.threatModel })
          .analyzeText({ path: file.path, text: file.text })
          .filter((f) => ourRules.has(f.ruleId))
          .map((f) => `${f.range.start.line + 1}:${f.ruleId}`);
        const same = alone.length === file.expected.size && alone.every((a) => file.expected.has(a));
        if (!same) differing.push(`${root.slice(CORPUS.length + 1)}/${file.name}`);
      }
    }
    // sink/source wrappers: missed; sanitizer, relative-import sanitizer, cycle: flagged.
    expect(differing.length).toBeGreaterThanOrEqual(5);
  });
});
