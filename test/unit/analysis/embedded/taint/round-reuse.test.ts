import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { ThreatModel } from "../../../../../server/src/analysis/analyzer.js";
import { analyzeFlows } from "../../../../../server/src/analysis/embedded/taint/file-analysis.js";
import { sameData, setRoundReplay } from "../../../../../server/src/analysis/embedded/taint/round-reuse.js";
import { toSyntaxTree } from "../../../../../server/src/analysis/embedded/taint/syntax-tree.js";
import { TaintAnalysis } from "../../../../../server/src/analysis/embedded/taint/taint-pass.js";
import { loadPythonParser } from "../../../../../server/src/python/parser.js";

const CORPUS = fileURLToPath(new URL("../../../../corpus/", import.meta.url));

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(path, out);
    else if (entry.name.endsWith(".py")) out.push(path);
  }
  return out;
}

async function flows(text: string, threatModel: ThreatModel = "library") {
  const parser = await loadPythonParser();
  const tree = parser.parse(text)!;
  try {
    return analyzeFlows(toSyntaxTree(tree, text), threatModel);
  } finally {
    tree.delete();
  }
}

/** Findings as plain data (labels, steps and ranges included), in the order produced. */
function shape(result: Awaited<ReturnType<typeof flows>>): string {
  return JSON.stringify(result.findings);
}

// Methods that call helpers defined further down need a second round; so does recursion.
const TWO_ROUNDS = `import os
import subprocess

class Builder:
    if os.name == "nt":
        def place(self, src):
            open(self.clean(src))
    else:
        def place(self, src):
            subprocess.call("cp " + self.clean(src), shell=True)

    def run(self, cmd):
        return self.spawn(cmd)

    def spawn(self, cmd):
        os.system(cmd)
        return self.run(cmd)

    def clean(self, value):
        return value.strip()

def unrelated(path):
    with open(path) as handle:
        return handle.read()
`;

describe("round replay (taint/round-reuse.ts)", () => {
  afterEach(() => setRoundReplay(true));

  it("replays unchanged functions in later rounds and finds exactly what fresh rounds find", async () => {
    const replayed = await flows(TWO_ROUNDS);
    setRoundReplay(false);
    const fresh = await flows(TWO_ROUNDS);
    expect(fresh.replayed).toBeUndefined();
    expect(replayed.replayed ?? 0).toBeGreaterThan(0);
    expect(shape(replayed)).toBe(shape(fresh));
    // Both definitions of `place` (same key, two branches) keep their own findings.
    const rules = replayed.findings.map((f) => `${f.sink.start.line + 1}:${f.rule}`);
    expect(rules).toEqual(expect.arrayContaining(["7:py/path-injection", "10:py/command-line-injection"]));
  });

  it("gives the same flows as fresh rounds on every corpus file, under every threat model", async () => {
    const files = pythonFiles(CORPUS);
    expect(files.length).toBeGreaterThan(300);
    let replays = 0;
    const differing: string[] = [];
    for (const threatModel of ["library", "remote", "local"] as const) {
      for (const file of files) {
        const text = readFileSync(file, "utf8");
        setRoundReplay(true);
        const replayed = await flows(text, threatModel);
        setRoundReplay(false);
        const fresh = await flows(text, threatModel);
        replays += replayed.replayed ?? 0;
        if (shape(replayed) !== shape(fresh)) differing.push(`${threatModel} ${file}`);
      }
    }
    expect(differing).toEqual([]);
    expect(replays).toBeGreaterThan(0);
  }, 120_000);

  it("reuses functions across edits of a file that needs several rounds, with a fresh analysis's findings", async () => {
    // A chain of methods closed into a cycle (step12 calls step0 again): callees-first ordering
    // cannot put every callee first, so every analysis of this file takes more than one round.
    const methods = Array.from({ length: 12 }, (_, i) =>
      [
        `    def step${i}(self, value):`,
        `        data = self.step${i + 1}(value)`,
        i % 3 === 0 ? `        os.system("run " + data)` : `        return data.strip()`,
        "",
      ].join("\n"),
    ).join("\n");
    const base = `import os\n\nclass Pipeline:\n${methods}\n    def step12(self, value):\n        if value:\n            return self.step0(value[1:])\n        return value\n`;
    const path = "/tmp/seclsp-round-reuse/pipeline.py";
    const incremental = await TaintAnalysis.create();
    incremental.analyze({ path, text: base }, "library");
    const lines = base.split("\n");
    let reused = 0;
    for (const [i, edit] of [
      [5, "        data = self.step1(value)  # comment"],
      [1, ""],
      [9, '        os.system("cp " + data)'],
      [14, "        data = self.step3(value.lower())"],
    ] as const) {
      lines.splice(i, 1, edit);
      const text = lines.join("\n");
      const fresh = await TaintAnalysis.create();
      const expected = fresh.analyze({ path, text }, "library");
      expect(incremental.analyze({ path, text }, "library")).toEqual(expected);
      reused += incremental.reusedFunctions(path);
    }
    expect(reused).toBeGreaterThan(0);
  });

  it("gives a fresh analysis's findings after seeded random edits of corpus files", async () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const files = pythonFiles(CORPUS).filter((_, i) => i % 12 === 0);
    const differing: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, "utf8").split("\n");
      const path = `/tmp/seclsp-round-reuse/${file.slice(CORPUS.length)}`;
      const incremental = await TaintAnalysis.create();
      incremental.analyze({ path, text: lines.join("\n") }, "library");
      for (let edit = 0; edit < 4; edit++) {
        const at = random(lines.length);
        const indent = /^\s*/.exec(lines[at] ?? "")?.[0] ?? "";
        const kind = random(4);
        if (kind === 0) lines.splice(at, 0, `${indent}extra_${edit} = os.environ.get("X")`);
        else if (kind === 1) lines.splice(at, 1);
        else if (kind === 2) lines[at] = `${lines[at] ?? ""}  # edited`;
        else lines.splice(at, 0, "");
        const text = lines.join("\n");
        const fresh = await TaintAnalysis.create();
        const expected = JSON.stringify(fresh.analyze({ path, text }, "library"));
        if (JSON.stringify(incremental.analyze({ path, text }, "library")) !== expected)
          differing.push(`${file} edit ${edit}`);
      }
    }
    expect(files.length).toBeGreaterThan(30);
    expect(differing).toEqual([]);
  }, 120_000);

  it("treats pathologically deep or cyclic data as changed instead of overflowing the stack", () => {
    const deep = (n: number) => {
      let value: unknown = 1;
      for (let i = 0; i < n; i++) value = [value];
      return value;
    };
    expect(sameData(deep(100_000), deep(100_000))).toBe(false);
    expect(sameData(deep(10), deep(10))).toBe(true);
    const a: { self?: unknown } = {};
    a.self = a;
    const b: { self?: unknown } = {};
    b.self = b;
    expect(sameData(a, b)).toBe(false);
    expect(sameData(a, a)).toBe(true);
  });

  it("compares analysis data deeply, syntax nodes by identity", () => {
    const node = { type: "identifier", namedKids: [], parent: undefined };
    const label = () => ({
      origin: { kind: "parameter", range: { start: { line: 1, character: 2 } } },
      flags: 0,
    });
    expect(
      sameData(
        { returns: [label()], fields: new Map([["a", [label()]]]) },
        { returns: [label()], fields: new Map([["a", [label()]]]) },
      ),
    ).toBe(true);
    expect(sameData({ returns: [label()] }, { returns: [{ ...label(), flags: 1 }] })).toBe(false);
    expect(sameData(new Map([["a", 1]]), new Map([["b", 1]]))).toBe(false);
    expect(sameData(new Set(["x"]), new Set(["x"]))).toBe(true);
    expect(sameData(new Set(["x"]), new Set(["y"]))).toBe(false);
    expect(sameData([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameData({ use: node }, { use: node })).toBe(true);
    expect(sameData({ use: node }, { use: { ...node } })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});
