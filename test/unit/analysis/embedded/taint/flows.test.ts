import { describe, expect, it } from "vitest";
import { rules, taint } from "./taint-helpers.js";

const FLASK = `from flask import Flask, request
import sqlite3
app = Flask(__name__)

def run(q):
    cur = sqlite3.connect("x").cursor()
    cur.execute(q)

@app.route("/u")
def user():
    name = request.args.get("name")
    sql = f"SELECT * FROM t WHERE n = '{name}'"
    run(sql)
    return "ok"
`;

describe("taint flows", () => {
  it("follows values through a helper function and reports the sink inside it", async () => {
    const findings = await taint(FLASK, "remote");
    expect(rules(findings)).toEqual(["7:py/sql-injection"]);
    const [f] = findings;
    expect(f!.message).toBe("This SQL query depends on a [user-provided value](1).");
    expect(f!.helpUri).toBe("https://codeql.github.com/codeql-query-help/python/py-sql-injection/");
    expect(f!.securitySeverity).toBe(8.8);
    expect(f!.cwes).toEqual(["CWE-89"]);
    const lines = f!.flow!.map((s) => s.range.start.line + 1);
    expect(lines[0]).toBe(11); // request.args
    expect(lines).toContain(12); // sql = ...
    expect(lines).toContain(13); // run(sql)
    expect(lines[lines.length - 1]).toBe(7); // cur.execute(q)
    expect(f!.flow!.every((s) => s.file === "/tmp/snippet.py")).toBe(true);
  });

  it("applies threat models: parameters only under library, argv from local", async () => {
    const code = `import os, sys
def clean(path):
    os.remove(path)
os.remove(sys.argv[1])
`;
    expect(rules(await taint(code, "remote"))).toEqual([]);
    expect(rules(await taint(code, "local"))).toEqual(["4:py/path-injection"]);
    const library = await taint(code, "library");
    expect(rules(library)).toEqual(["3:py/path-injection", "4:py/path-injection"]);
    // Behaviour changed with the parameter-source policy (parameter-findings.ts): the message names
    // the parameter and says when it is a flaw; passed through unchanged, it is a note.
    expect(library[0]!.message).toBe(
      "This path depends on [parameter `path`](1); a flaw if callers pass untrusted data " +
        "(passed to the sink unchanged: the caller chooses it).",
    );
    expect(library[0]!.severity).toBe("note");
    // A command-line argument passed on unchanged is the program's contract with its user: a note.
    expect(library[1]!.severity).toBe("note");
  });

  it("tracks tuples, containers, comprehensions, with-as and augmented assignment", async () => {
    const code = `import os
def f(user):
    a, b = "ls", user
    parts = [x for x in [b]]
    cmd = "echo "
    cmd += parts[0]
    os.system(cmd)
    os.system(a)
`;
    expect(rules(await taint(code))).toEqual(["7:py/command-line-injection"]);
  });

  it("respects sanitizers and guards", async () => {
    const code = `import os, shlex, subprocess
ALLOWED = {"a", "b"}
def f(user, other, n):
    os.system("x " + shlex.quote(user))
    if other in ALLOWED:
        os.system(other)
    if not n.isdigit():
        return
    os.system("sleep " + n)
    subprocess.run(["ls", user])
`;
    expect(rules(await taint(code))).toEqual([]);
  });

  it("distinguishes full and partial SSRF", async () => {
    const code = `import requests
from flask import request
def a():
    requests.get(request.args["u"])
def b():
    requests.get("https://api.example.com/v1/" + request.args["p"])
`;
    expect(rules(await taint(code, "remote"))).toEqual(["4:py/full-ssrf", "6:py/partial-ssrf"]);
  });

  it("does not crash on broken Python and still reports what it can", async () => {
    const code = `import os
def f(x):
    os.system(x)
def g(:
    pass
`;
    expect(rules(await taint(code))).toContain("3:py/command-line-injection");
  });
});

describe("taint engine robustness", () => {
  it("treats a literal match-case as a constant and other cases as tainted", async () => {
    const code = `import os
def m(q):
    match q:
        case "a":
            os.system(q)
        case _:
            os.system("ls " + q)
`;
    expect(rules(await taint(code))).toEqual(["7:py/command-line-injection"]);
  });

  it("survives very deep expressions and odd syntax without throwing", async () => {
    const chain = Array.from({ length: 3000 }, (_, i) => `"s${i}"`).join(" + ");
    const code = `import os\ndef f(x):\n    y = ${chain} + x\n    os.system(y)\nclass C:\n    def g(self, *a, **k): yield from a\nlambda: (yield)\n`;
    expect(rules(await taint(code))).toEqual(["4:py/command-line-injection"]);
  });
});

describe("request objects", () => {
  it("recognises aliased Flask request imports", async () => {
    const code = `import flask
from flask import request as rq
import os
app = flask.Flask(__name__)

@app.route("/a")
def a():
    os.system(rq.args["c"])
    os.system(flask.request.form["d"])
`;
    expect(rules(await taint(code, "remote"))).toEqual([
      "8:py/command-line-injection",
      "9:py/command-line-injection",
    ]);
  });
});

describe("commonpath containment", () => {
  it("counts commonpath([base, p]) == base on a normalized path, list or tuple, == or != with abort", async () => {
    const ok = `import os
BASE = "/srv"
def read(name):
    p = os.path.realpath(os.path.join(BASE, name))
    if os.path.commonpath([BASE, p]) != BASE:
        raise PermissionError(p)
    return open(p).read()

def read2(name):
    p = os.path.normpath(os.path.join(BASE, name))
    if os.path.commonpath((BASE, p)) == BASE:
        return open(p).read()
`;
    expect(rules(await taint(ok))).toEqual([]);
  });

  it("does not count it on a raw path, in the wrong branch, or when the result is discarded", async () => {
    const bad = `import os
BASE = "/srv"
def raw(name):
    p = os.path.join(BASE, name)
    if os.path.commonpath([BASE, p]) != BASE:
        raise PermissionError(p)
    return open(p).read()

def wrong(name):
    p = os.path.realpath(os.path.join(BASE, name))
    if os.path.commonpath([BASE, p]) != BASE:
        return open(p).read()

def discarded(name):
    p = os.path.realpath(os.path.join(BASE, name))
    os.path.commonpath([BASE, p]) == BASE
    return open(p).read()
`;
    expect(rules(await taint(bad)).filter((r) => r.endsWith("path-injection"))).toEqual([
      "7:py/path-injection",
      "12:py/path-injection",
      "17:py/path-injection",
    ]);
  });
});
