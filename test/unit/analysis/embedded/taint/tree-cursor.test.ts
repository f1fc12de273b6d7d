import { beforeAll, describe, expect, it } from "vitest";
import type { Parser, Tree } from "web-tree-sitter";
import {
  openCursor,
  publicCursor,
  type TreeWalkCursor,
} from "../../../../../server/src/analysis/embedded/taint/tree-cursor.js";
import { loadPythonParser, treeSitterBindingIfReady } from "../../../../../server/src/python/parser.js";

let parser: Parser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

/** Every read of a full pre-order walk, as one line per node. */
function trace(cursor: TreeWalkCursor): string[] {
  const out: string[] = [];
  let depth = 0;
  try {
    for (;;) {
      out.push(
        `${depth} ${cursor.typeId()} ${cursor.isNamed()} ${cursor.fieldId()} ${cursor.startIndex()}-${cursor.endIndex()}`,
      );
      if (cursor.firstChild()) {
        depth++;
        continue;
      }
      while (!cursor.nextSibling()) {
        if (depth === 0 || !cursor.parent()) return out;
        depth--;
      }
    }
  } finally {
    cursor.close();
  }
}

/** A program with fields, anonymous tokens, comments, non-ASCII text, CRLF and a syntax error, grown to depth. */
function program(seed: number): string {
  const lines = ["# header é😀", "import os, sys as system", ""];
  for (let i = 0; i < 40 + seed; i++) {
    lines.push(`def f${i}(a, *args, b=${i}, **kw) -> str:`);
    lines.push(`    s = "x😀${i}" + a if a else f"{b!r:>{i}}"  # note`);
    lines.push(`    return os.system(s[${i}:]) or [x for x in args if x not in kw]`);
  }
  lines.push("def broken(:\n    pass");
  lines.push(`x = ${"(".repeat(30)}1${")".repeat(30)}`);
  return lines.join(seed % 2 === 0 ? "\n" : "\r\n");
}

describe("openCursor", () => {
  it("uses web-tree-sitter's raw binding after the parser is loaded", () => {
    expect(treeSitterBindingIfReady()).toBeDefined();
  });

  it("reads exactly what the public TreeCursor reads, node by node", () => {
    for (const seed of [0, 1, 7]) {
      const tree: Tree = parser.parse(program(seed))!;
      try {
        const fast = trace(openCursor(tree));
        const slow = trace(publicCursor(tree));
        expect(fast.length).toBeGreaterThan(1000);
        expect(fast).toEqual(slow);
      } finally {
        tree.delete();
      }
    }
  });

  it("leaves web-tree-sitter usable after a raw walk (the transfer buffer is not left inconsistent)", () => {
    const tree = parser.parse(program(2))!;
    try {
      trace(openCursor(tree));
      const other = parser.parse("y = 1\n")!;
      expect(other.rootNode.toString()).toContain("assignment");
      other.delete();
      expect(tree.rootNode.descendantCount).toBeGreaterThan(1000);
    } finally {
      tree.delete();
    }
  });
});
