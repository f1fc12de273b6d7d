import { beforeAll, describe, expect, it } from "vitest";
import type { Parser } from "web-tree-sitter";
import { pythonParser } from "../../../server/src/python/syntax-check.js";
import { pythonRegression } from "../../../server/src/workflows/python-regression.js";

let parser: Parser;
beforeAll(async () => {
  parser = await pythonParser();
}, 120_000);

const GOOD = "def f(x):\n    if x:\n        return 1\n    return 2\n";

describe("pythonRegression: what an edit made of a file that Python can no longer compile", () => {
  it("nothing for an edit that keeps the file valid", () => {
    expect(pythonRegression(parser, GOOD, GOOD.replace("return 2", "return 3"))).toBeUndefined();
  });

  it("a syntax error the file did not have", () => {
    expect(pythonRegression(parser, GOOD, GOOD.replace("return 2", "return (2"))).toMatch(
      /^a syntax error near line \d+$/,
    );
  });

  it("indentation Python rejects, which tree-sitter parses without error", () => {
    const after = GOOD.replace("    return 2", "  return 2");
    expect(parser.parse(after)!.rootNode.hasError).toBe(false);
    expect(pythonRegression(parser, GOOD, after)).toBe("indentation Python rejects near line 4");
  });

  it("not the edit's: indentation the file already had wrong, or no more syntax errors than before", () => {
    const misindented = GOOD.replace("    return 2", "  return 2");
    expect(
      pythonRegression(parser, misindented, misindented.replace("return 1", "return 5")),
    ).toBeUndefined();
    const broken = `${GOOD}x = (\n`;
    expect(pythonRegression(parser, broken, broken.replace("return 1", "return 5"))).toBeUndefined();
    expect(pythonRegression(parser, broken, broken.replace("return 1", "return (5"))).toMatch(/syntax error/);
  });

  it("a statement Python's compiler rejects where it stands: a Python 2 print, a module-level return", () => {
    expect(pythonRegression(parser, GOOD, `${GOOD}print "done"\n`)).toBe(
      "code Python rejects (Python 2 print statement) near line 5",
    );
    expect(pythonRegression(parser, GOOD, `${GOOD}return 0\n`)).toBe(
      "code Python rejects ('return' outside function) near line 5",
    );
    // Already there before the edit: not the edit's.
    const old = `${GOOD}print "done"\n`;
    expect(pythonRegression(parser, old, old.replace("return 1", "return 5"))).toBeUndefined();
  });
});
