import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  extractCode,
  fencedBlocks,
  MAX_REPLY_CHARS,
  NoCodeError,
} from "../../../server/src/llm/extract-code.js";

/**
 * Issue 12 item 9: huge and hostile model replies. The fence scan is linear (the former regex
 * rescanned the rest of the reply for every unterminated opener), and over-long replies are
 * refused. Timing is measured in perf, not here: the outer timeouts are only a hang guard.
 */

/** The former regex, kept here as the reference the linear scan must agree with. */
const REFERENCE = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\s`]*)[^\n]*\n([\s\S]*?)^[ \t]*\2[ \t]*$/gm;

function referenceBlocks(reply: string): Array<{ tag: string; body: string }> {
  return [...reply.matchAll(REFERENCE)].map((m) => {
    const indent = m[1] ?? "";
    const body = (m[4] ?? "")
      .split("\n")
      .map((line) => (indent && line.startsWith(indent) ? line.slice(indent.length) : line))
      .join("\n");
    return { tag: (m[3] ?? "").toLowerCase(), body };
  });
}

const fn = "def add(a, b):\n    return a + b\n";

describe("fencedBlocks (linear scan)", () => {
  it("agrees with the former regex on generated fence soups", () => {
    const piece = fc.constantFrom(
      "```",
      "```python",
      "````",
      "~~~",
      "~~~py",
      "  ```",
      "   ```python",
      "``` `",
      "x = 1",
      "    return x",
      "",
      "text ``` inline",
      "```python extra info",
      "```  ",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), fc.boolean(), (lines, trailingNewline) => {
        const reply = lines.join("\n") + (trailingNewline ? "\n" : "");
        // The regex could backtrack a long run ("````") into a shorter fence closed by "```", a
        // quirk the scan drops on purpose: a closer is exactly the opener's run.
        fc.pre(!/^[ \t]*(`{4,}|~{4,})/m.test(reply));
        expect(fencedBlocks(reply)).toEqual(referenceBlocks(reply));
      }),
      { numRuns: 2000 },
    );
  });

  it("160 KB of unterminated and nested fences: finds the one complete block", async () => {
    // Tagged openers never close anything, so every one of them is unterminated.
    const noise = Array.from({ length: 20_000 }, (_, i) =>
      i % 3 === 0 ? "```python" : i % 3 === 1 ? "~~~~py" : "````text",
    );
    const reply = `${noise.join("\n")}\n\`\`\`\`\`python\n${fn}\`\`\`\`\`\n${noise.join("\n")}\n`;
    expect(reply.length).toBeGreaterThan(160_000);
    const blocks = fencedBlocks(reply);
    expect(blocks.some((b) => b.body === fn)).toBe(true);
    expect((await extractCode(reply)).code).toBe(fn);
  }, 60_000);

  it("an outer fence of a longer run keeps inner fences as its text (nested fences)", () => {
    const inner = `\`\`\`python\n${fn}\`\`\`\n`;
    const reply = `\`\`\`\`markdown\n${inner}\`\`\`\`\n`.repeat(5_000);
    const blocks = fencedBlocks(reply);
    expect(blocks).toHaveLength(5_000);
    expect(blocks.every((b) => b.tag === "markdown" && b.body === inner)).toBe(true);
  }, 60_000);

  it("160 KB of only unterminated openers: a clear 'cut off' error", async () => {
    const reply = "```python\nx = (\n".repeat(12_000);
    expect(reply.length).toBeGreaterThan(160_000);
    // A closer is a bare fence run on its own line, so "```python" lines never close a block.
    expect(fencedBlocks(reply)).toEqual([]);
    await expect(extractCode(reply)).rejects.toThrow(/cut off/);
  }, 60_000);
});

describe("extractCode size limit", () => {
  it("refuses a 20 MB reply with a clear error and applies nothing", async () => {
    const block = `\`\`\`python\n${fn}\`\`\`\n`;
    const reply = block + "#".repeat(20 * 1024 * 1024);
    const error = await extractCode(reply).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCodeError);
    expect((error as Error).message).toMatch(/over the \d+ limit; nothing was applied/);
  }, 60_000);

  it("accepts a reply just under the limit", async () => {
    const block = `\`\`\`python\n${fn}\`\`\`\n`;
    const reply = block + "#".repeat(MAX_REPLY_CHARS - block.length);
    expect(reply.length).toBe(MAX_REPLY_CHARS);
    expect((await extractCode(reply)).code).toBe(fn);
  }, 60_000);
});
