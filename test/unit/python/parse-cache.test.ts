import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Parser } from "web-tree-sitter";
import {
  type PyNode,
  type SyntaxTree,
  toSyntaxTree,
} from "../../../server/src/analysis/embedded/taint/syntax-tree.js";
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

  it("after edits recorded without parsing (advance), parses the text afresh: never the stale tree", () => {
    const cache = new ParseCache(parser);
    cache.parse("/a.py", BASE);
    const first = BASE.replace("return s", "return s + name");
    const second = first.replace("def f(name):", "def f(name, other):");
    cache.advance("/a.py", first);
    cache.advance("/a.py", second);
    const fresh = parser.parse(second)!;
    // Same text as advanced to: still parsed (the tree only had its positions edited).
    expect(cache.parse("/a.py", second)!.rootNode.toString()).toBe(fresh.rootNode.toString());
    expect(cache.parse("/a.py", second)!.rootNode.text).toBe(second);
    const third = `${second}x = f("a", "b")\n`;
    cache.advance("/a.py", second);
    const freshThird = parser.parse(third)!;
    expect(cache.parse("/a.py", third)!.rootNode.toString()).toBe(freshThird.rootNode.toString());
    fresh.delete();
    freshThird.delete();
    cache.clear();
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

  it("finds the same edit as a character-by-character comparison, across its chunk boundaries", () => {
    /** The definition: common prefix, then common suffix not overlapping it; rows count \n. */
    const reference = (before: string, after: string) => {
      const max = Math.min(before.length, after.length);
      let prefix = 0;
      while (prefix < max && before[prefix] === after[prefix]) prefix++;
      let suffix = 0;
      while (suffix < max - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix])
        suffix++;
      const point = (text: string, index: number) => {
        const lines = text.slice(0, index).split("\n");
        return { row: lines.length - 1, column: lines.at(-1)!.length };
      };
      return {
        startIndex: prefix,
        oldEndIndex: before.length - suffix,
        newEndIndex: after.length - suffix,
        startPosition: point(before, prefix),
        oldEndPosition: point(before, before.length - suffix),
        newEndPosition: point(after, after.length - suffix),
      };
    };
    // Texts of a few chunks (2,048 units each) from a small alphabet, so long common runs happen.
    const text = fc
      .stringMatching(/^[ab\n\r😀]{0,40}$/u)
      .chain((unit) => fc.integer({ min: 0, max: 300 }).map((times) => unit.repeat(times)));
    fc.assert(
      fc.property(
        text,
        fc.nat(),
        fc.nat(),
        fc.stringMatching(/^[ab\n😀]{0,5}$/u),
        (before, at, cut, insert) => {
          const start = before.length === 0 ? 0 : at % (before.length + 1);
          const end = Math.min(before.length, start + (cut % 7));
          const after = before.slice(0, start) + insert + before.slice(end);
          expect(computeEdit(before, after)).toEqual(reference(before, after));
        },
      ),
      { numRuns: 300, seed: 18 },
    );
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

  it("after any edit (insert, delete, replace) equals a fresh conversion, parents included", () => {
    fc.assert(
      fc.property(
        fc.nat(PROGRAM.length),
        fc.nat(12),
        fc.constantFrom("", "z", "\n", "😀", "\n\ndef q():\n    pass\n", "#", '"""', "(", "    "),
        (at, cut, insert) => {
          const surrogate = (i: number) => /[\uDC00-\uDFFF]/.test(PROGRAM[i] ?? "");
          const start = surrogate(at) ? at + 1 : at;
          let end = Math.min(PROGRAM.length, start + cut);
          if (surrogate(end)) end++;
          const edited = PROGRAM.slice(0, start) + insert + PROGRAM.slice(end);
          const before = parser.parse(PROGRAM)!;
          const previous = toSyntaxTree(before, PROGRAM);
          const after = parser.parse(edited)!;
          const reused = toSyntaxTree(after, edited, previous);
          const fresh = serialize(toSyntaxTree(after, edited).root);
          before.delete();
          after.delete();
          expect(serialize(reused.root)).toBe(fresh);
          for (const statement of reused.root.children) expect(statement.parent).toBe(reused.root);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it("keeps the very nodes of statements before and after an edit, and of a statement moved elsewhere", () => {
    const convert = (text: string, previous?: SyntaxTree) => {
      const tree = parser.parse(text)!;
      try {
        return toSyntaxTree(tree, text, previous);
      } finally {
        tree.delete();
      }
    };
    const first = convert(PROGRAM);
    const [imports, a, b, c] = first.root.namedKids;
    // An edit inside b: the import and a before it, c after it (shifted) are the same objects.
    const edited = PROGRAM.replace("return s", "return s + 'x'");
    const second = convert(edited, first);
    expect(second.root.namedKids[0]).toBe(imports);
    expect(second.root.namedKids[1]).toBe(a);
    expect(second.root.namedKids[2]).not.toBe(b);
    expect(second.root.namedKids[3]).toBe(c);
    expect(second.root.namedKids[3]!.start).toBe(edited.indexOf("c = a("));
    // Moving `c = …` above the import: found by its text (it touched the edited region).
    const cLine = 'c = a(b("é"))\n';
    const moved = cLine + edited.replace(cLine, "");
    const third = convert(moved, second);
    expect(third.root.namedKids[0]).toBe(c);
    expect(third.root.namedKids[0]!.start).toBe(0);
  });
});
