import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Parser } from "web-tree-sitter";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { pythonParser } from "../../../server/src/python/syntax-check.js";
import { assessChange } from "../../../server/src/workflows/change-assessment.js";
import { applyEdits, exactEdits } from "../../../server/src/workflows/compute-edit.js";
import { fixRegions } from "../../../server/src/workflows/fix-region.js";
import { mergeFix } from "../../../server/src/workflows/merge-fix.js";

let parser: Parser;
beforeAll(async () => {
  parser = await pythonParser();
}, 120_000);

const FLASK = readFileSync(new URL("../../../examples/flask_sql_injection.py", import.meta.url), "utf8");

/** A finding at a 0-based line/column (what the analyzer would report there). */
function findingAt(line: number, character: number): Finding {
  return {
    ruleId: "py/sql-injection",
    cwes: ["CWE-89"],
    severity: "error",
    message: "m",
    file: "/w/app.py",
    range: { start: { line, character }, end: { line, character: character + 1 } },
    source: "embedded",
    fingerprint: "f",
  };
}

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`missing ${needle}`);
  return text.slice(0, index).split(/\r\n|\r|\n/).length - 1;
}

function merge(doc: string, findings: Finding[], reply: string) {
  return mergeFix(parser, doc, fixRegions(parser, doc, findings), reply);
}

function merged(doc: string, findings: Finding[], reply: string): string {
  const outcome = merge(doc, findings, reply);
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
  return outcome.text;
}

const FIXED_FIND_USER = `@app.route("/users")
def find_user():
    name = request.args.get("name", "")
    db = get_db()
    rows = db.execute("SELECT id, name, email FROM users WHERE name = ?", (name,)).fetchall()
    return {"users": [list(row) for row in rows]}
`;

describe("mergeFix: a reply with only the fixed function", () => {
  const sql = [findingAt(lineOf(FLASK, "query = "), 12)];

  it("replaces only find_user: imports, app, get_db and __main__ stay byte-for-byte", () => {
    const text = merged(FLASK, sql, FIXED_FIND_USER);
    const start = FLASK.indexOf('@app.route("/users")');
    const end = FLASK.indexOf("\n\n\nif __name__");
    expect(text.startsWith(FLASK.slice(0, start))).toBe(true);
    expect(text.endsWith(FLASK.slice(end))).toBe(true);
    expect(text).toBe(FLASK.slice(0, start) + FIXED_FIND_USER.trimEnd() + FLASK.slice(end));
    const change = assessChange(parser, FLASK, text, fixRegions(parser, FLASK, sql));
    expect(change).toMatchObject({ destructive: false, outsideLines: 0, removedDefinitions: [] });
  });

  it("a fixed body with an inner blank line is not counted as a change outside the function", () => {
    // A line diff aligns the body's new blank line with the blank lines after the function and
    // sees the return line as inserted after it; the fix still touches only the function.
    const doc =
      "import pickle\n\n\ndef load_session(blob):\n    return pickle.loads(blob)\n\n\ndef other():\n    return 1\n";
    const reply = "def load_session(blob):\n    import json\n\n    return json.loads(blob)\n";
    const findings = [findingAt(4, 11)];
    const text = merged(doc, findings, reply);
    expect(text).toBe(
      doc.replace("    return pickle.loads(blob)\n", "    import json\n\n    return json.loads(blob)\n"),
    );
    const change = assessChange(parser, doc, text, fixRegions(parser, doc, findings));
    expect(change).toMatchObject({ destructive: false, outsideLines: 0 });
  });

  it("still counts a new module-level line placed after the blank lines that follow the function", () => {
    const doc = "def f(x):\n    return eval(x)\n\n\ndef g():\n    return 1\n";
    const after = "def f(x):\n    return int(x)\n\n\nDEBUG = True\ndef g():\n    return 1\n";
    const change = assessChange(parser, doc, after, fixRegions(parser, doc, [findingAt(1, 11)]));
    expect(change).toMatchObject({ destructive: true, outsideLines: 1 });
  });

  it("keeps the document's decorators when the reply drops them", () => {
    const text = merged(FLASK, sql, FIXED_FIND_USER.replace('@app.route("/users")\n', ""));
    expect(text).toBe(
      FLASK.slice(0, FLASK.indexOf("def find_user")) +
        FIXED_FIND_USER.split("\n").slice(1).join("\n").trimEnd() +
        FLASK.slice(FLASK.indexOf("\n\n\nif __name__")),
    );
  });

  it("refuses `def run(): return 0` and leaves nothing to apply", () => {
    const outcome = merge(FLASK, sql, "def run(): return 0\n");
    expect(outcome).toEqual({
      ok: false,
      reason: "the model's code does not replace `find_user`: it defines `run` instead",
    });
  });

  it("refuses code for another function (renamed) and prose-like code without the function", () => {
    expect(merge(FLASK, sql, FIXED_FIND_USER.replace("def find_user", "def find_users"))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^the model's code does not replace `find_user`: it defines `find_users` instead$/,
      ),
    });
    expect(merge(FLASK, sql, 'print("use parameters")\n')).toMatchObject({
      ok: false,
      reason: "the model's code does not replace `find_user`: it contains no function with that name",
    });
  });

  it("merges a changed signature but marks it destructive", () => {
    const text = merged(
      FLASK,
      sql,
      "def find_user(name):\n    return get_db().execute('SELECT ?', (name,)).fetchall()\n",
    );
    const change = assessChange(parser, FLASK, text, fixRegions(parser, FLASK, sql));
    expect(change.destructive).toBe(true);
    expect(change.signatureChange).toBe("parameters of find_user changed from () to (name)");
  });

  it("adds the reply's new imports at the end of the import block, grouped per module", () => {
    const reply = `import logging\nfrom flask import Flask, abort, request\n\n${FIXED_FIND_USER}`;
    const text = merged(FLASK, sql, reply);
    expect(text).toContain(
      "from flask import Flask, request\nimport logging\nfrom flask import abort\n\napp = Flask",
    );
    const change = assessChange(parser, FLASK, text, fixRegions(parser, FLASK, sql));
    expect(change.destructive).toBe(false);
  });

  it("a generated huge reply (thousands of extra functions) merges without touching the document's other lines, flagged", () => {
    const extra = Array.from({ length: 1000 }, (_, i) => `def helper_${i}(x):\n    return x + ${i}\n`).join(
      "\n",
    );
    const text = merged(FLASK, sql, `${extra}\n${FIXED_FIND_USER}`);
    expect(text.startsWith(FLASK.slice(0, FLASK.indexOf("app = Flask")))).toBe(true);
    expect(text.endsWith(FLASK.slice(FLASK.indexOf("\n\n\nif __name__")))).toBe(true);
    const change = assessChange(parser, FLASK, text, fixRegions(parser, FLASK, sql));
    expect(change.destructive).toBe(true);
    expect(change.outsideLines).toBeGreaterThan(2000);
  });
});

describe("mergeFix: a reply that is the whole file", () => {
  const sql = [findingAt(lineOf(FLASK, "query = "), 12)];

  it("deleting another function is merged as asked but marked destructive, with the diff", () => {
    const reply = FLASK.replace('def get_db():\n    return sqlite3.connect("users.db")\n\n\n', "").replace(
      "db.execute(query)",
      'db.execute(query.replace("\'%s\'", "?") if False else query)',
    );
    const text = merged(FLASK, sql, reply);
    expect(text).not.toContain("def get_db");
    const change = assessChange(parser, FLASK, text, fixRegions(parser, FLASK, sql), "app.py");
    expect(change).toMatchObject({ destructive: true, removedDefinitions: ["get_db"] });
    expect(change.description).toMatch(/^changes 4 lines outside `find_user`; removes `get_db`$/);
    expect(change.diff).toContain("--- a/app.py");
    expect(change.diff).toContain("-def get_db():");
  });

  it("the whole file with only the function fixed: exactly the fragment result", () => {
    const whole =
      FLASK.slice(0, FLASK.indexOf('@app.route("/users")')) +
      FIXED_FIND_USER.trimEnd() +
      FLASK.slice(FLASK.indexOf("\n\n\nif __name__"));
    expect(merged(FLASK, sql, whole)).toBe(whole);
  });
});

describe("mergeFix: methods and module-level statements", () => {
  const CLASS_DOC =
    "import pickle\n\n\nclass Store:\n    def __init__(self, path):\n        self.path = path\n\n    def load(self, blob):\n        return pickle.loads(blob)\n\n    def size(self):\n        return 0\n";

  it("a method sent alone is re-indented into its class; the other methods stay", () => {
    const finding = findingAt(lineOf(CLASS_DOC, "return pickle"), 15);
    const text = merged(
      CLASS_DOC,
      [finding],
      "import json\n\ndef load(self, blob):\n    data = json.loads(blob)\n    return data\n",
    );
    expect(text).toBe(
      "import pickle\nimport json\n\n\nclass Store:\n    def __init__(self, path):\n        self.path = path\n\n    def load(self, blob):\n        data = json.loads(blob)\n        return data\n\n    def size(self):\n        return 0\n",
    );
  });

  it("a tab-indented class keeps its tabs; multi-line strings in the reply are not re-indented", () => {
    const doc = CLASS_DOC.replace(/ {4}/g, "\t");
    const finding = findingAt(lineOf(doc, "return pickle"), 9);
    const reply =
      'def load(self, blob):\n    """Parse.\nkeep this column\n    """\n    return json.loads(blob)\n';
    const text = merged(doc, [finding], reply);
    expect(text).toContain(
      '\tdef load(self, blob):\n\t    """Parse.\nkeep this column\n    """\n\t    return json.loads(blob)\n\n\tdef size(self):\n\t\treturn 0\n',
    );
  });

  it("the class in the reply: its target method replaced, an unchanged sibling keeps its bytes", () => {
    const finding = findingAt(lineOf(CLASS_DOC, "return pickle"), 15);
    const reply = "class Store:\n    def load(self, blob):\n        return json.loads(blob)\n";
    const text = merged(CLASS_DOC, [finding], reply);
    expect(text).toBe(CLASS_DOC.replace("pickle.loads(blob)", "json.loads(blob)"));
  });

  it("a module-level finding: a bare statement replaces the statement around it (indented inside `if`)", () => {
    const flaskDebug = [findingAt(lineOf(FLASK, "app.run("), 4)];
    const text = merged(FLASK, flaskDebug, 'app.run(host="127.0.0.1", debug=False)\n');
    expect(text).toBe(
      FLASK.replace('app.run(host="0.0.0.0", debug=True)', 'app.run(host="127.0.0.1", debug=False)'),
    );
  });

  it("a top-level script statement with a new import", () => {
    const doc = "import os\nimport sys\n\nprint('start')\nos.system('ls ' + sys.argv[1])\nprint('done')\n";
    const text = merged(
      doc,
      [findingAt(4, 0)],
      "import subprocess\n\nsubprocess.run(['ls', sys.argv[1]], check=True)\n",
    );
    expect(text).toBe(
      "import os\nimport sys\nimport subprocess\n\nprint('start')\nsubprocess.run(['ls', sys.argv[1]], check=True)\nprint('done')\n",
    );
  });
});

describe("mergeFix: line endings of the document are kept", () => {
  const LF =
    "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n\n\ndef other():\n    return 1\n";
  const reply = "def load(blob):\n    data = json.loads(blob)\n    return data\n";

  for (const [name, doc, regionEol] of [
    ["CRLF", LF.replace(/\n/g, "\r\n"), "\r\n"],
    ["CR-only", LF.replace(/\n/g, "\r"), "\r"],
    // Mixed: the header CRLF, the function LF, the rest CR-only.
    [
      "mixed",
      "import pickle\r\n\r\n\r\ndef load(blob):\n    return pickle.loads(blob)\n\r\r\rdef other():\r    return 1\r",
      "\n",
    ],
  ] as const) {
    it(`${name}: unrelated lines unchanged byte-for-byte, new lines take the region's ending`, () => {
      const finding = findingAt(4, 11);
      const text = merged(doc, [finding], reply);
      const start = doc.indexOf("def load");
      const end = doc.indexOf("pickle.loads(blob)") + "pickle.loads(blob)".length;
      expect(text).toBe(
        `${doc.slice(0, start)}def load(blob):${regionEol}    data = json.loads(blob)${regionEol}    return data${doc.slice(end)}`,
      );
      // The edits the editor gets touch only the function's lines.
      const edits = exactEdits(doc, text);
      expect(applyEdits(doc, edits)).toBe(text);
      expect(edits.every((e) => e.range.start.line >= 3 && e.range.end.line <= 4)).toBe(true);
    });
  }
});

describe("mergeFix: the result must parse", () => {
  it("refuses a fragment whose merge breaks the file", () => {
    // One-line compound statement: a two-line fix for its body would dedent out of the `if`.
    const doc = "import os\nimport sys\nif len(sys.argv) > 1: os.system(sys.argv[1])\nelse: print('none')\n";
    const outcome = merge(
      doc,
      [findingAt(2, 22)],
      "import subprocess\nargs = [sys.argv[1]]\nsubprocess.run(args)\n",
    );
    expect(outcome).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^the model's code does not fit into the file: the result has a syntax error near line \d+$/,
      ),
    });
  });

  const DOC =
    "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n\n\ndef other():\n    return 1\n";

  it("refuses a fix whose indentation Python rejects, though tree-sitter parses it without error", () => {
    // `return data` unindents to a level no block has: IndentationError in Python.
    const reply = "def load(blob):\n    if blob:\n        data = json.loads(blob)\n      return data\n";
    expect(parser.parse(reply)!.rootNode.hasError).toBe(false);
    expect(merge(DOC, [findingAt(4, 11)], reply)).toEqual({
      ok: false,
      reason:
        "the model's code does not fit into the file: the result has indentation Python rejects near line 7",
    });
    // The same fix indented right is merged.
    expect(merge(DOC, [findingAt(4, 11)], reply.replace("      return", "    return"))).toMatchObject({
      ok: true,
    });
  });

  it("still takes a clean fix in a file whose own indentation was already wrong elsewhere", () => {
    const doc = DOC.replace("    return 1\n", "    if True:\n        x = 1\n      return x\n");
    const outcome = merge(doc, [findingAt(4, 11)], "def load(blob):\n    return json.loads(blob)\n");
    expect(outcome).toMatchObject({ ok: true });
  });

  it("refuses a whole-file reply (no finding to aim at) whose indentation Python rejects", () => {
    const reply = "import json\n\n\ndef load(blob):\n    return json.loads(blob)\n  x = 1\n";
    expect(merge(DOC, [], reply)).toEqual({
      ok: false,
      reason: "the model's file has indentation Python rejects near line 6",
    });
    expect(merge(DOC, [], reply.replace("  x = 1", "x = 1"))).toMatchObject({ ok: true });
  });

  it("refuses a module-level fix that ends in `return`: Python compiles no return outside a function", () => {
    const doc = "import os\nimport sys\n\nprint('start')\nos.system('ls ' + sys.argv[1])\nprint('done')\n";
    const outcome = merge(
      doc,
      [findingAt(4, 0)],
      "import subprocess\n\nsubprocess.run(['ls', sys.argv[1]])\nreturn\n",
    );
    expect(outcome).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^the model's code does not fit into the file: the result has code Python rejects \('return' outside function\) near line \d+$/,
      ),
    });
  });
});
