import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expressionDepth } from "../../../../server/src/analysis/embedded/expression-depth.js";

const brackets = fc
  .array(fc.constantFrom("(", ")", "[", "]", "{", "}", "+", "and", ".", ","), { maxLength: 40 })
  .map((parts) => parts.join(""));

describe("expression depth estimate", () => {
  it("counts nothing inside strings and comments", () => {
    fc.assert(
      fc.property(brackets, (inner) => {
        for (const text of [
          `x = 1  # ${inner}\n`,
          `x = '${inner.replaceAll("'", "")}'\n`,
          `x = "${inner.replaceAll('"', "")}"\n`,
          `x = """\n${inner.replaceAll('"', "")}\n"""\n`,
          `x = r'\\'${inner.replaceAll("'", "")}'\n`,
        ])
          expect(expressionDepth(text)).toEqual({ depth: 0, offset: 0 });
      }),
    );
  });

  it("grows with nesting and points at the bracket where the maximum is first reached", () => {
    for (const n of [1, 5, 50, 500]) {
      const text = `y = ${"f(".repeat(n)}x${")".repeat(n)}\n`;
      const { depth, offset } = expressionDepth(text);
      expect(depth).toBeGreaterThanOrEqual(n);
      expect(text[offset]).toBe("(");
      expect(offset).toBe(4 + 2 * n - 1);
      expect(expressionDepth(`y = ${"f(".repeat(n + 1)}x${")".repeat(n + 1)}\n`).depth).toBeGreaterThan(
        depth,
      );
    }
    // Operator chains count each operator; a lone `=` and commas do not.
    expect(expressionDepth("a = b + c + d\n").depth).toBe(2);
    expect(expressionDepth("a = b, c, d\n").depth).toBe(0);
    expect(expressionDepth("a = b and not c\n").depth).toBe(2);
    expect(expressionDepth("a = band + notc\n").depth).toBe(1);
  });

  it("gives the same estimate for every line-break style and counts indented blocks", () => {
    const lines = ["def f(a):", "    if a:", "        return (a + 1)", ""];
    const lf = expressionDepth(lines.join("\n"));
    expect(expressionDepth(lines.join("\r\n")).depth).toBe(lf.depth);
    expect(expressionDepth(lines.join("\r")).depth).toBe(lf.depth);
    // Two indented levels around `(a + 1)`: deeper than the same expression at module level.
    expect(lf.depth).toBeGreaterThan(expressionDepth("x = (a + 1)\n").depth);
  });
});
