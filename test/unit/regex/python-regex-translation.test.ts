import { describe, expect, it } from "vitest";
import {
  flagsFromNames,
  NO_FLAGS,
  translatePythonRegex,
} from "../../../server/src/analysis/embedded/regex/python-regex-translation.js";

const js = (pattern: string, flags = NO_FLAGS) => {
  const result = translatePythonRegex(pattern, flags);
  if (!result.ok) throw new Error(result.reason);
  return result;
};

describe("Python → JS regex translation", () => {
  it("rewrites named groups and named backreferences", () => {
    expect(js("(?P<word>\\w+) (?P=word)").source).toBe("(?<word>\\w+) \\k<word>");
  });

  it("rewrites \\A and \\Z as string anchors, not line anchors", () => {
    const { source } = js("\\Aabc\\Z");
    expect(source).toBe("(?<![\\s\\S])abc(?![\\s\\S])");
    const regex = new RegExp(source, "m");
    expect(regex.test("abc")).toBe(true);
    expect(regex.test("x\nabc")).toBe(false);
  });

  it("turns inline flags into JS flags and strips them", () => {
    expect(js("(?i)abc")).toMatchObject({ source: "abc", flags: "i" });
    expect(js("(?ms)a.b")).toMatchObject({ source: "a.b", flags: "ms" });
    expect(js("a(?i:b)c")).toMatchObject({ source: "a(?:b)c" });
    expect(js("a(?i:b)c").approximations).toHaveLength(1);
  });

  it("reads verbose patterns: whitespace and comments outside classes vanish", () => {
    const { source } = js("a + # one or more\n [ #] b", flagsFromNames(["VERBOSE"]));
    expect(source).toBe("a+[ #]b");
  });

  it("gives {,n} a lower bound and escapes literal braces", () => {
    expect(js("a{,3}").source).toBe("a{0,3}");
    expect(js("{foo}").source).toBe("\\{foo\\}");
    expect(js("a{2,}b{3}").source).toBe("a{2,}b{3}");
  });

  it("keeps a leading ] in a class literal", () => {
    const { source } = js("[]a]+");
    expect(new RegExp(source).test("]")).toBe(true);
  });

  it("drops (?#comments)", () => {
    expect(js("a(?#note)b").source).toBe("ab");
  });

  it("says what it cannot translate", () => {
    for (const [pattern, reason] of [
      ["a++", /possessive/],
      ["(?>a+)b", /atomic/],
      ["(a)?(?(1)b|c)", /conditional/],
      ["\\N{DASH}", /\\N/],
      ["[abc", /unterminated/],
    ] as const) {
      const result = translatePythonRegex(pattern, NO_FLAGS);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(reason);
    }
  });

  it("does not mistake lazy quantifiers or escaped plus for possessive ones", () => {
    expect(js("a+?b").source).toBe("a+?b");
    expect(js("a\\++").source).toBe("a\\++");
  });

  it("maps flag names", () => {
    expect(flagsFromNames(["I", "MULTILINE", "S", "ASCII"])).toEqual({
      ignoreCase: true,
      multiline: true,
      dotAll: true,
      verbose: false,
    });
  });
});
