import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../../../../perf/lib/corpus.js";
import { fileStamp, ROWS } from "../../../../../server/src/analysis/embedded/taint/file-stamp.js";
import {
  collectFunctions,
  detectFrameworks,
} from "../../../../../server/src/analysis/embedded/taint/function-catalog.js";
import { collectImports } from "../../../../../server/src/analysis/embedded/taint/imports.js";
import {
  type SyntaxTree,
  toSyntaxTree,
} from "../../../../../server/src/analysis/embedded/taint/syntax-tree.js";
import { loadPythonParser } from "../../../../../server/src/python/parser.js";

type Parser = Awaited<ReturnType<typeof loadPythonParser>>;
let parser: Parser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const corpus = loadCorpus().filter((f) => /^\s*def /m.test(f.text));

/** The stamp of `text`, its syntax tree built from `previous` (reusing unchanged statements) or fresh. */
function stamp(text: string, previous?: SyntaxTree): { stamp: string; tree: SyntaxTree } {
  const parsed = parser.parse(text)!;
  try {
    const tree = toSyntaxTree(parsed, text, previous);
    const imports = collectImports(tree);
    const functions = collectFunctions(tree, detectFrameworks(tree, imports));
    return { stamp: fileStamp(tree, "library", imports, functions), tree };
  } finally {
    parsed.delete();
  }
}

const rowFree = (s: string) => s.slice(0, s.lastIndexOf(ROWS));

describe("file stamp", () => {
  it("is the same whether the tree reused the previous version's statements or not", () => {
    const CHANGES: Array<(lines: string[], at: number) => void> = [
      (lines, at) => lines.splice(at, 0, ""),
      (lines, at) => lines.splice(at, 1),
      (lines, at) => lines.splice(at, 0, `${/^\s*/.exec(lines[at] ?? "")![0]}x = 1`),
      (lines, at) => {
        lines[at] = (lines[at] ?? "").replace(/\(/, "(extra, ");
      },
    ];
    fc.assert(
      fc.property(
        fc.array(fc.nat(corpus.length - 1), { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ line: fc.nat(10_000), kind: fc.nat(CHANGES.length - 1) }), { maxLength: 5 }),
        (files, edits) => {
          let lines = files
            .map((i) => corpus[i]!.text)
            .join("\n")
            .split("\n");
          let previous = stamp(lines.join("\n")).tree;
          for (const edit of edits) {
            lines = [...lines];
            CHANGES[edit.kind]!(lines, edit.line % lines.length);
            const text = lines.join("\n");
            const incremental = stamp(text, previous);
            expect(incremental.stamp).toBe(stamp(text).stamp);
            previous = incremental.tree;
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("tells a move of code from a change outside function bodies", () => {
    const text = ["import os", "", "def f(a):", "    return a", "", "def g(b=1):", "    return b", ""].join(
      "\n",
    );
    const base = stamp(text);
    // A line added inside f moves g: rows change, nothing else.
    const moved = stamp(text.replace("    return a", "    a = a\n    return a"), base.tree);
    expect(moved.stamp).not.toBe(base.stamp);
    expect(rowFree(moved.stamp)).toBe(rowFree(base.stamp));
    // A changed default of g is a change.
    const changed = stamp(text.replace("b=1", "b=2"), moved.tree);
    expect(rowFree(changed.stamp)).not.toBe(rowFree(base.stamp));
  });
});
