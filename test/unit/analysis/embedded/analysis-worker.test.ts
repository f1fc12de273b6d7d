import { afterAll, describe, expect, it } from "vitest";
import analyzeFile from "../../../../server/src/analysis/embedded/analysis-worker.js";
import { ruffHost } from "../../../../server/src/analysis/embedded/ruff-engine.js";
import { ruffPass } from "../../../../server/src/analysis/embedded/ruff-pass.js";
import type { Finding } from "../../../../server/src/analysis/finding.js";
import { DEFAULT_CONFIG } from "../../../../server/src/config/schema.js";

afterAll(() => ruffHost().dispose());

// ruff (S608, S307, S105), taint flows and a ruff twin merged into a flow on the same line.
const SOURCE = [
  "import os, sqlite3",
  "from flask import request",
  'password = "hunter2-Very-Secret"',
  "def view(db: sqlite3.Connection):",
  '    name = request.args["name"]',
  "    db.execute(\"SELECT * FROM t WHERE n = '%s'\" % name)",
  "    eval(name)",
  "    os.system(name)",
  "",
].join("\n");

function findings(outcome: Awaited<ReturnType<typeof analyzeFile>>): Finding[] {
  if ("error" in outcome) throw new Error(outcome.error);
  return outcome.findings;
}

describe("analysis worker", () => {
  it("gives the same findings with ruff's findings computed by the caller as with its own ruff", async () => {
    const own = findings(await analyzeFile({ path: "/p/view.py", text: SOURCE, config: DEFAULT_CONFIG }));
    const ruff = ruffPass.run(
      { path: "/p/view.py", text: SOURCE },
      { threatModel: DEFAULT_CONFIG.threatModel, ignoreRules: DEFAULT_CONFIG.embedded.ignoreRules },
    );
    expect(ruff.length).toBeGreaterThan(2);
    const given = findings(
      await analyzeFile({ path: "/p/view.py", text: SOURCE, config: DEFAULT_CONFIG, ruff }),
    );
    expect(own.some((f) => f.reporters?.some((r) => r.tool === "ruff"))).toBe(true);
    expect(own.some((f) => f.reporters?.some((r) => r.tool === "taint"))).toBe(true);
    expect(given).toEqual(own);
  });

  it("uses the given ruff findings (and only those) for the ruff part", async () => {
    const text = "x = 1\n";
    const planted: Finding = {
      ruleId: "py/planted",
      cwes: ["CWE-1"],
      severity: "warning",
      message: "planted by the test",
      file: "/p/x.py",
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      source: "embedded",
      fingerprint: "f",
      reporters: [{ tool: "ruff", ruleId: "S999" }],
    };
    const out = findings(
      await analyzeFile({ path: "/p/x.py", text, config: DEFAULT_CONFIG, ruff: [planted] }),
    );
    expect(out).toEqual([planted]);
    const none = findings(await analyzeFile({ path: "/p/x.py", text, config: DEFAULT_CONFIG, ruff: [] }));
    expect(none).toEqual([]);
  });
});
