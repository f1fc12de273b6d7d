import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../../../perf/lib/corpus.js";
import type { ThreatModel } from "../../../../server/src/analysis/analyzer.js";
import { FlowPhase } from "../../../../server/src/analysis/embedded/taint-phase.js";

// The flow phase reuses per-statement work across edits (function catalog, assignment counts, the
// file stamp, the experimental checks' findings); after any edit its findings must equal those of
// a phase that has never seen the file.
const EXPERIMENTAL_DIRS = /^CWE-(176|208|287|338|346|347|348|522|90|942)\//;
const corpus = loadCorpus().filter((f) => EXPERIMENTAL_DIRS.test(f.name) || /^CWE-(22|89)\//.test(f.name));
let incremental: FlowPhase;
let fresh: FlowPhase;
beforeAll(async () => {
  incremental = new FlowPhase();
  fresh = new FlowPhase();
  await Promise.all([incremental.ready(), fresh.ready()]);
});
afterAll(() => {
  incremental.forget("/phase/module.py");
  fresh.forget("/phase/module.py");
});

function moduleOf(indices: number[]): string {
  return indices
    .map((i, n) => corpus[i % corpus.length]!.text.replace(/^def (\w+)/gm, `def $1_${n}`))
    .join("\n");
}

/** Line changes anywhere, module level included: moves, new imports, app names, constants. */
const CHANGES: Array<(lines: string[], at: number) => void> = [
  (lines, at) => lines.splice(at, 0, ""),
  (lines, at) => lines.splice(at, 0, "# a comment"),
  (lines, at) => lines.splice(at, 1),
  (lines, at) => lines.splice(at, 0, `${/^\s*/.exec(lines[at] ?? "")![0]}pass`),
  (lines) => lines.unshift("import random as rnd"),
  (lines) => lines.unshift("from jwt import decode"),
  (lines) => lines.unshift("import unicodedata as ud"),
  (lines) => lines.push("api = Flask(__name__)", "api.secret_key = 'x'"),
  (lines) => lines.push('FORM = "NFKC"'),
  (lines) => lines.push("CORS_ORIGIN_ALLOW_ALL = True", "CORS_ALLOW_CREDENTIALS = True"),
  (lines, at) => {
    lines[at] = (lines[at] ?? "").replace(/"NFK?[CD]"/, "FORM").replace(/==/, "!=");
  },
  (lines, at) => {
    lines[at] = (lines[at] ?? "").replace(/request\.(args|headers|form)/, "params");
  },
];

function run(phase: FlowPhase, text: string, threatModel: ThreatModel) {
  return phase.run({ path: "/phase/module.py", text }, { threatModel });
}

describe("flow phase across edits", () => {
  it("gives the same findings as a fresh phase after edits anywhere in the file", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(corpus.length - 1), { minLength: 2, maxLength: 4 }),
        fc.array(fc.record({ line: fc.nat(10_000), kind: fc.nat(CHANGES.length - 1) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom<ThreatModel>("remote", "library"),
        (files, edits, threatModel) => {
          incremental.forget("/phase/module.py");
          let lines = moduleOf(files).split("\n");
          run(incremental, lines.join("\n"), threatModel);
          for (const edit of edits) {
            lines = [...lines];
            CHANGES[edit.kind]!(lines, edit.line % lines.length);
            const text = lines.join("\n");
            const after = run(incremental, text, threatModel);
            fresh.forget("/phase/module.py");
            expect(after).toEqual(run(fresh, text, threatModel));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("re-checks an unchanged function when a module constant it reads changes", () => {
    const text = (form: string) =>
      [
        "import unicodedata",
        "from flask import Flask, abort, request",
        "app = Flask(__name__)",
        `FORM = "${form}"`,
        "",
        "@app.route('/docs')",
        "def docs():",
        "    page = request.args['page']",
        "    if '..' in page:",
        "        abort(400)",
        "    page = unicodedata.normalize(FORM, page)",
        "    return page",
        "",
      ].join("\n");
    const rules = (t: string) => run(incremental, t, "remote").map((f) => f.ruleId);
    incremental.forget("/phase/module.py");
    expect(rules(text("NFKD"))).toContain("py/unicode-bypass-validation");
    expect(rules(text("NFC"))).not.toContain("py/unicode-bypass-validation");
    expect(rules(text("NFKC"))).toContain("py/unicode-bypass-validation");
  });

  it("moves a reused function's experimental finding with the lines above it", () => {
    const body = [
      "import random",
      "",
      "def reset_token():",
      "    token = random.random()",
      "    return token",
      "",
    ];
    incremental.forget("/phase/module.py");
    const before = run(incremental, body.join("\n"), "remote").filter(
      (f) => f.ruleId === "py/insecure-randomness",
    );
    expect(before.length).toBeGreaterThan(0);
    const moved = run(incremental, ["# header", "", ...body].join("\n"), "remote").filter(
      (f) => f.ruleId === "py/insecure-randomness",
    );
    expect(moved.map((f) => f.range.start.line)).toEqual(before.map((f) => f.range.start.line + 2));
  });

  it("re-analyzes a moved caller when an edit changes its callee's summary, like a fresh phase", () => {
    const text = (helper: string, above: string) =>
      [
        "import os",
        "from flask import Flask, request",
        "app = Flask(__name__)",
        above,
        "def helper(value):",
        `    return ${helper}`,
        "",
        "@app.route('/run')",
        "def run():",
        "    os.system(helper(request.args['cmd']))",
        "",
      ].join("\n");
    const injections = (findings: ReturnType<typeof run>) =>
      findings.filter((f) => f.ruleId === "py/command-line-injection").map((f) => f.range.start.line);
    incremental.forget("/phase/module.py");
    const versions = [
      text("value", ""),
      text("shlex.quote(value)", "import shlex\n"),
      text("value", "# moved\n\n"),
    ];
    const seen = versions.map((version) => {
      const after = run(incremental, version, "remote");
      fresh.forget("/phase/module.py");
      expect(after).toEqual(run(fresh, version, "remote"));
      return injections(after);
    });
    expect(seen).toEqual([[9], [], [11]]);
  });
});
