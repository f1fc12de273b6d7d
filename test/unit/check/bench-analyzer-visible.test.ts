import { describe, expect, it } from "vitest";
import { createAnalyzer } from "../../../server/src/analysis/create-analyzers.js";
import { EmbeddedAnalyzer } from "../../../server/src/analysis/embedded/embedded-analyzer.js";
import { visibleFindings } from "../../../server/src/analysis/visible-findings.js";
import { BenchAnalyzer, defaultAnalyzerFactory } from "../../../server/src/bench/bench-analyzer.js";
import { DEFAULT_CONFIG } from "../../../server/src/config/schema.js";

// The bench scores what a user would see: its analyzer (built by createAnalyzers, like the
// editor's and `seclsp check`'s) goes through visibleFindings — merge, then suppressions.

const PATH = "/seclsp-bench/unit/task.py";
const MD5 = "import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n";
const SUPPRESSED = MD5.replace(".hexdigest()\n", ".hexdigest()  # seclsp: ignore[CWE-327]\n");

describe("the bench's analyzer", { timeout: 120_000 }, () => {
  it("reports exactly the visible findings the editor and check report for the same code", async () => {
    const bench = await BenchAnalyzer.create(
      ["embedded"],
      defaultAnalyzerFactory({ threatModel: "library" }),
    );
    await EmbeddedAnalyzer.ready();
    const editor = createAnalyzer("embedded", DEFAULT_CONFIG, { threatModel: "library" });
    const expected = visibleFindings(MD5, editor.analyzeText({ path: PATH, text: MD5 }));
    expect(expected.length).toBeGreaterThan(0);
    expect(await bench.analyze(MD5, PATH)).toEqual(expected);
  });

  it("honours `# seclsp: ignore[...]` like the editor (a suppressed finding does not count)", async () => {
    const bench = await BenchAnalyzer.create(
      ["embedded"],
      defaultAnalyzerFactory({ threatModel: "library" }),
    );
    await EmbeddedAnalyzer.ready();
    const editor = createAnalyzer("embedded", DEFAULT_CONFIG, { threatModel: "library" });
    // The comment does hide the finding in the editor's pipeline...
    expect(visibleFindings(SUPPRESSED, editor.analyzeText({ path: PATH, text: SUPPRESSED }))).toEqual([]);
    // ...so it must in the bench's too.
    expect(await bench.analyze(MD5, PATH)).not.toEqual([]);
    expect(await bench.analyze(SUPPRESSED, PATH)).toEqual([]);
  });
});
