import { describe, expect, it } from "vitest";
import { rules, taint } from "./taint-helpers.js";

const prelude = "import ast\nALLOWED = (ast.Expression, ast.Constant, ast.BinOp, ast.Add)\n";

describe("AST-walk allowlists before eval(compile(...))", () => {
  it("an inline allowlist loop that raises protects the walked tree", async () => {
    const text = `${prelude}def calc(src):
    tree = ast.parse(src, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED):
            raise ValueError(node)
    return eval(compile(tree, "<e>", "eval"))
`;
    expect(rules(await taint(text))).toEqual([]);
  });

  it("a helper that raises on unlisted nodes protects its argument at the call", async () => {
    const text = `${prelude}def check(tree):
    for node in ast.walk(tree):
        if type(node) not in ALLOWED:
            raise ValueError(node)

def calc(src):
    tree = ast.parse(src, mode="eval")
    check(tree)
    return eval(compile(tree, "<e>", "eval"))
`;
    expect(rules(await taint(text))).toEqual([]);
  });

  it("a denylist, a loop that only logs, or a check after the eval do not protect", async () => {
    const denylist = `${prelude}def calc(src):
    tree = ast.parse(src, mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            raise ValueError(node)
    return eval(compile(tree, "<e>", "eval"))
`;
    const logs = `${prelude}def calc(src):
    tree = ast.parse(src, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED):
            print(node)
    return eval(compile(tree, "<e>", "eval"))
`;
    const late = `${prelude}def check(tree):
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED):
            raise ValueError(node)

def calc(src):
    tree = ast.parse(src, mode="eval")
    value = eval(compile(tree, "<e>", "eval"))
    check(tree)
    return value
`;
    expect(rules(await taint(denylist))).toEqual(["8:py/code-injection"]);
    expect(rules(await taint(logs))).toEqual(["8:py/code-injection"]);
    expect(rules(await taint(late))).toEqual(["10:py/code-injection"]);
  });

  it("the walked tree must be the evaluated one", async () => {
    const text = `${prelude}def calc(src, other):
    tree = ast.parse(src, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED):
            raise ValueError(node)
    return eval(compile(ast.parse(other, mode="eval"), "<e>", "eval"))
`;
    expect(rules(await taint(text))).toEqual(["8:py/code-injection"]);
  });
});
