import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EmbeddedAnalyzer } from "../../../../server/src/analysis/embedded/embedded-analyzer.js";
import { ruffCheck, ruffSecurityCheck } from "../../../../server/src/analysis/embedded/ruff-engine.js";
import { ruffPass } from "../../../../server/src/analysis/embedded/ruff-pass.js";
import type { Finding } from "../../../../server/src/analysis/finding.js";
import { primaryReporter } from "../../../../server/src/analysis/reporters.js";
import { rangeOf } from "./text-range.js";

function analyze(text: string, ignoreRules?: string[]): Finding[] {
  return ruffPass.run({ path: "/p/a.py", text }, { threatModel: "library", ignoreRules });
}

describe("ruff pass positions are UTF-16 code units", () => {
  it("counts an astral-plane emoji before the call as two columns", () => {
    const text = 'import pickle\nx = "😀🐍"; pickle.loads(data)\n';
    const [hit] = analyze(text).filter((f) => primaryReporter(f).ruleId === "S301");
    expect(hit!.range).toEqual(rangeOf(text, "pickle.loads(data)"));
    // "x = " (4) + two surrogate pairs (4) + quotes and "; " (4)
    expect(hit!.range.start).toEqual({ line: 1, character: 12 });
  });

  it("handles CRLF line endings", () => {
    const text = "import pickle\r\nx = 1\r\n\r\npickle.loads(data)\r\n";
    const [hit] = analyze(text).filter((f) => primaryReporter(f).ruleId === "S301");
    expect(hit!.range).toEqual({ start: { line: 3, character: 0 }, end: { line: 3, character: 18 } });
  });

  it("counts a tab as one column", () => {
    const text = "import yaml\nif ok:\n\tyaml.load(s)\n";
    const [hit] = analyze(text).filter((f) => primaryReporter(f).ruleId === "S506");
    expect(hit!.range).toEqual({ start: { line: 2, character: 1 }, end: { line: 2, character: 10 } });
  });

  it("handles an emoji, a tab and CRLF together on a multi-line finding", () => {
    const text = "try:\r\n\twork('🎉')\r\nexcept Exception:\r\n\tpass\r\n";
    const [hit] = analyze(text).filter((f) => primaryReporter(f).ruleId === "S110");
    expect(hit!.range).toEqual({ start: { line: 2, character: 0 }, end: { line: 3, character: 5 } });
  });
});

describe("ruff pass behaviour", () => {
  it("downgrades literal shell commands ruff calls 'seems safe' to notes", () => {
    const text = 'import os\nos.system("ls -l")\nos.system(cmd)\n';
    const hits = analyze(text).filter((f) => primaryReporter(f).ruleId === "S605");
    expect(hits.map((f) => [f.range.start.line, f.severity])).toEqual([
      [1, "note"],
      [2, "warning"],
    ]);
  });

  it("honours ruff's own noqa comments", () => {
    const text = "import os\nos.system(a)  # noqa: S605\nos.system(b)  # noqa: S101\neval(c)  # noqa\n";
    expect(analyze(text).map((f) => [primaryReporter(f).ruleId, f.range.start.line])).toEqual([["S605", 2]]);
  });

  it("drops ignored rules by ruff code or by rule id", () => {
    const text = "import pickle, hashlib\npickle.loads(d)\nhashlib.md5(p)\n";
    expect(analyze(text).map((f) => primaryReporter(f).ruleId)).toEqual(["S301", "S324"]);
    expect(analyze(text, ["S301"]).map((f) => primaryReporter(f).ruleId)).toEqual(["S324"]);
    expect(analyze(text, ["py/weak-sensitive-data-hashing"]).map((f) => primaryReporter(f).ruleId)).toEqual([
      "S301",
    ]);
  });

  it("returns no findings (and does not throw) for syntax errors or empty files", () => {
    expect(analyze("def broken(:\n  pass\n")).toEqual([]);
    expect(analyze("")).toEqual([]);
    expect(analyze("\u0000\uFFFD garbage ((((")).toEqual([]);
  });

  it("still reports findings around a broken statement (ruff alone reports none)", () => {
    const text = "import pickle\npickle.loads(d)\ndef broken(:\n    eval(a)\neval(b)\n";
    expect(ruffCheck(text).filter((d) => d.code?.startsWith("S"))).toEqual([]);
    const findings = analyze(text);
    // The broken def and its body are skipped; code before and after it is still checked.
    expect(findings.map((f) => [primaryReporter(f).ruleId, f.range.start.line])).toEqual([
      ["S301", 1],
      ["S307", 4],
    ]);
    expect(findings[1]!.range).toEqual(rangeOf(text, "eval(b)"));
  });

  it("recovers from a broken line inside a function and from an unclosed bracket at EOF", () => {
    const text =
      "import pickle\ndef f():\n    pickle.loads(d)\n    if x\n        eval(y)\n    eval(z)\nq = (\n  1,\n";
    expect(analyze(text).map((f) => [primaryReporter(f).ruleId, f.range.start.line])).toEqual([
      ["S301", 2],
      ["S307", 5],
    ]);
    expect(ruffSecurityCheck(text).hadSyntaxErrors).toBe(true);
    expect(ruffSecurityCheck("eval(x)\n").hadSyntaxErrors).toBe(false);
  });

  it("sorts findings by position and carries message, file and security-severity", () => {
    const text = 'import requests\nrequests.get(u, verify=False)\npassword = "x1"\n';
    const findings = analyze(text);
    expect(findings.map((f) => primaryReporter(f).ruleId)).toEqual(["S113", "S501", "S105"]);
    const s501 = findings[1]!;
    expect(s501).toMatchObject({
      file: "/p/a.py",
      ruleId: "py/request-without-cert-validation",
      severity: "error",
      securitySeverity: 7.5,
    });
    expect(s501.message).toMatch(/verify=False/);
  });

  it("runs inside the embedded analyzer", async () => {
    const analyzer = new EmbeddedAnalyzer({ threatModel: "library" }, [ruffPass]);
    const findings = await analyzer.analyze(
      [{ path: "/p/b.py", text: "eval(x)\n" }],
      new AbortController().signal,
    );
    expect(findings.map((f) => [f.file, f.ruleId])).toEqual([["/p/b.py", "ruff/S307"]]);
  });
});

describe("fingerprints", () => {
  it("do not change when lines are added above or the line is re-indented", () => {
    const before = "import pickle\npickle.loads(d)\n";
    const after = "import pickle\n\n# comment\nif True:\n    pickle.loads(d)\n";
    expect(analyze(after)[0]!.fingerprint).toBe(analyze(before)[0]!.fingerprint);
  });

  it("differ for identical lines and for different code", () => {
    const text = "import pickle\npickle.loads(d)\npickle.loads(d)\npickle.loads(e)\n";
    const prints = analyze(text).map((f) => f.fingerprint);
    expect(prints).toHaveLength(3);
    expect(new Set(prints).size).toBe(3);
  });
});

describe("robustness (property)", () => {
  const pieces = [
    "import pickle, os, subprocess",
    "pickle.loads(data)",
    'x = "😀"; eval(s)',
    "\tos.system(cmd)",
    "def f(a,",
    "    subprocess.run(c, shell=True)",
    "if x:",
    ')]}"""',
    "'unterminated",
    "password = 'hunter2'  # seclsp: ignore",
    "",
    "\u0000\uFFFD",
  ];
  it("never throws and keeps every range inside the text, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 12 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        (lines, eol) => {
          const text = lines.join(eol);
          const docLines = text.split(/\r\n|\r|\n/);
          for (const f of analyze(text)) {
            const { start, end } = f.range;
            expect(start.line).toBeLessThanOrEqual(end.line);
            expect(end.line).toBeLessThan(docLines.length);
            expect(start.character).toBeLessThanOrEqual(docLines[start.line]!.length);
            expect(end.character).toBeLessThanOrEqual(docLines[end.line]!.length);
            if (start.line === end.line) expect(start.character).toBeLessThanOrEqual(end.character);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
