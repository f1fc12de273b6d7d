import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { layoutFiles, layoutSnippets } from "../../../../server/src/analysis/external/source-root.js";

describe("layoutFiles", () => {
  it("keeps the layout below the deepest common directory and the caller's names", () => {
    const a = path.resolve("/w/proj/pkg/a.py");
    const b = pathToFileURL(path.resolve("/w/proj/b.py")).href;
    const entries = layoutFiles([
      { path: a, text: "a" },
      { path: b, text: "b" },
    ]);
    expect(entries.map((e) => [e.rel, e.original])).toEqual([
      ["pkg/a.py", a],
      ["b.py", b],
    ]);
  });

  it("resolves relative paths, puts non-file URIs under _untitled and always ends in .py", () => {
    const entries = layoutFiles([
      { path: "src/tool.py", text: "" },
      { path: "untitled:Untitled-1", text: "" },
      { path: path.resolve("src/stubs.pyi"), text: "" },
    ]);
    expect(entries.map((e) => e.rel)).toEqual(["tool.py", "_untitled/Untitled-1.py", "stubs.pyi.py"]);
    expect(entries[0]!.original).toBe("src/tool.py");
  });
});

describe("layoutSnippets", () => {
  it("names files after snippet ids and keeps clashing names apart", () => {
    const entries = layoutSnippets([
      { id: "CWE-089_author_1.py", code: "" },
      { id: "a/b", code: "" },
      { id: "a_b", code: "" },
      { id: "..", code: "" },
    ]);
    expect(entries.map((e) => e.rel)).toEqual(["CWE-089_author_1.py", "a_b.py", "a_b_2.py", "_.py"]);
  });
});
