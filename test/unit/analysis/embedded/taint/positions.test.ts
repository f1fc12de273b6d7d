import { describe, expect, it } from "vitest";
import { taint } from "./taint-helpers.js";

/** Find the UTF-16 position of `needle` in `text`, like an editor would. */
function position(text: string, needle: string): { line: number; character: number } {
  const index = text.indexOf(needle);
  const before = text.slice(0, index).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe("finding ranges are UTF-16 columns", () => {
  it("counts an astral character as two code units and é as one", async () => {
    const text = [
      "import os",
      "def handler(cmd):",
      '    label = "😀 é"',
      '    x = "é😀é"; os.system(cmd)',
      "",
    ].join("\n");
    const [finding] = await taint(text);
    expect(finding?.ruleId).toBe("py/command-line-injection");
    const call = position(text, "system(cmd)");
    expect(call.line).toBe(3);
    // "    x = " (8) + "é😀é" (4 code units) + quotes and "; os." ...
    expect(call.character).toBe('    x = "é😀é"; os.'.length);
    expect(finding?.range.start).toEqual({ line: 3, character: call.character + "system(".length });
    expect(finding?.range.end).toEqual({ line: 3, character: call.character + "system(cmd".length });
  });

  it("handles astral characters on an earlier line and CRLF line endings", async () => {
    const text = '# 😀😀😀\r\nimport os\r\ndef f(p):\r\n    s = "😀"; open(p)\r\n';
    const findings = await taint(text);
    const path = findings.find((f) => f.ruleId === "py/path-injection");
    expect(path?.range.start).toEqual({ line: 3, character: '    s = "😀"; open('.length });
  });
});
