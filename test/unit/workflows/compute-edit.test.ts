import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyEdits, computeEdits, replaceRegionEdits } from "../../../server/src/workflows/compute-edit.js";

describe("computeEdits", () => {
  it("returns no edits for identical text", () => {
    expect(computeEdits("a\nb\n", "a\nb\n")).toEqual([]);
  });

  it("produces one minimal edit for a changed call", () => {
    const before = "import pickle\n\ndef load(blob):\n    return pickle.loads(blob)\n";
    const after = "import json\n\ndef load(blob):\n    return json.loads(blob)\n";
    const edits = computeEdits(before, after);
    expect(edits).toEqual([
      { range: { start: { line: 0, character: 7 }, end: { line: 0, character: 13 } }, newText: "json" },
      { range: { start: { line: 3, character: 11 }, end: { line: 3, character: 17 } }, newText: "json" },
    ]);
    expect(applyEdits(before, edits)).toBe(after);
  });

  it("handles inserted and deleted lines", () => {
    const before = "def f(x):\n    return eval(x)\n";
    const after = "import ast\n\ndef f(x):\n    return ast.literal_eval(x)\n";
    const edits = computeEdits(before, after);
    expect(applyEdits(before, edits)).toBe(after);
    expect(edits[0]).toEqual({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      newText: "import ast\n\n",
    });
  });

  it("uses UTF-16 columns and never splits a surrogate pair", () => {
    const before = 'x = "😀"; y = eval(s)\n';
    const after = 'x = "😁"; y = int(s)\n';
    const edits = computeEdits(before, after);
    // One hunk per changed line, trimmed to what differs. "x = \"" is 5 code units; the two
    // emoji share their high surrogate, yet the edit starts before the pair, not inside it.
    expect(edits).toEqual([
      {
        range: { start: { line: 0, character: 5 }, end: { line: 0, character: 18 } },
        newText: '😁"; y = int',
      },
    ]);
    expect(applyEdits(before, edits)).toBe(after);
  });

  it("keeps the document's CRLF line endings when the model answers with LF", () => {
    const before = "a = 1\r\nb = eval(c)\r\n";
    const edits = computeEdits(before, "a = 1\nb = int(c)\n");
    expect(applyEdits(before, edits)).toBe("a = 1\r\nb = int(c)\r\n");
    expect(edits).toHaveLength(1);
    expect(edits[0]?.range.start.line).toBe(1);
  });

  it("replaces only a function region", () => {
    const doc = "import os\n\ndef a():\n    return os.system(cmd)\n\ndef b():\n    return 2\n";
    const edits = replaceRegionEdits(
      doc,
      { start: { line: 2, character: 0 }, end: { line: 4, character: 0 } },
      "def a():\n    return subprocess.run([cmd])\n",
    );
    expect(applyEdits(doc, edits)).toBe(
      "import os\n\ndef a():\n    return subprocess.run([cmd])\n\ndef b():\n    return 2\n",
    );
    expect(edits.every((e) => e.range.start.line === 3)).toBe(true);
  });

  it("round-trips any pair of texts (property)", () => {
    const line = fc.stringMatching(/^[a-z😀é \t=()]{0,12}$/u);
    const doc = fc.array(line, { maxLength: 8 }).map((lines) => lines.join("\n"));
    fc.assert(
      fc.property(doc, doc, (before, after) => {
        const edits = computeEdits(before, after);
        expect(applyEdits(before, edits)).toBe(after);
        for (let i = 1; i < edits.length; i++) {
          const prev = edits[i - 1]?.range.end;
          const next = edits[i]?.range.start;
          expect(
            prev &&
              next &&
              (prev.line < next.line || (prev.line === next.line && prev.character <= next.character)),
          ).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
