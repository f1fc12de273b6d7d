import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { check, findingLines, writeFiles } from "./check-project.js";

let root = "";
beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), "seclsp-xfile-check-")));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const VIEW = `from flask import Flask, request
from app.util import clean_html
from app.db import run_query

app = Flask(__name__)


@app.route("/p")
def page():
    body = clean_html(request.args["body"])
    return "<p>" + body + "</p>"


@app.route("/q")
def query():
    return str(run_query("SELECT * FROM t WHERE a = '" + request.args["a"] + "'"))
`;

const SAFE_UTIL = "import html\n\n\ndef clean_html(text):\n    return html.escape(text)\n";
const WEAK_UTIL = "def clean_html(text):\n    return text.strip()\n";
const DB = `import sqlite3


def run_query(sql):
    return sqlite3.connect("x.db").execute(sql).fetchall()
`;

describe("seclsp check with cross-file summaries", () => {
  it("uses imported modules' summaries, and editing one invalidates the importers' cached results", async () => {
    const project = await writeFiles(join(root, "p1"), {
      "pyproject.toml": "[project]\nname = 'p'\n",
      "app/__init__.py": "",
      "app/util.py": SAFE_UTIL,
      "app/db.py": DB,
      "app/views.py": VIEW,
    });
    const cacheDir = join(root, "cache1");
    const run = (jobs: number, cache = true) =>
      check(project, {
        paths: ["app/views.py"],
        threatModel: "remote",
        jobs,
        verbose: true,
        ...(cache ? { cacheDir } : { cache: false }),
      });
    const cold = await run(1);
    const lines = findingLines(cold.stdout);
    // The sink wrapper in db.py is reported at its call; the sanitizer in util.py clears line 11.
    expect(lines.map((l) => l.split(":").slice(0, 2).join(":"))).toEqual(["app/views.py:16"]);
    expect(lines[0]).toContain("py/sql-injection");
    expect(cold.stderr).toMatch(/0 hits, 1 misses/);
    const warm = await run(2);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.stderr).toMatch(/1 hits, 0 misses/);
    expect((await run(2, false)).stdout).toBe(cold.stdout);

    // The sanitizer gets weaker: views.py's text is unchanged, but its cached result is not used.
    await writeFile(join(project, "app/util.py"), WEAK_UTIL);
    const edited = await run(2);
    expect(edited.stderr).toMatch(/0 hits, 1 misses/);
    const after = findingLines(edited.stdout).map((l) => l.split(":").slice(0, 2).join(":"));
    expect(after).toEqual(["app/views.py:11", "app/views.py:16"]);
    expect((await run(1)).stdout).toBe(edited.stdout);
    expect((await run(1, false)).stdout).toBe(edited.stdout);
  });
});
