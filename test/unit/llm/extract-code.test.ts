import { describe, expect, it } from "vitest";
import { extractCode, NoCodeError } from "../../../server/src/llm/extract-code.js";
import { functionSignatureChange } from "../../../server/src/python/function-signature.js";

const fn = "def add(a, b):\n    return a + b\n";

describe("extractCode", () => {
  it("takes the python block out of prose", async () => {
    const reply = `Here is the fix:\n\n\`\`\`python\n${fn}\`\`\`\n\nThis adds the numbers.`;
    expect(await extractCode(reply)).toEqual({ code: fn, origin: "python-block" });
  });

  it("prefers the longest python block that parses over shorter, broken or other-language blocks", async () => {
    const longer = `import math\n\n${fn}\ndef area(r):\n    return math.pi * r * r\n`;
    const reply = [
      "```bash\npip install nothing\n```",
      "```py\nx = 1\n```",
      `\`\`\`python\n${longer}\`\`\``,
      "```python\ndef broken(:\n    pass and more text that is longer than everything else in this reply\n```",
    ].join("\n\n");
    expect((await extractCode(reply)).code).toBe(longer);
  });

  it("prefers a python-tagged block over a longer untagged one, and uses untagged when it is all there is", async () => {
    const untaggedLong = `\`\`\`\nimport os\nimport sys\n${fn}\`\`\``;
    expect((await extractCode(`${untaggedLong}\n\`\`\`python\n${fn}\`\`\``)).code).toBe(fn);
    expect(await extractCode(untaggedLong)).toEqual({
      code: `import os\nimport sys\n${fn}`,
      origin: "untagged-block",
    });
  });

  it("accepts tildes and indented fences (a block inside a list item)", async () => {
    expect((await extractCode(`~~~python\n${fn}~~~`)).code).toBe(fn);
    const indented =
      "1. Replace the function:\n\n   ```python\n   def add(a, b):\n       return a + b\n   ```\n";
    expect((await extractCode(indented)).code).toBe(fn);
  });

  it("accepts a reply that is plain code", async () => {
    expect(await extractCode(`\n${fn}\n\n`)).toEqual({ code: fn, origin: "plain-reply" });
  });

  it("rejects prose, broken code and cut-off replies with NoCodeError", async () => {
    await expect(extractCode("I cannot help with that.")).rejects.toThrow(new NoCodeError());
    await expect(extractCode("Sure thing")).rejects.toBeInstanceOf(NoCodeError);
    await expect(extractCode("```python\ndef f(:\n```")).rejects.toThrow(
      /model returned no code \(its code blocks \(python\) are not valid/,
    );
    await expect(extractCode("```python\ndef add(a, b):\n    return a +")).rejects.toThrow(/cut off/);
    // A complete-looking block whose function has no body is a truncated reply, not code.
    await expect(extractCode("```python\ndef add(a, b):\n```")).rejects.toBeInstanceOf(NoCodeError);
    await expect(extractCode("")).rejects.toBeInstanceOf(NoCodeError);
  });
});

describe("functionSignatureChange", () => {
  const prompt =
    "import os\n\ndef read_file(base_dir, name, *, mode='r'):\n    '''Read name inside base_dir.'''\n";

  it("is undefined when the signature is kept (annotations and default values may change)", async () => {
    const kept =
      "import os\n\ndef read_file(base_dir: str, name: str, *, mode: str = 'rb') -> str:\n    return ''\n";
    expect(await functionSignatureChange(prompt, kept)).toBeUndefined();
    expect(await functionSignatureChange(prompt, kept, "read_file")).toBeUndefined();
  });

  it("describes changed parameters and removed functions", async () => {
    const dropped = "def read_file(name):\n    return open(name).read()\n";
    expect(await functionSignatureChange(prompt, dropped)).toBe(
      "parameters of read_file changed from (base_dir, name, *, mode=…) to (name)",
    );
    expect(await functionSignatureChange(prompt, "def load(path):\n    return 1\n")).toBe(
      "function read_file was removed or renamed",
    );
  });

  it("compares methods, splats and decorated functions; ignores functions the prompt does not define", async () => {
    const before = "class Store:\n    @staticmethod\n    def get(key, *args, **kwargs):\n        pass\n";
    const after =
      "class Store:\n    @staticmethod\n    def get(key, *args):\n        pass\n\ndef helper(x):\n    return x\n";
    expect(await functionSignatureChange(before, after)).toBe(
      "parameters of Store.get changed from (key, *args, **kwargs) to (key, *args)",
    );
    expect(await functionSignatureChange("x = 1\n", after)).toBeUndefined();
    expect(await functionSignatureChange(before, after, "not_there")).toBeUndefined();
  });
});
