import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import { incrementalChange } from "../../perf/lib/incremental-change.js";

/** What the server does with the change: vscode-languageserver's TextDocument applies it. */
function applied(before: string, after: string): string {
  const document = TextDocument.create("file:///t.py", "python", 1, before);
  return TextDocument.update(document, [incrementalChange(before, after)], 2).getText();
}

describe("incrementalChange (perf:latency's didChange)", () => {
  it("sends only the changed range of an append and of a mid-file insertion", () => {
    const before = "a = 1\nb = 2\n";
    expect(incrementalChange(before, `${before}# edit\n`)).toEqual({
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      text: "# edit\n",
    });
    expect(incrementalChange(before, "a = 1\nx = 0\nb = 2\n")).toEqual({
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
      text: "x = 0\n",
    });
  });

  it("never puts a range end between \\r and \\n", () => {
    const change = incrementalChange("a\r\nb", "a\rX\nb");
    expect(applied("a\r\nb", "a\rX\nb")).toBe("a\rX\nb");
    expect(change.range.start).toEqual({ line: 0, character: 1 });
  });

  it("turns any text into any other once the server applies it", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "é", "😀", "\n", "\r", "\r\n", " "), maxLength: 40 });
    fc.assert(
      fc.property(text, text, (before, after) => {
        expect(applied(before, after)).toBe(after);
      }),
      { numRuns: 2000 },
    );
  });
});
