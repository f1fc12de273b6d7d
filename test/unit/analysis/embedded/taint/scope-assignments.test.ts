import { beforeAll, describe, expect, it } from "vitest";
import type { Parser } from "web-tree-sitter";
import { scopeAssignmentCounts } from "../../../../../server/src/analysis/embedded/taint/scope-assignments.js";
import { field, toSyntaxTree } from "../../../../../server/src/analysis/embedded/taint/syntax-tree.js";
import { loadPythonParser } from "../../../../../server/src/python/parser.js";

let parser: Parser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const SOURCE = [
  "import os",
  "A = 1",
  "B = 2",
  "B += 1",
  "def f(p):",
  "    global A",
  "    x = 1",
  "    for y in p: pass",
  "    return x",
  "",
].join("\n");

describe("scopeAssignmentCounts", () => {
  it("counts bindings per scope, and each call returns its own copy of the memoized counts", () => {
    const tree = parser.parse(SOURCE)!;
    try {
      const syntax = toSyntaxTree(tree, SOURCE);
      const module = scopeAssignmentCounts(syntax, syntax.root, true);
      expect(Object.fromEntries(module)).toEqual({ os: 2, A: 3, B: 3, f: 2 });
      module.set("os", 1);
      module.set("extra", 1);
      const again = scopeAssignmentCounts(syntax, syntax.root, true);
      expect(again.get("os")).toBe(2);
      expect(again.has("extra")).toBe(false);

      const fn = syntax.root.namedKids.find((n) => n.type === "function_definition")!;
      const body = field(fn, "body")!;
      const local = scopeAssignmentCounts(syntax, body, false);
      expect(Object.fromEntries(local)).toEqual({ A: 2, x: 1, y: 2 });
      // The same node counted as a module scope is a different question (nested `global`s count).
      expect(Object.fromEntries(scopeAssignmentCounts(syntax, body, true))).toEqual({ A: 2, x: 1, y: 2 });
    } finally {
      tree.delete();
    }
  });
});
