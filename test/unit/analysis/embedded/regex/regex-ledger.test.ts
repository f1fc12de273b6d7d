import { beforeAll, describe, expect, it } from "vitest";
import { collectCallsAndAssignments } from "../../../../../server/src/analysis/embedded/checks/call-names.js";
import { singleAssignments } from "../../../../../server/src/analysis/embedded/checks/python-literals.js";
import {
  EmbeddedAnalyzer,
  taintPass,
} from "../../../../../server/src/analysis/embedded/embedded-analyzer.js";
import { fileRegexLedger } from "../../../../../server/src/analysis/embedded/regex/regex-ledger.js";
import { collectImports } from "../../../../../server/src/analysis/embedded/taint/imports.js";
import { TaintAnalysis } from "../../../../../server/src/analysis/embedded/taint/taint-pass.js";
import type { Finding } from "../../../../../server/src/analysis/finding.js";

/** `count` polynomial patterns (`\s+x<i>$`, ~0.63 budget units each) searched in request data. */
function searches(first: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `    re.search(r"\\s+x${first + i}$", s)`).join("\n");
}

/**
 * Two routes: `view` (first in the file) calls `helper` (second), so the taint engine analyzes
 * `helper` first (callees first) — the opposite of document order.
 */
function twoFunctions(inView: number, inHelper: number, helperPrefix = ""): string {
  return [
    "import re",
    "from flask import Flask, request",
    "",
    "app = Flask(__name__)",
    "",
    "",
    '@app.route("/view")',
    "def view():",
    '    s = request.args.get("s", "")',
    searches(0, inView),
    "    return helper(s)",
    "",
    "",
    "def helper(s):",
    `${helperPrefix}${searches(inView, inHelper)}`,
    "    return s",
    "",
  ].join("\n");
}

const polynomialLines = (findings: Finding[]) =>
  findings.filter((f) => f.ruleId === "py/polynomial-redos").map((f) => f.range.start.line);

describe("regex budget in the taint engine's polynomial-ReDoS sink", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("stops at the file's budget in document order, where the pattern checks stop, whatever order the engine analyzes in", () => {
    const text = twoFunctions(600, 200);
    const path = "/tmp/ledger-order.py";
    const taint = new TaintAnalysis();
    const lines = polynomialLines(taint.analyze({ path, text }, "remote"));
    const tree = taint.syntaxOf(path)!;
    const { calls, assignments } = collectCallsAndAssignments(tree);
    const inputs = { imports: collectImports(tree), constants: singleAssignments(tree, assignments), calls };
    // The ledger the taint engine built for this tree (the inputs are the same functions of it).
    const ledger = fileRegexLedger(tree, inputs);
    const admitted = ledger.uses.filter((u) => u.analysis !== undefined).map((u) => u.use.call.startRow);
    // Some patterns of `view` and none of `helper`, which the engine met first.
    expect(admitted.length).toBeGreaterThan(300);
    expect(admitted.length).toBeLessThan(600);
    expect(lines).toEqual(admitted);
    expect(Math.max(...lines)).toBeLessThan(text.split("\n").indexOf("def helper(s):"));
    // The pattern checks cut at the same place: one note for the rest.
    const all = new EmbeddedAnalyzer({ threatModel: "remote" }).analyzeText({ path, text });
    const note = all.find((f) => f.ruleId === "seclsp/not-analyzed");
    expect(note?.message).toMatch(new RegExp(`\\(${800 - admitted.length}\\) not analyzed.*analysis budget`));
  });

  it("gives the same findings after an edit (functions reused from the previous version) as a fresh analysis", () => {
    const path = "/tmp/ledger-edit.py";
    const edited = twoFunctions(400, 400, '    s = s + "x"\n');
    const incremental = new TaintAnalysis();
    incremental.analyze({ path, text: twoFunctions(400, 400) }, "remote");
    const afterEdit = incremental.analyze({ path, text: edited }, "remote");
    const fresh = new TaintAnalysis().analyze({ path, text: edited }, "remote");
    expect(polynomialLines(afterEdit)).toEqual(polynomialLines(fresh));
    expect(polynomialLines(fresh).length).toBeGreaterThan(300);
  });

  it("analyzes a compiled pattern as each call uses it: `match` anchors it at the start", () => {
    const text = [
      "import re",
      "from flask import Flask, request",
      "",
      "app = Flask(__name__)",
      'TRAILING = re.compile(r"\\s+$")',
      "",
      "",
      '@app.route("/t")',
      "def t():",
      '    s = request.args.get("s", "")',
      "    TRAILING.search(s)",
      "    TRAILING.match(s)",
      "    return s",
      "",
    ].join("\n");
    const findings = taintPass.run({ path: "/tmp/ledger-compiled.py", text }, { threatModel: "remote" });
    // `\s+$` backtracks polynomially when searched, linearly when matched from the start.
    expect(polynomialLines(findings)).toEqual([10]);
  });
});
