import { describe, expect, it } from "vitest";
import {
  MAX_ANALYZED_LENGTH,
  MAX_COUNTED_REPETITION,
} from "../../../../../server/src/analysis/embedded/regex/backtracking.js";
import {
  badTagFilterProblem,
  incompleteHostname,
} from "../../../../../server/src/analysis/embedded/regex/pattern-checks.js";
import { NO_FLAGS } from "../../../../../server/src/analysis/embedded/regex/python-regex-translation.js";
import {
  analyzeRegex,
  REGEX_CACHE_SIZE,
  regexCacheSize,
} from "../../../../../server/src/analysis/embedded/regex/regex-analysis.js";

const analyze = (pattern: string, anchored = false) => analyzeRegex(pattern, NO_FLAGS, anchored);
const kind = (pattern: string, anchored = false) => {
  const result = analyze(pattern, anchored);
  return result.status === "analyzed" ? result.backtracking.kind : result.status;
};

describe("regex backtracking analysis", () => {
  it("finds exponential backtracking in nested and ambiguous repetitions", () => {
    expect(kind("^(a+)+$")).toBe("exponential");
    expect(kind("^(\\w+\\s?)*$")).toBe("exponential");
    expect(kind("(?P<x>\\d+)*z")).toBe("exponential");
  });

  it("names the repeated character and the part of the pattern", () => {
    const result = analyze("^(a+)+$");
    expect(result.status).toBe("analyzed");
    if (result.status === "analyzed") {
      expect(result.backtracking.repeated).toBe("a");
      expect(result.backtracking.part).toBe("(a+)+");
    }
  });

  it("tells polynomial from exponential, and linear patterns from both", () => {
    expect(kind("\\s+$")).toBe("polynomial");
    expect(kind("^[a-z]+$")).toBe("none");
    expect(kind("^\\d{4}-\\d{2}-\\d{2}$")).toBe("none");
  });

  it("knows re.match only starts at the beginning", () => {
    expect(kind("a+b")).toBe("polynomial");
    expect(kind("a+b", true)).toBe("none");
  });

  it("does not analyze over-large patterns (bounded work, said as not-analyzed)", () => {
    const long = analyze(`(${"ab|".repeat(MAX_ANALYZED_LENGTH / 3)}c)+`);
    expect(long).toMatchObject({ status: "not-analyzed" });
    const counted = analyze(`(a|b){1,${MAX_COUNTED_REPETITION * 100}}c`);
    expect(counted).toMatchObject({ status: "not-analyzed", reason: expect.stringMatching(/counted/) });
    const many = analyze("a*".repeat(200));
    expect(many).toMatchObject({ status: "not-analyzed" });
  });

  it("reports unsupported Python syntax instead of guessing", () => {
    expect(analyze("(a+)++$")).toMatchObject({
      status: "unsupported",
      reason: expect.stringMatching(/possessive/),
    });
  });

  it("survives patterns JS rejects (Python-only syntax) with a reason", () => {
    const result = analyze("(?<name>x)");
    expect(result.status).not.toBe("analyzed");
  });

  it("caches per pattern and flags, and evicts beyond the cache size", () => {
    const first = analyze("^(b+)+$");
    expect(analyze("^(b+)+$")).toBe(first);
    expect(analyzeRegex("^(b+)+$", { ...NO_FLAGS, ignoreCase: true }, false)).not.toBe(first);
    for (let i = 0; i < REGEX_CACHE_SIZE + 10; i++) analyze(`x${i}y`);
    expect(regexCacheSize()).toBe(REGEX_CACHE_SIZE);
    expect(analyze("^(b+)+$")).not.toBe(first);
  });
});

describe("regex pattern checks", () => {
  it("finds tag filters that miss what browsers accept", () => {
    expect(badTagFilterProblem("<!--.*?-->", "s")).toMatch(/--!>/);
    expect(badTagFilterProblem("<script.*?>.*?<\\/script>", "is")).toMatch(/<\/script >/);
    expect(badTagFilterProblem("<script[^>]*>[\\s\\S]*?<\\/script[^>]*>", "")).toMatch(/upper case/);
    expect(badTagFilterProblem("<script[^>]*>[\\s\\S]*?<\\/script[^>]*>", "i")).toBeUndefined();
    expect(badTagFilterProblem("<!--[\\s\\S]*?--!?>", "")).toBeUndefined();
    expect(badTagFilterProblem("^[a-z]+$", "")).toBeUndefined();
  });

  it("finds comment ends captured in different groups, and attribute quote styles left out", () => {
    expect(badTagFilterProblem("<!--([\\s\\S]*?)-->|<!--([\\s\\S]*?)--!>", "")).toBe(
      "Comments ending with --> are matched differently from comments ending with --!>. The first is matched " +
        "with capture group 1 and comments ending with --!> are matched with capture group 2.",
    );
    // One group for both ends: a sanitizer using group 1 sees every comment.
    expect(badTagFilterProblem("<!--([\\s\\S]*?)--!?>", "")).toBeUndefined();
    const doubleOnly = '<script\\s+type="[^"]*">[\\s\\S]*?</script[^>]*>';
    expect(badTagFilterProblem(doubleOnly, "i")).toMatch(/single-quotes/);
    expect(badTagFilterProblem(doubleOnly.replace(/"/g, "'"), "i")).toMatch(/double-quotes/);
    const both = "<script(?:\\s+[a-z]+=(?:\"[^\"]*\"|'[^']*'))*\\s*>[\\s\\S]*?</script[^>]*>";
    expect(badTagFilterProblem(both, "i")).toBeUndefined();
  });

  it("finds overly large ranges and leaves deliberate ones alone", () => {
    const ranges = (p: string) => {
      const r = analyze(p);
      return r.status === "analyzed" ? r.overlyLargeRanges : [];
    };
    expect(ranges("[A-z]+")).toEqual([
      "Suspicious character range that is equivalent to [A-Z\\[\\\\\\]^_`a-z].",
    ]);
    expect(ranges("[.-_]")[0]).toMatch(/0-9:;<=>\?@A-Z/);
    expect(ranges("[a-zA-Z0-9_-]")).toEqual([]);
    expect(ranges("[\\x00-\\x7f]")).toEqual([]);
    expect(ranges("[!-~]")).toEqual([]);
    expect(ranges("[+-/]")).toEqual([]);
  });

  it("finds hostnames with unescaped dots", () => {
    expect(incompleteHostname("^https?://www.example.com/")).toBe("example.com");
    expect(incompleteHostname("^(www|beta).example.com$")).toBe("example.com");
    expect(incompleteHostname("^https?://www\\.example\\.com/")).toBeUndefined();
    expect(incompleteHostname("^[a-z]+\\.example\\.com$")).toBeUndefined();
    expect(incompleteHostname("\\w+.py$")).toBeUndefined();
  });
});
