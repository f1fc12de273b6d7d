import { beforeAll, describe, expect, it } from "vitest";
import type { Parser } from "web-tree-sitter";
import { compileProblem } from "../../../server/src/python/compile-rules.js";
import { pythonParser } from "../../../server/src/python/syntax-check.js";
import { corpusModules } from "../../helpers/corpus-modules.js";

let parser: Parser;
beforeAll(async () => {
  parser = await pythonParser();
}, 120_000);

/** CPython's words for the first problem, with its 1-based line; asserts tree-sitter saw no error. */
function problem(code: string): string | undefined {
  const tree = parser.parse(code)!;
  try {
    expect(tree.rootNode.hasError).toBe(false);
    const found = compileProblem(tree.rootNode);
    return found ? `${found.node.startPosition.row + 1}: ${found.message}` : undefined;
  } finally {
    tree.delete();
  }
}

describe("compileProblem: what CPython's compiler rejects and tree-sitter parses without error", () => {
  // Each rejected by CPython 3.11's compile() when the cases were written, with this message (for the
  // Python 2 statements: "Missing parentheses in call to 'print'").
  const rejected: Array<[string, string]> = [
    ["print 'hi'\n", "1: Python 2 print statement"],
    ["x = 1\nexec 'x = 2'\n", "2: Python 2 exec statement"],
    ["x = 1\nreturn x\n", "2: 'return' outside function"],
    ["class C:\n    return 1\n", "2: 'return' outside function"],
    ["yield 1\n", "1: 'yield' outside function"],
    ["def f():\n    class C:\n        yield 1\n", "3: 'yield' outside function"],
    ["break\n", "1: 'break' outside loop"],
    ["for x in y:\n    pass\nelse:\n    break\n", "4: 'break' outside loop"],
    ["while x:\n    def h():\n        continue\n", "3: 'continue' not properly in loop"],
    ["def f():\n    await g()\n", "2: 'await' outside async function"],
    ["async def f(y):\n    g = lambda: await y\n", "2: 'await' outside async function"],
  ];
  for (const [code, expected] of rejected)
    it(expected, () => {
      expect(problem(code)).toBe(expected);
    });

  it("accepts what CPython compiles", () => {
    const accepted = [
      "def f():\n    return 1\n",
      "def f():\n    yield 1\n",
      "f = lambda: (yield)\n",
      "for a in b:\n    for x in y:\n        pass\n    else:\n        break\n",
      "while x:\n    try:\n        pass\n    finally:\n        continue\n",
      "async def f():\n    async for x in y:\n        break\n    return [await x for x in y]\n",
      "def f(y):\n    return (await x for x in y)\n",
      "print('hi')\n",
      "class C:\n    def m(self):\n        return 1\n",
    ];
    for (const code of accepted) expect(problem(code), JSON.stringify(code)).toBeUndefined();
  });

  it("accepts every module of the test corpus (all compile under CPython)", () => {
    const modules = corpusModules();
    expect(modules.length).toBeGreaterThan(500);
    for (const { name, code } of modules) {
      const tree = parser.parse(code)!;
      if (!tree.rootNode.hasError) expect(compileProblem(tree.rootNode), name).toBeUndefined();
      tree.delete();
    }
  });

  it("handles a deep nest and a long file without recursion", () => {
    let deep = "";
    for (let depth = 0; depth < 90; depth++)
      deep += `${"    ".repeat(depth)}${depth === 0 ? "def f():" : "while x:"}\n`;
    deep += `${"    ".repeat(90)}break\n`;
    expect(problem(deep)).toBeUndefined();
    const many = "def f():\n    for x in y:\n        break\n    return 1\n".repeat(20_000);
    expect(problem(many)).toBeUndefined();
    expect(problem(`${many}return 2\n`)).toBe("80001: 'return' outside function");
  });
});
