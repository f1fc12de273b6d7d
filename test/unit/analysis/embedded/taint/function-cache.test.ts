import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../../../../perf/lib/corpus.js";
import type { ThreatModel } from "../../../../../server/src/analysis/analyzer.js";
import { TaintAnalysis } from "../../../../../server/src/analysis/embedded/taint/taint-pass.js";

// Per-function results are reused across edits; after any edit the findings must equal those of
// an analyzer that has never seen the file.
const corpus = loadCorpus().filter((f) => /^\s*def /m.test(f.text));
let incremental: TaintAnalysis;
let fresh: TaintAnalysis;
beforeAll(async () => {
  incremental = await TaintAnalysis.create();
  fresh = await TaintAnalysis.create();
});
afterAll(() => {
  incremental.dispose();
  fresh.dispose();
});

/** Several corpus files in one module (functions renamed apart), so functions call each other. */
function moduleOf(indices: number[]): string {
  return indices
    .map((i, n) => corpus[i % corpus.length]!.text.replace(/^def (\w+)/gm, `def $1_${n}`))
    .join("\n");
}

/** Line edits that change data flow (new sources, constants, calls) or nothing at all. */
const EDITS: Array<(line: string) => string> = [
  (line) => `${line}  # note`,
  (line) => line.replace(/request\.(args|form|json)/, "'constant'"),
  (line) => line.replace(/'[^']*'/, "request.args['q']"),
  (line) => line.replace(/^(\s*)(\w+) = .*$/, "$1$2 = input()"),
  (line) => line.replace(/^(\s*)return .*$/, "$1return None"),
  (line) => line.replace(/\(([a-z_]+)\)/, "(sys.argv[1])"),
  (line) => line.replace(/\w+/, "renamed"),
  (line) => `${line}\n${line.match(/^\s*/)![0]}extra = os.environ['X']`,
  () => "",
];

const editArb = fc.record({ line: fc.nat(10_000), kind: fc.nat(EDITS.length - 1) });

describe("per-function result cache", () => {
  it("gives the same findings as a fresh analysis after random edits", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(corpus.length - 1), { minLength: 2, maxLength: 4 }),
        fc.array(editArb, { minLength: 1, maxLength: 6 }),
        fc.constantFrom<ThreatModel>("remote", "local", "library"),
        (files, edits, threatModel) => {
          const path = "/cache/module.py";
          incremental.forget(path);
          let lines = moduleOf(files).split("\n");
          incremental.analyze({ path, text: lines.join("\n") }, threatModel);
          for (const edit of edits) {
            const at = edit.line % lines.length;
            lines = [...lines];
            lines[at] = EDITS[edit.kind]!(lines[at]!);
            const text = lines.join("\n");
            lines = text.split("\n");
            const after = incremental.analyze({ path, text }, threatModel);
            fresh.forget(path);
            expect(after).toEqual(fresh.analyze({ path, text }, threatModel));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("re-analyzes callers when an edit changes a callee's summary", () => {
    // A chain of helpers: edits flip whether a helper passes its parameter on or reaches a sink.
    const chain = (n: number) =>
      [
        "import os",
        "from flask import Flask, request",
        "app = Flask(__name__)",
        "",
        ...Array.from({ length: n }, (_, i) => [
          `def step_${i}(value):`,
          i === 0 ? "    os.system(value)" : `    step_${i - 1}(value)`,
          "    return value",
          "",
        ]).flat(),
        '@app.route("/run")',
        "def run():",
        `    return step_${n - 1}(request.args["cmd"])`,
      ].join("\n");
    const FLIPS: Array<[RegExp, string]> = [
      [/^ {4}return value$/, "    return 'fixed'"],
      [/^ {4}return 'fixed'$/, "    return value"],
      [/^ {4}os\.system\(value\)$/, "    os.system('ls')"],
      [/^ {4}os\.system\('ls'\)$/, "    os.system(value)"],
      [/^ {4}step_(\d+)\(value\)$/, "    step_$1('const')"],
      [/^ {4}step_(\d+)\('const'\)$/, "    step_$1(value)"],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.nat(200), { minLength: 1, maxLength: 8 }),
        fc.constantFrom<ThreatModel>("remote", "library"),
        (n, picks, threatModel) => {
          const path = "/cache/chain.py";
          incremental.forget(path);
          const lines = chain(n).split("\n");
          incremental.analyze({ path, text: lines.join("\n") }, threatModel);
          const editable = lines.flatMap((l, i) => (FLIPS.some(([re]) => re.test(l)) ? [i] : []));
          for (const pick of picks) {
            const at = editable[pick % editable.length]!;
            const flip = FLIPS.find(([re]) => re.test(lines[at]!))!;
            lines[at] = lines[at]!.replace(flip[0], flip[1]);
            const text = lines.join("\n");
            const after = incremental.analyze({ path, text }, threatModel);
            fresh.forget(path);
            expect(after).toEqual(fresh.analyze({ path, text }, threatModel));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("gives the same findings as a fresh analysis when edits add and remove lines", () => {
    // Lines inserted, deleted and commented anywhere (module level too): the functions after the
    // edit move, and are reused with their ranges moved only when that is exact.
    const CHANGES: Array<(lines: string[], at: number) => void> = [
      (lines, at) => lines.splice(at, 0, ""),
      (lines, at) => lines.splice(at, 0, "# a comment"),
      (lines, at) => lines.splice(at, 0, `${/^\s*/.exec(lines[at] ?? "")![0]}pass`),
      (lines, at) => lines.splice(at, 1),
      (lines, at) => lines.splice(at, 0, "X = request.args['x']"),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.nat(corpus.length - 1), { minLength: 2, maxLength: 4 }),
        fc.array(fc.record({ line: fc.nat(10_000), kind: fc.nat(CHANGES.length - 1) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom<ThreatModel>("remote", "local", "library"),
        (files, edits, threatModel) => {
          const path = "/cache/moved.py";
          incremental.forget(path);
          let lines = moduleOf(files).split("\n");
          incremental.analyze({ path, text: lines.join("\n") }, threatModel);
          for (const edit of edits) {
            lines = [...lines];
            CHANGES[edit.kind]!(lines, edit.line % lines.length);
            const text = lines.join("\n");
            const after = incremental.analyze({ path, text }, threatModel);
            fresh.forget(path);
            expect(after).toEqual(fresh.analyze({ path, text }, threatModel));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("reuses a method whose summary records writes to self.<attr> after the file moved", () => {
    const path = "/cache/fields.py";
    const text = `from flask import request
import sqlite3

class Search:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.term = ""

    def load(self):
        self.term = request.args.get("q", "")

    def results(self):
        return self.conn.execute("SELECT * FROM t WHERE n = '" + self.term + "'")
`;
    incremental.forget(path);
    incremental.analyze({ path, text }, "remote");
    const moved = `\n# moved\n${text}`;
    const after = incremental.analyze({ path, text: moved }, "remote");
    fresh.forget(path);
    expect(after).toEqual(fresh.analyze({ path, text: moved }, "remote"));
    expect(after.map((f) => f.ruleId)).toContain("py/sql-injection");
    incremental.forget(path);
  });

  it("reuses functions moved by an added line or a module-level comment", () => {
    const path = "/cache/shift.py";
    const text = moduleOf([0, 1, 2, 3]);
    const functions = text.match(/^\s*def /gm)!.length;
    incremental.analyze({ path, text }, "library");
    const lines = text.split("\n");
    const first = lines.findIndex((l) => /^\s+\w+ = /.test(l));
    lines.splice(first + 1, 0, `${lines[first]!.match(/^\s*/)![0]}unused = 1`);
    incremental.analyze({ path, text: lines.join("\n") }, "library");
    // Every function but the edited one keeps its results (those after it moved one line down).
    expect(incremental.reusedFunctions(path)).toBeGreaterThan(0);
    expect(incremental.reusedFunctions(path)).toBeLessThan(functions);
    const movedOnce = incremental.reusedFunctions(path);
    incremental.analyze({ path, text: `# header\n${lines.join("\n")}\n# trailer\n` }, "library");
    expect(incremental.reusedFunctions(path)).toBeGreaterThanOrEqual(movedOnce);
    incremental.forget(path);
  });

  it("re-analyzes a function whose flow starts at a global that moved", () => {
    const path = "/cache/global.py";
    const text = (gap: string) =>
      ["import os", "", "def run():", "    os.system(CMD)", gap, "CMD = input()", ""].join("\n");
    const sourceLine = (findings: ReturnType<TaintAnalysis["analyze"]>) =>
      findings.find((f) => f.ruleId === "py/command-line-injection")?.flow?.[0]?.range.start.line;
    incremental.forget(path);
    expect(sourceLine(incremental.analyze({ path, text: "" }, "local"))).toBeUndefined();
    expect(sourceLine(incremental.analyze({ path, text: text("") }, "local"))).toBe(5);
    // `run` did not move, but its source did: its cached flow must not be reused as it was.
    expect(sourceLine(incremental.analyze({ path, text: text("\n\n") }, "local"))).toBe(7);
    incremental.forget(path);
  });

  it("reuses the functions an edit did not touch", () => {
    const path = "/cache/reuse.py";
    const text = moduleOf([0, 1, 2, 3]);
    const functions = text.match(/^\s*def /gm)!.length;
    incremental.analyze({ path, text }, "library");
    expect(incremental.reusedFunctions(path)).toBe(0);
    const lines = text.split("\n");
    const last = lines.findLastIndex((l) => /^\s+\w+ = /.test(l));
    lines[last] = `${lines[last]}  # edited`;
    incremental.analyze({ path, text: lines.join("\n") }, "library");
    const reused = incremental.reusedFunctions(path);
    expect(reused).toBeGreaterThan(0);
    expect(reused).toBeLessThan(functions);
    // A changed threat model changes every result: nothing is reused.
    incremental.analyze({ path, text: lines.join("\n") }, "remote");
    expect(incremental.reusedFunctions(path)).toBe(0);
    incremental.forget(path);
  });

  it("keeps nothing for later edits when a file is analyzed once (seclsp check), with the same findings", () => {
    const path = "/cache/once.py";
    const text = moduleOf([0, 1, 2, 3]);
    const once = incremental.analyze({ path, text }, "library", { oneShot: true });
    expect(once).toEqual(fresh.analyze({ path, text }, "library"));
    const lines = text.split("\n");
    const last = lines.findLastIndex((l) => /^\s+\w+ = /.test(l));
    lines[last] = `${lines[last]}  # edited`;
    const edited = lines.join("\n");
    // Nothing was kept to reuse; the edited file is analyzed in full, and right.
    expect(incremental.analyze({ path, text: edited }, "library", { oneShot: true })).toEqual(
      fresh.analyze({ path, text: edited }, "library"),
    );
    expect(incremental.reusedFunctions(path)).toBe(0);
    incremental.analyze({ path, text }, "library");
    incremental.analyze({ path, text: edited }, "library");
    expect(incremental.reusedFunctions(path)).toBeGreaterThan(0);
    incremental.forget(path);
    fresh.forget(path);
  });
});
