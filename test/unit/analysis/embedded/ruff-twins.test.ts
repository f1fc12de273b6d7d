import { beforeAll, describe, expect, it } from "vitest";
import { EmbeddedAnalyzer } from "../../../../server/src/analysis/embedded/embedded-analyzer.js";
import { ruffFindings, ruffPass } from "../../../../server/src/analysis/embedded/ruff-pass.js";
import { mergeRuffTwins } from "../../../../server/src/analysis/embedded/ruff-twins.js";
import type { Finding } from "../../../../server/src/analysis/finding.js";

/** Severity and message of every finding (all passes, merged) on one line of the snippet. */
function onLine(code: string, line: number, threatModel: "remote" | "library" = "library") {
  return new EmbeddedAnalyzer({ threatModel })
    .analyzeText({ path: "/p/lib/run.py", text: code })
    .filter((f) => f.range.start.line + 1 === line)
    .map((f) => ({ rule: f.ruleId, severity: f.severity, message: f.message }));
}

describe("ruff patterns and their taint twins (issue 15.7)", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("keeps a public function's shell passthrough at the pattern's severity, with why", () => {
    const code = "import os\n\n\ndef run(cmd):\n    os.system(cmd)\n";
    const [finding, ...rest] = onLine(code, 5);
    expect(rest).toEqual([]);
    expect(finding!.rule).toBe("py/command-line-injection");
    expect(finding!.severity).toBe("warning");
    expect(finding!.message).toMatch(/passed to a shell unchanged: callers must quote it/);
  });

  it("leaves a private helper's shell passthrough a note", () => {
    const code = "import os\n\n\ndef _run(cmd):\n    os.system(cmd)\n";
    expect(onLine(code, 5).map((f) => `${f.rule}:${f.severity}`)).toEqual(["py/command-line-injection:note"]);
  });

  it("keeps eval of a public function's argument a note: running the caller's code is its contract", () => {
    const code = "def calc(expression):\n    return eval(expression)\n";
    expect(onLine(code, 2).map((f) => `${f.rule}:${f.severity}`)).toEqual(["py/code-injection:note"]);
  });

  it("turns a data-dependent pattern no flow reaches into a note that says so", () => {
    const code = "class Shell:\n    def go(self):\n        return eval(self.expression)\n";
    const [finding] = onLine(code, 3);
    expect(finding!.rule).toBe("ruff/S307");
    expect(finding!.severity).toBe("note");
    expect(finding!.message).toMatch(/no untrusted source reaches it in this file/);
  });

  it("keeps a confirmed remote flow at error and merges the pattern into it", () => {
    const code = `from flask import Flask, request
app = Flask(__name__)
@app.route("/c")
def c():
    value = eval(request.args["e"])
    return {"ok": value is not None}
`;
    expect(onLine(code, 5, "remote").map((f) => `${f.rule}:${f.severity}`)).toEqual([
      "py/code-injection:error",
    ]);
  });

  it("keeps a weak hash a warning without any flow (the algorithm is the flaw)", () => {
    const code = "import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n";
    expect(onLine(code, 5).map((f) => f.severity)).toEqual(["warning"]);
  });

  it("does not demote patterns when the taint pass did not run (ruff only)", () => {
    const code = "class Shell:\n    def go(self):\n        return eval(self.expression)\n";
    const findings = new EmbeddedAnalyzer({ threatModel: "library" }, [ruffPass]).analyzeText({
      path: "/p/x.py",
      text: code,
    });
    expect(findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(["ruff/S307:warning"]);
  });

  it("keeps patterns when the flow phase stopped early (the editor's two-phase merge)", () => {
    const code = "def f(x):\n    return eval(x)\n";
    const diagnostic = {
      code: "S307",
      message: "Use of possibly insecure function",
      start_location: { row: 2, column: 12 },
      end_location: { row: 2, column: 19 },
    };
    const ruff = ruffFindings("/p/f.py", code, [diagnostic as never], new Set());
    const stopped: Finding = {
      ...ruff[0]!,
      ruleId: "seclsp/not-analyzed",
      cwes: [],
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: "note",
      reporters: [{ tool: "taint", ruleId: "seclsp/not-analyzed" }],
    };
    expect(mergeRuffTwins(ruff, true).map((f) => f.severity)).toEqual(["note"]);
    expect(mergeRuffTwins(ruff, false).map((f) => f.severity)).toEqual(["warning"]);
    const merged = mergeRuffTwins([...ruff, stopped], true).filter((f) => f.ruleId === "ruff/S307");
    expect(merged.map((f) => f.severity)).toEqual(["warning"]);
  });

  it("merges a pattern into the first matching finding of its line, or one with a step on it", () => {
    const code = "import hashlib\nh = hashlib.md5(data)\n\n\nuse(h)\n";
    const diagnostic = {
      code: "S324",
      message: "Probable use of insecure hash functions",
      start_location: { row: 2, column: 5 },
      end_location: { row: 2, column: 22 },
    };
    const [ruff] = ruffFindings("/p/h.py", code, [diagnostic as never], new Set());
    const taint = (ruleId: string, line: number, cwes: string[], flowLine?: number): Finding => ({
      ...ruff!,
      ruleId,
      cwes,
      range: { start: { line, character: 0 }, end: { line, character: 3 } },
      reporters: [{ tool: "taint", ruleId }],
      ...(flowLine === undefined
        ? {}
        : {
            flow: [
              {
                file: ruff!.file,
                range: { start: { line: flowLine, character: 0 }, end: { line: flowLine, character: 1 } },
                message: "step",
              },
            ],
          }),
    });
    const reporters = (findings: Finding[]) =>
      findings.map(
        (f) => `${f.ruleId}@${f.range.start.line}:${(f.reporters ?? []).map((r) => r.tool).join("+")}`,
      );
    // Same line, shared CWE: the first such finding absorbs it (not the second, not one elsewhere).
    const sameLine = [
      taint("other/rule", 1, ["CWE-79"]),
      taint("a/first", 1, ruff!.cwes),
      taint("a/second", 1, ruff!.cwes),
    ];
    expect(reporters(mergeRuffTwins([ruff!, ...sameLine]))).toEqual([
      "other/rule@1:taint",
      "a/first@1:taint+ruff",
      "a/second@1:taint",
    ]);
    // Reported at its use (line 4) with the flagged line as a step.
    const atUse = taint(ruff!.ruleId, 4, [], 1);
    expect(reporters(mergeRuffTwins([ruff!, taint(ruff!.ruleId, 3, [], 2), atUse]))).toEqual([
      `${ruff!.ruleId}@3:taint`,
      `${ruff!.ruleId}@4:taint+ruff`,
    ]);
  });
});
