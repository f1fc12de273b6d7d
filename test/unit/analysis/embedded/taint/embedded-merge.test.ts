import { beforeAll, describe, expect, it } from "vitest";
import {
  createEmbeddedAnalyzer,
  type EmbeddedAnalyzer,
} from "../../../../../server/src/analysis/embedded/embedded-analyzer.js";
import { primaryReporter } from "../../../../../server/src/analysis/reporters.js";

let analyzer: EmbeddedAnalyzer;
beforeAll(async () => {
  analyzer = await createEmbeddedAnalyzer({ threatModel: "remote" });
});

describe("embedded analyzer (ruff + taint)", () => {
  it("merges a ruff pattern finding into the taint finding on the same line", async () => {
    const text = `import os
from flask import request

def ping():
    os.system("ping " + request.args["host"])
`;
    const findings = analyzer.analyzeText({ path: "/tmp/m.py", text });
    const onLine = findings.filter((f) => f.range.start.line === 4);
    expect(onLine.map((f) => f.ruleId)).toEqual(["py/command-line-injection"]);
    expect(onLine[0]!.reporters).toEqual([
      { tool: "taint", ruleId: "py/command-line-injection" },
      { tool: "ruff", ruleId: "S605" },
    ]);
    expect(onLine[0]!.message).not.toMatch(/also:/);
    expect(onLine[0]!.flow?.length).toBeGreaterThan(1);
  });

  it("keeps a ruff finding that has no taint twin", async () => {
    const text = `import os
def run():
    os.system("ls")
`;
    const findings = analyzer.analyzeText({ path: "/tmp/n.py", text });
    expect(findings.some((f) => primaryReporter(f).ruleId === "S605")).toBe(true);
    expect(findings.some((f) => f.ruleId === "py/command-line-injection")).toBe(false);
  });

  it("analyze() waits for the parser and honours ignoreRules", async () => {
    const { EmbeddedAnalyzer } = await import(
      "../../../../../server/src/analysis/embedded/embedded-analyzer.js"
    );
    const quiet = new EmbeddedAnalyzer({
      threatModel: "library",
      ignoreRules: ["py/path-injection", "S108"],
    });
    const text = "def f(p):\n    return open(p).read()\n";
    const findings = await quiet.analyze([{ path: "/tmp/o.py", text }], new AbortController().signal);
    expect(findings.map((f) => f.ruleId)).toEqual([]);
    const loud = new EmbeddedAnalyzer({ threatModel: "library" });
    const more = await loud.analyze([{ path: "/tmp/o.py", text }], new AbortController().signal);
    expect(more.map((f) => f.ruleId)).toEqual(["py/path-injection"]);
  });
});
