import { beforeAll, describe, expect, it } from "vitest";
import type { Parser } from "web-tree-sitter";
import { indentationProblem } from "../../../server/src/python/indentation-check.js";
import { checkPythonSyntax, pythonParser } from "../../../server/src/python/syntax-check.js";
import { corpusModules } from "../../helpers/corpus-modules.js";

let parser: Parser;
beforeAll(async () => {
  parser = await pythonParser();
}, 120_000);

/** The 1-based line of the first indentation problem, or undefined; asserts tree-sitter saw no error. */
function problemLine(code: string): number | undefined {
  const tree = parser.parse(code)!;
  try {
    expect(tree.rootNode.hasError).toBe(false);
    const node = indentationProblem(tree.rootNode, code);
    return node ? node.startPosition.row + 1 : undefined;
  } finally {
    tree.delete();
  }
}

describe("indentationProblem: what CPython rejects and tree-sitter parses without error", () => {
  // Each with CPython 3.11's error, checked with `compile()` when the cases were written.
  const rejected: Array<[string, string, number]> = [
    ["unindent does not match any outer indentation level", "def f():\n    a = 1\n  b = 2\n", 3],
    ["unindent does not match (inside an if)", "def f(x):\n    if x:\n        q = 1\n      return q\n", 4],
    ["unexpected indent", "def f():\n    a = 1\n        b = 2\n", 3],
    ["unexpected indent at the top", "  a = 1\n", 1],
    ["unexpected indent after an inline body", "if x: a = 1\n    b = 2\n", 2],
    ["TabError: tab vs 8 spaces", "if x:\n\ta = 1\n        b = 2\n", 3],
    ["else not lined up with its if", "if x:\n    a = 1\n  else:\n    b = 2\n", 3],
    ["else not lined up, nested", "def f():\n    if x:\n        a = 1\n      else:\n        b = 2\n", 4],
    ["except not lined up with its try", "try:\n    a = 1\n  except E:\n    pass\n", 3],
    ["decorator and def not lined up", "@dec\n  def f():\n    pass\n", 2],
    ["decorator and def not lined up, nested", "def f():\n    @dec\n      def g():\n        pass\n", 3],
    [
      "TabError: deeper with tabs as 8 columns, shallower with tabs as 1",
      "def f():\n        if x:\n\t\ta = 1\n",
      3,
    ],
  ];
  for (const [name, code, line] of rejected)
    it(name, () => {
      expect(problemLine(code)).toBe(line);
    });

  it("accepts what CPython compiles: strings, brackets, continuations, one-liners, tabs used alike, form feeds", () => {
    const accepted = [
      'def f():\n    s = """\n  text at any column\n"""\n    return s\n',
      "def f():\n    x = (1,\n  2,\n        3)\n    y = [\n4]\n    return x, y\n",
      "def f():\n    z = 1 + \\\n  2\n    return z\n",
      "if a: b = 1; c = 2\nelse: d = 3\n",
      "class K: pass\n",
      "def f():\n\tif x:\n\t\treturn 1\n\treturn 2\n",
      "def g():\n    pass\n\x0cdef h():\n    pass\n",
      "def f():\n    a = 1\n        # a comment anywhere\n    return a\n",
      "try:\n    a = 1\nexcept (E, F) as e:\n    raise\nelse:\n    pass\nfinally:\n    pass\n",
      "match v:\n    case 1:\n        pass\n    case _:\n        pass\n",
      "@a\n@b(1)\nclass C:\n    @property\n    def p(self):\n        return 1\n",
      "async def f():\n    async with a as b:\n        await b\n    for i in x:\n        pass\n    else:\n        pass\n",
      "def outer():\n    def inner():\n            return 1\n    return inner\n",
      "x = 1\r\nif x:\r\n    y = 2\r\n",
    ];
    for (const code of accepted) expect(problemLine(code), JSON.stringify(code)).toBeUndefined();
  });

  it("accepts every module of the test corpus (all compile under CPython)", () => {
    const modules = corpusModules();
    expect(modules.length).toBeGreaterThan(500);
    for (const { name, code } of modules) {
      const tree = parser.parse(code)!;
      if (!tree.rootNode.hasError) expect(indentationProblem(tree.rootNode, code), name).toBeUndefined();
      tree.delete();
    }
  });

  it("is only part of the whole-file check: a method sent alone, indented as a unit, is still a valid fragment", () => {
    const method = "    def load(self, blob):\n        return json.loads(blob)\n";
    expect(checkPythonSyntax(parser, method)).toEqual({ ok: true });
    expect(checkPythonSyntax(parser, method, { wholeFile: true })).toEqual({
      ok: false,
      problem: "indentation",
      firstErrorLine: 1,
    });
  });

  it("handles a deep, long file without recursion", () => {
    let code = "";
    for (let depth = 0; depth < 90; depth++) code += `${"    ".repeat(depth)}if x${depth}:\n`;
    code += `${"    ".repeat(90)}pass\n`;
    const many = "def f():\n    return 1\n".repeat(20_000);
    expect(problemLine(code)).toBeUndefined();
    expect(problemLine(many)).toBeUndefined();
    expect(problemLine(`${many}  y = 1\n`)).toBe(40_001);
  });
});
