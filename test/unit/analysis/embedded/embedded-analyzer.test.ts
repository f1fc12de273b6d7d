import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../../../perf/lib/corpus.js";
import { EmbeddedAnalyzer } from "../../../../server/src/analysis/embedded/embedded-analyzer.js";

beforeAll(async () => {
  await EmbeddedAnalyzer.ready();
});

describe("EmbeddedAnalyzer.analyzeTextConcurrently", () => {
  it("gives exactly analyzeText's findings (ruff in its worker while the tree-sitter passes run)", async () => {
    // Every corpus file with a ruff pattern or a flow, plus texts ruff cannot parse.
    const files = loadCorpus()
      .filter((_, i) => i % 3 === 0)
      .map((f) => ({ path: f.path, text: f.text }));
    files.push({ path: "/x/broken.py", text: "def f(:\n    eval(input())\n" });
    files.push({ path: "/x/deep.py", text: `x = ${"(".repeat(3000)}1${")".repeat(3000)}\n` });
    for (const threatModel of ["remote", "library"] as const) {
      const analyzer = new EmbeddedAnalyzer({ threatModel });
      for (const file of files) {
        const sequential = analyzer.analyzeText(file);
        analyzer.forget(file.path);
        const concurrent = await analyzer.analyzeTextConcurrently(file);
        analyzer.forget(file.path);
        expect(concurrent, file.path).toEqual(sequential);
      }
    }
  }, 120_000);
});
