import { describe, expect, it } from "vitest";
import { rules, taint } from "./taint-helpers.js";

describe("constant folding of builtins on constants", () => {
  it("folds len/int/str/abs/bool so dead branches stay dead", async () => {
    const text = `import os
from flask import request
def a():
    cmd = "uptime"
    if len("abc") > 5:
        cmd = request.args["c"]
    if int("3") + abs(-1) == 5:
        cmd = request.args["c"]
    if str(7) == "8" or not bool("x"):
        cmd = request.args["c"]
    os.system(cmd)

def b():
    cmd = "uptime"
    if len("abcdef") > 5:
        cmd = request.args["c"]
    os.system(cmd)
`;
    expect(rules(await taint(text, "remote"))).toEqual(["17:py/command-line-injection"]);
  });

  it("does not fold calls on non-constants or with keywords", async () => {
    const text = `import os
from flask import request
def a(n):
    cmd = "uptime"
    if len(n) > 5:
        cmd = request.args["c"]
    os.system(cmd)
`;
    expect(rules(await taint(text, "remote"))).toEqual(["7:py/command-line-injection"]);
  });
});

describe("guards in conditional expressions and literal tables", () => {
  it("x if x in ALLOWED else default is clean; the inverted test is not", async () => {
    const text = `import os
from flask import request
LEVELS = ("debug", "info")
def a():
    level = request.args.get("level", "info")
    os.system("logctl " + (level if level in LEVELS else "info"))

def b():
    level = request.args.get("level", "info")
    os.system("logctl " + (level if level not in LEVELS else "info"))
`;
    expect(rules(await taint(text, "remote"))).toEqual(["10:py/command-line-injection"]);
  });

  it("TABLE.get(tainted_key, default) yields table values; a tainted value or default still flows", async () => {
    const text = `import os
from flask import request
ACTIONS = {"disk": "df -h", "load": "uptime"}
def a():
    os.system(ACTIONS.get(request.args["a"], "uptime"))

def b():
    os.system(ACTIONS.get(request.args["a"], request.args["b"]))

def c():
    table = {"disk": "df -h", "custom": request.args["c"]}
    os.system(table.get(request.args["a"]))
`;
    expect(rules(await taint(text, "remote"))).toEqual([
      "8:py/command-line-injection",
      "12:py/command-line-injection",
    ]);
  });
});
