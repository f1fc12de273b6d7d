import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  codePointToUtf16,
  LineIndex,
  utf8ByteToUtf16,
  utf16ToCodePoint,
} from "../../../server/src/analysis/text-positions.js";

describe("column conversions", () => {
  const line = 'x = "😀é"; eval(y)';

  it("code points → UTF-16 counts astral characters twice", () => {
    expect(codePointToUtf16(line, 5)).toBe(5);
    expect(codePointToUtf16(line, 6)).toBe(7);
    expect(line.slice(codePointToUtf16(line, 10))).toBe("eval(y)");
    expect(codePointToUtf16("ab", 4)).toBe(4);
  });

  it("UTF-8 bytes → UTF-16 (Python ast col_offset)", () => {
    const bytes = Buffer.byteLength('x = "😀é"; ', "utf8");
    expect(line.slice(utf8ByteToUtf16(line, bytes))).toBe("eval(y)");
  });

  it("round-trips code point ↔ UTF-16 at character boundaries", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.nat(40), (text, n) => {
        const points = [...text].length;
        const column = Math.min(n, points);
        expect(utf16ToCodePoint(text, codePointToUtf16(text, column))).toBe(column);
      }),
    );
  });

  it("LineIndex splits on every newline kind and tolerates out-of-range lines", () => {
    const index = new LineIndex("a\r\nb\rc\nd");
    expect([0, 1, 2, 3].map((i) => index.line(i))).toEqual(["a", "b", "c", "d"]);
    expect(index.line(9)).toBe("");
    expect(index.lineCount).toBe(4);
  });
});
