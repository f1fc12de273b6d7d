import { describe, expect, it } from "vitest";
import {
  applySuppressions,
  parseSuppressions,
  suppressionEdit,
  suppressionLine,
} from "../../../server/src/analysis/suppression.js";
import { finding, range } from "./finding-builders.js";

const sqlAt = (line: number, endLine = line) =>
  finding({ ruleId: "ruff/S608", cwes: ["CWE-89"], range: range(line, 4, 10, endLine) });
const evalAt = (line: number) =>
  finding({
    ruleId: "ruff/S307",
    cwes: ["CWE-94", "CWE-95"],
    range: range(line, 0, 7),
    fingerprint: "e",
  });

function keptLines(text: string, findings = [sqlAt(0), evalAt(0)]): string[] {
  return applySuppressions(text, findings).map((f) => f.ruleId);
}

describe("applySuppressions", () => {
  it("a bare ignore suppresses everything on the line", () => {
    expect(keptLines("q = x  # seclsp: ignore\n")).toEqual([]);
  });

  it("a list suppresses only the named rules, by rule id, tool code or CWE", () => {
    expect(keptLines("q = x  # seclsp: ignore[ruff/S608]\n")).toEqual(["ruff/S307"]);
    expect(keptLines("q = x  # seclsp: ignore[S608]\n")).toEqual(["ruff/S307"]);
    expect(keptLines("q = x  # seclsp: ignore[CWE-089]\n")).toEqual(["ruff/S307"]);
    expect(keptLines("q = x  # seclsp: ignore[cwe-95, s608]\n")).toEqual([]);
    expect(keptLines("q = x  # seclsp: ignore[py/sql-injection]\n")).toEqual(["ruff/S608", "ruff/S307"]);
  });

  it("matches CodeQL ids and the ids of merged reports", () => {
    const codeql = finding({
      source: "codeql",
      ruleId: "py/sql-injection",
      message: "SQL depends on user input",
      reporters: [
        { tool: "codeql", ruleId: "py/sql-injection" },
        { tool: "ruff", ruleId: "S608" },
      ],
    });
    const at = (line: number) => ({ ...codeql, range: range(line, 0, 5) });
    expect(applySuppressions("x  # seclsp: ignore[py/sql-injection]\n", [at(0)])).toEqual([]);
    expect(applySuppressions("x  # seclsp: ignore[ruff/S608]\n", [at(0)])).toEqual([]);
    // B608 is an alias of the merged ruff report's problem, even though Bandit did not run.
    expect(applySuppressions("x  # seclsp: ignore[B608]\n", [at(0)])).toEqual([]);
    expect(applySuppressions("x  # seclsp: ignore[bandit/B608]\n", [at(0)])).toEqual([]);
    expect(applySuppressions("x  # seclsp: ignore[py/xss]\n", [at(0)])).toHaveLength(1);
  });

  it("is robust to spacing and case", () => {
    for (const comment of [
      "#seclsp:ignore",
      "#   SecLSP :  IGNORE",
      "# SECLSP: ignore [ S608 , S307 ]",
      "#seclsp:ignore[]",
    ]) {
      expect(keptLines(`q = x ${comment}\n`), comment).toEqual([]);
    }
  });

  it("works next to other comments such as noqa", () => {
    expect(keptLines("q = x  # noqa: E501  # seclsp: ignore[S608]\n")).toEqual(["ruff/S307"]);
    expect(keptLines("q = x  # seclsp: ignore[S608]  # why: trusted input\n")).toEqual(["ruff/S307"]);
  });

  it("only applies to its own line, or the last line of a multi-line finding", () => {
    const text = "cursor.execute(\n    q % x,\n)  # seclsp: ignore[S608]\nother()\n";
    expect(applySuppressions(text, [sqlAt(0, 2)])).toEqual([]);
    expect(applySuppressions(text, [sqlAt(1)])).toHaveLength(1);
    expect(applySuppressions(text, [sqlAt(3)])).toHaveLength(1);
  });

  it("ignores look-alikes inside string literals and docstrings", () => {
    expect(keptLines('q = "# seclsp: ignore"\n')).toHaveLength(2);
    expect(keptLines("q = '#seclsp: ignore' + x\n")).toHaveLength(2);
    const doc = 'x = """\n# seclsp: ignore\n"""\n';
    expect(applySuppressions(doc, [sqlAt(1)])).toHaveLength(1);
    expect(parseSuppressions(doc).size).toBe(0);
    // The directive after the string on the same line still counts.
    expect(keptLines('q = "a # b" % x  # seclsp: ignore\n')).toEqual([]);
  });

  it("handles CRLF files and leaves findings alone when there is no directive", () => {
    expect(
      applySuppressions("a = 1\r\nq = x  # seclsp: ignore\r\n", [sqlAt(1), evalAt(0)]).map((f) => f.ruleId),
    ).toEqual(["ruff/S307"]);
    const findings = [sqlAt(0)];
    expect(applySuppressions("q = x\n", findings)).toEqual(findings);
  });
});

describe("suppressionEdit", () => {
  it("appends a new comment with two spaces", () => {
    expect(suppressionEdit("a\nq = x   \n", 1, "ruff/S608")).toBe("q = x  # seclsp: ignore[ruff/S608]");
  });

  it("adds to an existing list instead of a second comment", () => {
    expect(suppressionEdit("q = x  # seclsp: ignore[S307]\n", 0, "ruff/S608")).toBe(
      "q = x  # seclsp: ignore[S307, ruff/S608]",
    );
    expect(suppressionEdit("q = x  #SECLSP:ignore[ S307 ]  # note\n", 0, "S608")).toBe(
      "q = x  # seclsp: ignore[S307, S608]  # note",
    );
  });

  it("does not repeat an id already listed, nor touch a bare ignore", () => {
    expect(suppressionEdit("q = x  # seclsp: ignore[s608]\n", 0, "S608")).toBe(
      "q = x  # seclsp: ignore[s608]",
    );
    expect(suppressionEdit("q = x  # seclsp: ignore\n", 0, "S608")).toBe("q = x  # seclsp: ignore");
  });

  it("keeps an existing noqa comment", () => {
    expect(suppressionEdit("q = x  # noqa: E501\n", 0, "py/sql-injection")).toBe(
      "q = x  # noqa: E501  # seclsp: ignore[py/sql-injection]",
    );
  });

  it("produces a line that applySuppressions honours (round trip), CRLF and emoji included", () => {
    const text = 'print("😀")\r\nq = "SELECT %s" % x\r\n';
    const edited = suppressionEdit(text, 1, "ruff/S608");
    const lines = text.split("\r\n");
    lines[1] = edited;
    expect(applySuppressions(lines.join("\r\n"), [sqlAt(1)])).toEqual([]);
    expect(applySuppressions(lines.join("\r\n"), [evalAt(1)])).toHaveLength(1);
  });

  it("rejects a line outside the document", () => {
    expect(() => suppressionEdit("a\n", 5, "S608")).toThrow(RangeError);
  });
});

describe("suppressionLine", () => {
  it("is the first line normally", () => {
    expect(suppressionLine("cursor.execute(\n  q % x)\n", range(0, 0, 8, 1))).toBe(0);
  });

  it("is the last line when the first continues with a backslash or opens a docstring", () => {
    expect(suppressionLine("q = a + \\\n    b\n", range(0, 4, 5, 1))).toBe(1);
    expect(suppressionLine('q = """SELECT\n  %s""" % x\n', range(0, 4, 11, 1))).toBe(1);
  });
});

describe("suppression by alias", () => {
  it("an alias of the problem hides it whoever reported it", () => {
    // Only ruff reported Flask's debug mode (py/flask-debug); Bandit's name for it still works.
    const flask = finding({
      ruleId: "py/flask-debug",
      cwes: ["CWE-215", "CWE-489"],
      reporters: [{ tool: "ruff", ruleId: "S201" }],
      range: range(0, 0, 20),
    });
    for (const id of ["B201", "bandit/B201", "S201", "ruff/S201", "py/flask-debug", "CWE-489"])
      expect(applySuppressions(`app.run(debug=True)  # seclsp: ignore[${id}]\n`, [flask]), id).toEqual([]);
    expect(applySuppressions("app.run(debug=True)  # seclsp: ignore[B608]\n", [flask])).toHaveLength(1);
  });

  it("a Bandit report answers to ruff's name of the same check", () => {
    const bandit = finding({
      source: "bandit",
      ruleId: "ruff/S307",
      cwes: ["CWE-94", "CWE-95"],
      reporters: [{ tool: "bandit", ruleId: "B307" }],
      range: range(0, 0, 7),
    });
    expect(applySuppressions("eval(x)  # seclsp: ignore[S307]\n", [bandit])).toEqual([]);
    expect(applySuppressions("eval(x)  # seclsp: ignore[S301]\n", [bandit])).toHaveLength(1);
  });
});
