import { beforeAll, describe, expect, it } from "vitest";
import { EmbeddedAnalyzer } from "../../../../../server/src/analysis/embedded/embedded-analyzer.js";

const corsBypassLines = (check: string, reflect = 'resp.headers["Access-Control-Allow-Origin"] = origin') =>
  new EmbeddedAnalyzer({ threatModel: "remote" })
    .analyzeText({
      path: "/w/cors.py",
      text: [
        "from flask import request",
        "def view(resp):",
        '    origin = request.headers.get("Origin", "").strip()',
        `    if ${check}:`,
        `        ${reflect}`,
        "    return resp",
      ].join("\n"),
    })
    .filter((f) => f.ruleId === "py/cors-bypass")
    .map((f) => ({ line: f.range.start.line + 1, message: f.message, steps: f.flow?.length ?? 0 }));

describe("py/cors-bypass", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("reports bypassable suffix, prefix and substring checks with the Origin read as the source", () => {
    for (const check of [
      'origin.endswith("example.com")',
      'origin.startswith("https://example.com")',
      '"example.com" in origin',
      'origin.lower().endswith(("a.example.com", "example.org"))',
    ]) {
      const [finding, ...rest] = corsBypassLines(check);
      expect(rest, check).toEqual([]);
      expect(finding, check).toMatchObject({ line: 4, steps: 2 });
      expect(finding!.message).toContain("client-supplied Origin header");
    }
  });

  it("keeps anchored checks and allowlists quiet", () => {
    for (const check of [
      'origin.endswith(".example.com")',
      'origin.endswith("://example.com")',
      'origin.startswith("https://example.com:")',
      'origin.startswith("https://example.com/")',
      'origin in ("https://example.com", "https://www.example.com")',
      'origin.startswith("https")',
    ])
      expect(corsBypassLines(check), check).toEqual([]);
  });

  it("needs the checked origin to be reflected in Access-Control-Allow-Origin", () => {
    const check = 'origin.endswith("example.com")';
    expect(
      corsBypassLines(check, 'resp.headers["Access-Control-Allow-Origin"] = "https://example.com"'),
    ).toEqual([]);
    expect(corsBypassLines(check, 'resp.headers["X-Origin"] = origin')).toEqual([]);
    expect(
      corsBypassLines(check, 'resp.headers.update({"access-control-allow-origin": origin})'),
    ).toHaveLength(1);
  });

  it("only looks at the Origin header", () => {
    const text = [
      "from flask import request",
      "def view(resp):",
      '    ref = request.headers.get("Referer", "")',
      '    if ref.endswith("example.com"):',
      '        resp.headers["Access-Control-Allow-Origin"] = ref',
    ].join("\n");
    const found = new EmbeddedAnalyzer({ threatModel: "remote" }).analyzeText({ path: "/w/r.py", text });
    expect(found.filter((f) => f.ruleId === "py/cors-bypass")).toEqual([]);
  });
});
