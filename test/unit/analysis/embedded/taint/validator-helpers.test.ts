import { describe, expect, it } from "vitest";
import { patternProtects } from "../../../../../server/src/analysis/embedded/taint/models/guards.js";
import { SinkKind } from "../../../../../server/src/analysis/embedded/taint/rule-catalog.js";
import { rules, taint } from "./taint-helpers.js";

describe("validator helpers that raise or abort", () => {
  it("a helper's leading raise/abort/assert checks validate the caller's argument after the call", async () => {
    const text = `import os, re
from flask import request, abort
ALLOWED = {"a", "b"}
def need_name(name):
    """doc"""
    if not re.fullmatch(r"[a-z]+", name):
        raise ValueError(name)

def need_allowed(x):
    if x not in ALLOWED:
        abort(400)

def need_assert(x):
    assert x in ALLOWED

def h():
    a, b, c = request.args["a"], request.args["b"], request.args["c"]
    need_name(a)
    need_allowed(b)
    need_assert(c)
    os.system("echo " + a + b + c)
`;
    expect(rules(await taint(text, "remote"))).toEqual([]);
  });

  it("not after an early return, a check that only logs, a check of a raw path, or before the call", async () => {
    const text = `import os, re
from flask import request, abort
def early(x):
    if x == "":
        return
    if not re.fullmatch(r"[a-z]+", x):
        raise ValueError(x)

def logs(x):
    if not re.fullmatch(r"[a-z]+", x):
        print("odd")

def inside(p):
    if not p.startswith("/srv/"):
        abort(403)

def h():
    a = request.args["a"]
    early(a)
    os.system("echo " + a)
    b = request.args["b"]
    logs(b)
    os.system("echo " + b)
    p = "/srv/" + request.args["p"]
    inside(p)
    open(p)
    c = request.args["c"]
    os.system("echo " + c)
    early(c)
`;
    expect(rules(await taint(text, "remote")).filter((r) => !r.endsWith("log-injection"))).toEqual([
      "20:py/command-line-injection",
      "23:py/command-line-injection",
      "26:py/path-injection",
      "28:py/command-line-injection",
    ]);
  });
});

describe("patternProtects and regex groups", () => {
  it("group syntax is not a character of the value; alternation and lookarounds stay conservative", () => {
    const host = patternProtects("[A-Za-z0-9-]+(?:[.][A-Za-z0-9-]+)*", "fullmatch");
    expect(host & SinkKind.command).toBe(SinkKind.command);
    expect(host & SinkKind.path).toBe(0);
    expect(patternProtects("(?P<id>[0-9]+)", "fullmatch") & SinkKind.sql).toBe(SinkKind.sql);
    expect(patternProtects("(a|b;c)", "fullmatch")).toBe(0);
    expect(patternProtects("(?!x)[a-z ]+", "fullmatch") & SinkKind.command).toBe(0);
  });
});

describe("statement-level containment and boolean guard variables", () => {
  it("a bare relative_to() outside try guards what follows; inside a try with a carrying-on handler it does not", async () => {
    const text = `from pathlib import Path
from flask import request
BASE = Path("/srv").resolve()
def a():
    t = (BASE / request.args["p"]).resolve()
    t.relative_to(BASE)
    return open(t).read()

def b():
    t = (BASE / request.args["p"]).resolve()
    try:
        t.relative_to(BASE)
    except ValueError:
        pass
    return open(t).read()
`;
    expect(rules(await taint(text, "remote"))).toEqual(["15:py/path-injection"]);
  });

  it("ok = <check> proves the check at 'if not ok', unless a checked name or ok is rebound", async () => {
    const text = `import os
from flask import request, abort
A = {"x", "y"}
def a():
    v = request.args["v"]
    ok = v in A
    if not ok:
        abort(400)
    os.system(v)

def b():
    v = request.args["v"]
    ok = v in A
    v = request.args["w"]
    if not ok:
        abort(400)
    os.system(v)

def c():
    v = request.args["v"]
    ok = v in A
    if ok:
        abort(400)
    os.system(v)

def d():
    v = request.args["v"]
    ok = v in A
    ok = True
    if not ok:
        abort(400)
    os.system(v)
`;
    expect(rules(await taint(text, "remote"))).toEqual([
      "17:py/command-line-injection",
      "24:py/command-line-injection",
      "32:py/command-line-injection",
    ]);
  });
});
