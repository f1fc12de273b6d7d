import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineTable } from "../../../../../server/src/analysis/embedded/taint/line-table.js";
import { commonPrefixLength, commonSuffixLength } from "../../../../../server/src/python/common-affix.js";

describe("LineTable", () => {
  it("starts a line after \\n, after \\r\\n and after a lone \\r", () => {
    expect(new LineTable("a\nb\r\nc\rd\r").starts).toEqual([0, 2, 5, 7, 9]);
    expect(new LineTable("").starts).toEqual([0]);
  });

  it("after an edit equals a fresh table, \\r\\n pairs split or joined at the edit's edges included", () => {
    const text = fc.stringMatching(/^[ab\r\n]{0,60}$/);
    fc.assert(
      fc.property(
        text,
        fc.nat(),
        fc.nat(8),
        fc.stringMatching(/^[ab\r\n]{0,6}$/),
        (before, at, cut, insert) => {
          const start = before.length === 0 ? 0 : at % (before.length + 1);
          const after = before.slice(0, start) + insert + before.slice(Math.min(before.length, start + cut));
          const prefix = commonPrefixLength(before, after);
          const suffix = commonSuffixLength(before, after, Math.min(before.length, after.length) - prefix);
          const edited = LineTable.afterEdit(
            new LineTable(before),
            after,
            prefix,
            before.length - suffix,
            after.length - suffix,
          );
          expect(edited.starts).toEqual(new LineTable(after).starts);
        },
      ),
      { numRuns: 2000, seed: 3 },
    );
  });
});
