import { describe, expect, it } from "vitest";
import {
  embeddedLinkIds,
  embeddedLinkTexts,
  oneLineMessageText,
  plainMessageText,
  retargetEmbeddedLinks,
} from "../../../server/src/analysis/message-text.js";

describe("plainMessageText", () => {
  it("renders CodeQL's numeric links as their text", () => {
    expect(plainMessageText("This SQL query depends on a [user-provided value](1).")).toBe(
      "This SQL query depends on a user-provided value.",
    );
    expect(plainMessageText("[a](1) reaches [b](2) and [a](1) again")).toBe("a reaches b and a again");
  });

  it("resolves nothing else: URL links, bare brackets and parentheses stay as written", () => {
    const text = "see [docs](https://x), args[0] (twice) and [x] (1)";
    expect(plainMessageText(text)).toBe(text);
  });

  it("unescapes SARIF's escaped brackets in link text and accepts one level of unescaped ones", () => {
    expect(plainMessageText(String.raw`from [para\[0\]\\spans](1)`)).toBe(String.raw`from para[0]\spans`);
    expect(plainMessageText('value of [request.args["q"]](1) used')).toBe('value of request.args["q"] used');
  });

  it("finds the link inside an unclosed bracket, and not after an escaped one", () => {
    expect(plainMessageText("[a [b](1) c")).toBe("[a b c");
    expect(plainMessageText(String.raw`literal \[b](1)`)).toBe(String.raw`literal \[b](1)`);
    expect(plainMessageText("[x]([y](2))")).toBe("[x](y)");
  });

  it("handles hostile shapes in one pass (imported SARIF messages are untrusted)", () => {
    // Each of these made a backtracking regular expression rescan to the end from every "[".
    for (const unit of ["[\\", "[", "[x", "[a](", "[[a]"]) {
      const hostile = `${unit.repeat(400_000 / unit.length)} then [ok](1)`;
      const plain = plainMessageText(hostile);
      expect(plain.endsWith(" then ok")).toBe(true);
      expect(embeddedLinkIds(hostile)).toEqual([1]);
    }
  });

  it("keeps the (also: ...) provenance suffix", () => {
    expect(plainMessageText("depends on a [user-provided value](1). (also: bandit/B608)")).toBe(
      "depends on a user-provided value. (also: bandit/B608)",
    );
  });

  it("folds line breaks for one-line output", () => {
    expect(oneLineMessageText("  first [line](1)\r\n  second\nthird  ")).toBe("first line second third");
  });
});

describe("embedded link helpers", () => {
  it("lists link ids once, in order, with the first text of each", () => {
    const message = "[b](2) then [a](1) then [b again](2) and [docs](https://x)";
    expect(embeddedLinkIds(message)).toEqual([2, 1]);
    expect([...embeddedLinkTexts(message)]).toEqual([
      [2, "b"],
      [1, "a"],
    ]);
  });

  it("retargets links and turns links to nothing into plain text", () => {
    const retargeted = retargetEmbeddedLinks("[src](7) to [mid](8) and [gone](9)", (id) =>
      id === 7 ? 1 : id === 8 ? 2 : undefined,
    );
    expect(retargeted).toBe("[src](1) to [mid](2) and gone");
  });
});
