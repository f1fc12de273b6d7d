import { RegExpParser } from "@eslint-community/regexpp";
import { describe, expect, it } from "vitest";
import {
  findAmbiguousRepetition,
  MAX_COMPARED_ALTERNATIVES,
  MAX_COMPARED_PAIRS,
} from "../../../../../server/src/analysis/embedded/regex/ambiguous-repetition.js";
import { NO_FLAGS } from "../../../../../server/src/analysis/embedded/regex/python-regex-translation.js";
import { analyzeRegex } from "../../../../../server/src/analysis/embedded/regex/regex-analysis.js";

const parser = new RegExpParser({ ecmaVersion: 2025 });
const ambiguous = (source: string) =>
  findAmbiguousRepetition(
    parser.parsePattern(source, 0, source.length, { unicode: false }),
    parser.parseFlags(""),
  );

describe("ambiguous repetitions (exponential backtracking scslre calls polynomial)", () => {
  it("finds alternations whose branches share a non-empty word inside an unbounded repetition", () => {
    expect(ambiguous("(a|a?)+b")).toEqual({ part: "(a|a?)+", repeated: "a" });
    expect(ambiguous("(?:\\w|\\d)+:")).toEqual({ part: "(?:\\w|\\d)+", repeated: "0" });
    // The message names a printable character (a space, not a tab).
    expect(ambiguous("(.|\\s)*<")).toEqual({ part: "(.|\\s)*", repeated: " " });
    expect(ambiguous("x(y|[a-z])*$")?.repeated).toBe("y");
  });

  it("ignores disjoint branches, bounded repetitions, and repetitions nothing can fail after", () => {
    expect(ambiguous("(a|b)+c")).toBeUndefined();
    expect(ambiguous("(x|y?)*z")).toBeUndefined();
    expect(ambiguous("(a|a){1,5}b")).toBeUndefined();
    expect(ambiguous("(a|a)*")).toBeUndefined();
    expect(ambiguous("(?=(a|a)*)")).toBeUndefined();
  });

  it("does not decide branches with backreferences or lookarounds, nor very wide alternations", () => {
    expect(ambiguous("(a+)(\\1|a)+b")).toBeUndefined();
    expect(ambiguous("((?=a)a|a)+b")).toBeUndefined();
    const wide = Array.from({ length: MAX_COMPARED_ALTERNATIVES + 1 }, (_, i) => (i === 0 ? "k" : `k${i}`));
    expect(ambiguous(`(${wide.join("|")}|k)+;`)).toBeUndefined();
    expect(ambiguous(`(${wide.slice(0, 3).join("|")}|k)+;`)).toBeDefined();
  });

  it("stops after a bounded number of comparisons per pattern (no report past the budget)", () => {
    const disjoint = `(?:${Array.from({ length: MAX_COMPARED_ALTERNATIVES }, (_, i) => `q${i}`).join("|")})*;`;
    const pairsPerGroup = (MAX_COMPARED_ALTERNATIVES * (MAX_COMPARED_ALTERNATIVES - 1)) / 2;
    const within = Math.floor(MAX_COMPARED_PAIRS / pairsPerGroup) - 1;
    expect(ambiguous(`${disjoint.repeat(within)}(a|a)+b`)).toBeDefined();
    expect(ambiguous(`${disjoint.repeat(within + 2)}(a|a)+b`)).toBeUndefined();
  });

  it("makes the regex analysis report them as exponential", () => {
    const result = analyzeRegex("(a|a?)+b", NO_FLAGS, false);
    expect(result.status === "analyzed" && result.backtracking.kind).toBe("exponential");
  });
});
