import { beforeAll, describe, expect, it } from "vitest";
import { EmbeddedAnalyzer } from "../../../../../server/src/analysis/embedded/embedded-analyzer.js";

const unicodeFindings = (body: string[]) =>
  new EmbeddedAnalyzer({ threatModel: "remote" })
    .analyzeText({
      path: "/w/u.py",
      text: ["import html, re, unicodedata", "from flask import request", "def view():", ...body].join("\n"),
    })
    .filter((f) => f.ruleId.startsWith("py/unicode-"))
    .map((f) => `${f.range.start.line + 1}:${f.ruleId}`);

describe("unicode checks", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("reports compatibility normalization after escaping or a deny-list check, with the check as the source", () => {
    expect(
      unicodeFindings(['    return unicodedata.normalize("NFKC", html.escape(request.args["q"]))']),
    ).toEqual(["4:py/unicode-bypass-validation"]);
    const body = [
      '    q = request.args["q"]',
      '    if "<" in q:',
      "        return ''",
      '    return unicodedata.normalize("NFKD", q)',
    ];
    expect(unicodeFindings(body)).toEqual(["7:py/unicode-bypass-validation"]);
    const finding = new EmbeddedAnalyzer({ threatModel: "remote" })
      .analyzeText({
        path: "/w/f.py",
        text: ["import html, re, unicodedata", "from flask import request", "def view():", ...body].join(
          "\n",
        ),
      })
      .find((f) => f.ruleId === "py/unicode-bypass-validation");
    expect(finding?.flow?.[0]?.range.start.line).toBe(4);
    expect(finding?.message).toContain("deny-list check");
  });

  it("does not treat checks after normalization, allow-list matches or NFC as bypasses", () => {
    expect(
      unicodeFindings([
        '    q = unicodedata.normalize("NFKC", request.args["q"][:100])',
        '    if "<" in q:',
        "        return ''",
        "    return q",
      ]),
    ).toEqual([]);
    expect(
      unicodeFindings([
        '    q = request.args["q"]',
        '    if not re.fullmatch(r"[a-z]+", q):',
        "        return ''",
        '    return unicodedata.normalize("NFKC", q)',
      ]),
    ).toEqual([]);
    expect(
      unicodeFindings(['    return unicodedata.normalize("NFC", html.escape(request.args["q"]))']),
    ).toEqual([]);
  });

  it("reports unbounded request data normalized with NFKC/NFKD, not after a length check", () => {
    expect(unicodeFindings(['    return unicodedata.normalize("NFKC", request.form["q"])'])).toEqual([
      "4:py/unicode-dos",
    ]);
    const checked = ['    q = request.form["q"]', "    if len(q) > 100:", "        return ''"];
    expect(unicodeFindings([...checked, '    return unicodedata.normalize("NFKC", q)'])).toEqual([]);
    // A length check after the normalization does not bound it.
    expect(
      unicodeFindings([
        '    q = request.form["q"]',
        '    n = unicodedata.normalize("NFKC", q)',
        ...checked.slice(1),
      ]),
    ).toEqual(["5:py/unicode-dos"]);
    // Constant text is not user data.
    expect(unicodeFindings(['    return unicodedata.normalize("NFKC", "ﬁle")'])).toEqual([]);
  });
});
