import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Parser } from "web-tree-sitter";
import { type PyNode, toSyntaxTree } from "../../../server/src/analysis/embedded/taint/syntax-tree.js";
import { computeEdit, ParseCache } from "../../../server/src/python/parse-cache.js";
import { loadPythonParser } from "../../../server/src/python/parser.js";

let parser: Parser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const BASE = 'import os\n\ndef f(name):\n    s = "é😀" + name\n    os.system(s)\n    return s\n';

describe("ParseCache", () => {
  it("re-parses edits incrementally to the same tree as a fresh parse", () => {
    fc.assert(
      fc.property(
        fc.nat(BASE.length),
        fc.nat(6),
        fc.constantFrom("x", "\n", "😀", "é", "(", "    y = 1\n", ""),
        (start, length, insert) => {
          // Do not split a surrogate pair: editors never do.
          const at = /[\uDC00-\uDFFF]/.test(BASE[start] ?? "") ? start + 1 : start;
          let end = Math.min(BASE.length, at + length);
          if (/[\uDC00-\uDFFF]/.test(BASE[end] ?? "")) end += 1;
          const edited = BASE.slice(0, at) + insert + BASE.slice(end);
          const cache = new ParseCache(parser);
          cache.parse("/a.py", BASE);
          const incremental = cache.parse("/a.py", edited)!.rootNode.toString();
          const fresh = parser.parse(edited)!;
          const expected = fresh.rootNode.toString();
          fresh.delete();
          cache.clear();
          expect(incremental).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("returns the cached tree for unchanged text and forgets closed files", () => {
    const cache = new ParseCache(parser);
    const first = cache.parse("/a.py", BASE);
    expect(cache.parse("/a.py", BASE)).toBe(first);
    cache.parse("/b.py", "x = 1\n");
    expect(cache.size).toBe(2);
    cache.forget("/a.py");
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it("computes the edit from the common prefix and suffix in UTF-16 units", () => {
    const edit = computeEdit("ab\ncd😀ef", "ab\ncdXef");
    expect(edit.startIndex).toBe(5);
    expect(edit.oldEndIndex).toBe(7);
    expect(edit.newEndIndex).toBe(6);
    expect(edit.startPosition).toEqual({ row: 1, column: 2 });
    expect(edit.oldEndPosition).toEqual({ row: 1, column: 4 });
    expect(edit.newEndPosition).toEqual({ row: 1, column: 3 });
  });
});

describe("toSyntaxTree with a previous version", () => {
  const serialize = (node: PyNode): string =>
    `${node.type}[${node.start},${node.end},${node.startRow}:${node.startCol}-${node.endRow}:${node.endCol}](${node.children.map(serialize).join(" ")})`;
  const PROGRAM =
    'import os\n\ndef a(x):\n    return os.system(x)\n\n\ndef b(y):\n    s = "😀" + y\n    return s\n\nc = a(b("é"))\n';

  it("reuses unchanged statements and yields the same tree as a fresh conversion", () => {
    fc.assert(
      fc.property(
        fc.nat(PROGRAM.length),
        fc.constantFrom("z", "\n", "😀", "\n\ndef q():\n    pass\n", "#"),
        (at, insert) => {
          const position = /[\uDC00-\uDFFF]/.test(PROGRAM[at] ?? "") ? at + 1 : at;
          const edited = PROGRAM.slice(0, position) + insert + PROGRAM.slice(position);
          const before = parser.parse(PROGRAM)!;
          const previous = toSyntaxTree(before, PROGRAM);
          const after = parser.parse(edited)!;
          const reused = serialize(toSyntaxTree(after, edited, previous).root);
          const fresh = serialize(toSyntaxTree(after, edited).root);
          before.delete();
          after.delete();
          expect(reused).toBe(fresh);
        },
      ),
      { numRuns: 60 },
    );
  });
});
