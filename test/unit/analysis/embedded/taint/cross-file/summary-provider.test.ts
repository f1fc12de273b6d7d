import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ThreatModel } from "../../../../../../server/src/analysis/analyzer.js";
import { SummaryProvider } from "../../../../../../server/src/analysis/embedded/taint/cross-file/summary-provider.js";
import { TaintAnalysis } from "../../../../../../server/src/analysis/embedded/taint/taint-pass.js";

let base: string;
let engine: TaintAnalysis;

/** A fresh workspace folder with the given files (paths relative to it). */
function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(base, "ws-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return realpathSync(root);
}

/** Taint findings of `rel` in `root` as "line:rule", with cross-file summaries from `provider`. */
function scan(
  root: string,
  rel: string,
  provider: SummaryProvider | undefined,
  threatModel: ThreatModel = "remote",
) {
  const path = join(root, rel);
  const text = readFileSync(path, "utf8");
  engine.forget(path);
  return engine
    .analyze({ path, text }, threatModel, provider ? { crossFile: provider } : {})
    .filter((f) => f.flow)
    .map((f) => `${f.range.start.line + 1}:${f.ruleId}`);
}

const VIEW_XSS = (importLine: string, call: string) => `from flask import Flask, request
${importLine}
app = Flask(__name__)

@app.route("/p")
def page():
    body = ${call}(request.args["body"])
    return "<p>" + body + "</p>"
`;

const SANITIZER = `import html

def clean_html(text):
    return html.escape(text)

def passthrough(text):
    return text.strip()
`;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), "seclsp-xfile-"));
  engine = await TaintAnalysis.create();
});

afterAll(() => {
  engine.dispose();
  rmSync(base, { recursive: true, force: true });
});

describe("cross-file summaries", () => {
  it("a sanitizer in another module removes the finding; a passthrough keeps it", () => {
    const root = workspace({
      "app/__init__.py": "",
      "app/util.py": SANITIZER,
      "app/views.py": VIEW_XSS("from app.util import clean_html", "clean_html"),
      "app/views2.py": VIEW_XSS("from app.util import passthrough", "passthrough"),
    });
    const provider = new SummaryProvider({ roots: [root] });
    // Without summaries, an unknown call passes taint on (today's behaviour).
    expect(scan(root, "app/views.py", undefined)).toEqual(["8:py/reflective-xss"]);
    expect(scan(root, "app/views.py", provider)).toEqual([]);
    expect(scan(root, "app/views2.py", provider)).toEqual(["8:py/reflective-xss"]);
  });

  it("relative imports, `import x as y` and a package __init__ re-export resolve", () => {
    const root = workspace({
      "app/__init__.py": "from .util import clean_html\n",
      "app/util.py": SANITIZER,
      "app/sub/__init__.py": "",
      "app/sub/rel.py": VIEW_XSS("from ..util import clean_html", "clean_html"),
      "app/alias.py": VIEW_XSS("import app.util as u", "u.clean_html"),
      "app/pkg.py": VIEW_XSS("from app import clean_html", "clean_html"),
      "app/submodule.py": VIEW_XSS("from app import util", "util.clean_html"),
      "app/dot.py": VIEW_XSS("from . import util", "util.clean_html"),
    });
    const provider = new SummaryProvider({ roots: [root] });
    for (const rel of ["app/sub/rel.py", "app/alias.py", "app/pkg.py", "app/submodule.py", "app/dot.py"])
      expect(scan(root, rel, provider), rel).toEqual([]);
  });

  it("a source wrapper and a sink wrapper in another module add the finding at the call", () => {
    const root = workspace({
      "app/__init__.py": "",
      "app/inputs.py": `from flask import request

def search_term():
    return request.args.get("q")
`,
      "app/db.py": `import sqlite3

def run_query(sql):
    conn = sqlite3.connect("app.db")
    return conn.execute(sql).fetchall()
`,
      "app/views.py": `from flask import Flask
from .inputs import search_term
from .db import run_query
app = Flask(__name__)

@app.route("/s")
def search():
    term = search_term()
    return str(run_query("SELECT * FROM t WHERE name = '" + term + "'"))
`,
    });
    const provider = new SummaryProvider({ roots: [root] });
    const path = join(root, "app/views.py");
    expect(scan(root, "app/views.py", undefined)).toEqual([]);
    const findings = engine
      .analyze({ path: `${path}`, text: readFileSync(path, "utf8") }, "remote", { crossFile: provider })
      .filter((f) => f.flow);
    expect(findings.map((f) => `${f.range.start.line + 1}:${f.ruleId}`)).toEqual(["9:py/sql-injection"]);
    // The flow walks through both modules.
    const files = new Set(findings[0]!.flow!.map((s) => s.file));
    expect(files).toEqual(new Set([path, join(root, "app/inputs.py"), join(root, "app/db.py")]));
    expect(engine.modulesUsedBy(path)?.size).toBe(2);
  });

  it("import cycles a→b→a end at the depth bound, and a missing module is an unknown call", () => {
    const root = workspace({
      "a.py": `from b import helper
import html

def clean(x):
    return html.escape(helper(x))
`,
      "b.py": `from a import clean

def helper(x):
    return x

def twice(x):
    return clean(x)
`,
      "view.py": VIEW_XSS("from b import twice\nfrom missing_mod import nothing", "twice"),
      "view2.py": VIEW_XSS("from missing_mod import nothing", "nothing"),
    });
    const provider = new SummaryProvider({ roots: [root] });
    expect(scan(root, "view.py", provider)).toEqual([]);
    expect(scan(root, "view2.py", provider)).toEqual(["8:py/reflective-xss"]);
  });

  it("a module outside the root or behind a symlink out of it is refused", () => {
    const outside = workspace({ "evil.py": SANITIZER });
    const root = workspace({
      "view.py": VIEW_XSS("from evil import clean_html", "clean_html"),
      "view_up.py": VIEW_XSS("from ..evil import clean_html", "clean_html"),
    });
    symlinkSync(join(outside, "evil.py"), join(root, "evil.py"));
    const provider = new SummaryProvider({ roots: [root] });
    expect(scan(root, "view.py", provider)).toEqual(["8:py/reflective-xss"]);
    expect(scan(root, "view_up.py", provider)).toEqual(["8:py/reflective-xss"]);
    expect(provider.summarized).toBe(0);
  });

  it("syntax errors, non-UTF-8, oversized and huge modules give no summary", () => {
    const huge = `${SANITIZER}\n${Array.from({ length: 3_000 }, (_, i) => `def f${i}(x):\n    return f${i + 1}(x)\n`).join("")}`;
    const root = workspace({
      "broken.py": `${SANITIZER}\ndef oops(:\n`,
      "latin.py": Buffer.concat([Buffer.from(SANITIZER), Buffer.from([0xe9, 0x0a])]),
      "big.py": `${SANITIZER}\n# ${"x".repeat(5_000)}\n`,
      "huge.py": huge,
      "v1.py": VIEW_XSS("from broken import clean_html", "clean_html"),
      "v2.py": VIEW_XSS("from latin import clean_html", "clean_html"),
      "v3.py": VIEW_XSS("from big import clean_html", "clean_html"),
      "v4.py": VIEW_XSS("from huge import clean_html", "clean_html"),
    });
    const small = new SummaryProvider({ roots: [root], maxFileBytes: 4_000 });
    for (const rel of ["v1.py", "v2.py", "v3.py"])
      expect(scan(root, rel, small), rel).toEqual(["8:py/reflective-xss"]);
    // A module whose summary runs out of time is not summarized (not a half summary).
    const hurried = new SummaryProvider({ roots: [root], moduleBudgetMs: 1 });
    expect(scan(root, "v4.py", hurried)).toEqual(["8:py/reflective-xss"]);
    expect(scan(root, "v4.py", new SummaryProvider({ roots: [root] }))).toEqual([]);
  });

  it("imports are followed to the depth limit only", () => {
    const root = workspace({
      "m3.py": "import html\n\ndef clean(x):\n    return html.escape(x)\n",
      "m2.py": "from m3 import clean\n\ndef c2(x):\n    return clean(x)\n",
      "m1.py": "from m2 import c2\n\ndef c1(x):\n    return c2(x)\n",
      "view.py": VIEW_XSS("from m1 import c1", "c1"),
      "view2.py": VIEW_XSS("from m2 import c2", "c2"),
    });
    const shallow = new SummaryProvider({ roots: [root], maxDepth: 2 });
    expect(scan(root, "view.py", shallow)).toEqual(["8:py/reflective-xss"]);
    expect(scan(root, "view2.py", shallow)).toEqual([]);
    expect(scan(root, "view.py", new SummaryProvider({ roots: [root], maxDepth: 3 }))).toEqual([]);
  });

  it("editing the imported module (an overlay, or the file on disk) changes the importer's result", () => {
    const root = workspace({
      "util.py": SANITIZER,
      "view.py": VIEW_XSS("from util import clean_html", "clean_html"),
    });
    const provider = new SummaryProvider({ roots: [root] });
    expect(scan(root, "view.py", provider)).toEqual([]);
    const weakened = SANITIZER.replace("html.escape(text)", "text");
    provider.overlay(join(root, "util.py"), weakened);
    const path = join(root, "view.py");
    const text = readFileSync(path, "utf8");
    // Same text of view.py, no forget(): the cached result must not be served.
    const again = () =>
      engine.analyze({ path, text }, "remote", { crossFile: provider }).filter((f) => f.flow).length;
    expect(again()).toBe(1);
    provider.overlay(join(root, "util.py"), undefined);
    expect(again()).toBe(0);
    writeFileSync(join(root, "util.py"), `${weakened}\n# edited on disk\n`);
    expect(again()).toBe(1);
  });
  it("bounds the work of a dense import graph (every module imports every other)", () => {
    const count = 40;
    const files: Record<string, string> = {};
    for (let i = 0; i < count; i++) {
      const imports = Array.from({ length: count }, (_, j) =>
        j === i ? "" : `from m${j} import f${j}\n`,
      ).join("");
      const calls = Array.from({ length: count }, (_, j) => (j === i ? "" : `    x = f${j}(x)\n`)).join("");
      files[`m${i}.py`] = `${imports}\ndef f${i}(x):\n${calls}    return x\n`;
    }
    files["view.py"] = VIEW_XSS("from m0 import f0", "f0");
    const root = workspace(files);
    const provider = new SummaryProvider({ roots: [root], maxModules: 8 });
    // Passthrough all the way: the flow stays reported; each (module, depth) is summarized once.
    expect(scan(root, "view.py", provider)).toEqual(["8:py/reflective-xss"]);
    expect(provider.summarized).toBeLessThanOrEqual(1 + 8 + 8 * 8);
    const again = provider.summarized;
    expect(scan(root, "view.py", provider)).toEqual(["8:py/reflective-xss"]);
    expect(provider.summarized).toBe(again);
  });
  it("a workspace module named like a modeled library never hides its sinks", () => {
    const root = workspace({
      "os.py": "def system(command):\n    return 0\n",
      "subprocess.py": "def call(args, shell=False):\n    return 0\n",
      "view.py": `from flask import Flask, request
import os
import subprocess
app = Flask(__name__)

@app.route("/r")
def r():
    os.system(request.args["c"])
    subprocess.call(request.args["c"], shell=True)
    return "ok"
`,
    });
    const provider = new SummaryProvider({ roots: [root] });
    expect(scan(root, "view.py", provider)).toEqual([
      "8:py/command-line-injection",
      "9:py/command-line-injection",
    ]);
    expect(provider.summarized).toBe(0);
  });
});

describe("severity of flows whose sink is in another module", () => {
  const STORE = `import os

BASE = "/srv/files"

def read_under(name):
    return open(os.path.join(BASE, name)).read()
`;
  const CALLERS = `from flask import Flask, request
from store import read_under

app = Flask(__name__)

def fetch(name):
    return read_under(name)

@app.route("/f")
def view():
    return read_under(request.args["name"])
`;

  it("is the callee module's finding for a parameter source, the caller's for request data", () => {
    const root = workspace({ "store.py": STORE, "app.py": CALLERS });
    const provider = new SummaryProvider({ roots: [root] });
    const path = join(root, "app.py");
    engine.forget(path);
    const findings = engine
      .analyze({ path, text: CALLERS }, "library", { crossFile: provider })
      .filter((f) => f.ruleId === "py/path-injection")
      .map((f) => ({ line: f.range.start.line + 1, severity: f.severity, message: f.message }));
    const byLine = new Map(findings.map((f) => [f.line, f]));
    // The parameter of a public function reaching store.py's sink: reported in store.py.
    expect(byLine.get(7)?.severity).toBe("note");
    expect(byLine.get(7)?.message).toContain("(the sink is in another module, reported there)");
    // Request data entering here keeps the rule's severity.
    expect(byLine.get(11)?.severity).toBe("error");
    // And the module with the sink reports its own parameter flow at its rule's severity.
    const storePath = join(root, "store.py");
    const own = engine
      .analyze({ path: storePath, text: STORE }, "library", { crossFile: provider })
      .filter((f) => f.ruleId === "py/path-injection");
    expect(own.map((f) => [f.range.start.line + 1, f.severity])).toEqual([[6, "error"]]);
  });
});

describe("standard-library names", () => {
  it("never resolves an absolute import of a stdlib module name to a workspace file", () => {
    const root = workspace({
      "string.py": SANITIZER,
      "textutil.py": SANITIZER,
      "view_std.py": VIEW_XSS("from string import clean_html", "clean_html"),
      "view_own.py": VIEW_XSS("from textutil import clean_html", "clean_html"),
    });
    const provider = new SummaryProvider({ roots: [root] });
    // `string` is the standard library's: its call stays unknown, so the flow is reported.
    expect(scan(root, "view_std.py", provider)).toEqual(["8:py/reflective-xss"]);
    // The same sanitizer under a project name is summarized and used.
    expect(scan(root, "view_own.py", provider)).toEqual([]);
  });
});

/** Objects reachable from `root` that look like syntax nodes (a cached summary must hold none). */
function syntaxNodesIn(root: unknown): number {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  let nodes = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    if ("children" in value && "startRow" in value && "type" in value) nodes++;
    if (value instanceof Map) for (const [k, v] of value) stack.push(k, v);
    else if (value instanceof Set) for (const v of value) stack.push(v);
    else stack.push(...Object.values(value));
  }
  return nodes;
}

describe("what the summary cache keeps", () => {
  it("a module's cached summaries hold no syntax node (a node would keep the module's whole tree)", () => {
    const root = workspace({
      "util.py": `import os
import subprocess
from flask import request
from helpers import shell

def run(cmd):
    os.system(cmd)

def run_args(args):
    subprocess.call(args, shell=True)

def user_value():
    return request.args["v"]

def via_helper(text):
    return shell(text)

class Store:
    def put(self, value):
        self.value = value
`,
      "helpers.py": "import os\n\ndef shell(text):\n    return os.popen(text).read()\n",
    });
    const provider = new SummaryProvider({ roots: [root] });
    const path = join(root, "util.py");
    for (const name of ["run", "run_args", "user_value", "via_helper"]) {
      const entry = provider.summarize(path, 2, name, "remote", undefined);
      const fn = entry?.functions.get(name);
      expect(fn, name).toBeDefined();
      expect(syntaxNodesIn(entry), name).toBe(0);
    }
    // The summaries are the real ones: a sink wrapper and a source wrapper.
    const run = provider.summarize(path, 2, "run", "remote", undefined)?.functions.get("run");
    expect(run?.summary.paramSinks.map((s) => s.rule)).toContain("py/command-line-injection");
    const source = provider
      .summarize(path, 2, "user_value", "remote", undefined)
      ?.functions.get("user_value");
    expect(source?.summary.returns.length).toBeGreaterThan(0);
    // The walk does find nodes where there are some.
    expect(syntaxNodesIn({ held: { type: "call", startRow: 0, children: [] } })).toBe(1);
  });
});
