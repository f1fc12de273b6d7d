import { beforeAll, describe, expect, it } from "vitest";
import { chainedFunctions, nestedCalls } from "../../../../../perf/lib/hostile-python.js";
import {
  INCOMPLETE_RULE,
  NOT_ANALYZED_RULE,
} from "../../../../../server/src/analysis/embedded/analysis-notes.js";
import { TaintAnalysis } from "../../../../../server/src/analysis/embedded/taint/taint-pass.js";

let engine: TaintAnalysis;
beforeAll(async () => {
  engine = await TaintAnalysis.create();
});

const NO_LIMIT = { timeBudgetMs: Number.POSITIVE_INFINITY };
const notes = <T extends { ruleId: string }>(findings: T[]) =>
  findings.filter((f) => f.ruleId.startsWith("seclsp/"));

// Generous outer bounds: before the summary caps these files took 7 s, 35 s and more than 150 s
// (0.5–1.8 GB); a hang or a blow-up fails here, ordinary machine load does not.
describe("summary blow-up (issue 12, item 3)", () => {
  it("analyzes 100 KB of chained helpers with sinks completely, every sink reported", () => {
    const text = chainedFunctions(100 * 1024);
    const helpers = text.match(/^def /gm)!.length;
    const findings = engine.analyze({ path: "/h/chain.py", text }, "library", NO_LIMIT);
    expect(notes(findings)).toEqual([]);
    // Each helper has two sinks on its own parameters.
    expect(findings.filter((f) => f.ruleId === "py/command-line-injection")).toHaveLength(2 * helpers);
  }, 120_000);

  it("analyzes a ~100 KB recursion cycle of helpers", () => {
    const text = chainedFunctions(100 * 1024, { cycle: true });
    const findings = engine.analyze({ path: "/h/cycle.py", text }, "library", NO_LIMIT);
    expect(notes(findings)).toEqual([]);
    expect(findings.length).toBeGreaterThan(1000);
  }, 120_000);

  it("analyzes a 250 KB chain", () => {
    const text = chainedFunctions(250 * 1024);
    const helpers = text.match(/^def /gm)!.length;
    const findings = engine.analyze({ path: "/h/chain250.py", text }, "library", NO_LIMIT);
    expect(notes(findings)).toEqual([]);
    expect(findings.filter((f) => f.ruleId === "py/command-line-injection")).toHaveLength(2 * helpers);
  }, 120_000);

  it("still follows a flow through a chain longer than the summary cap", () => {
    // 60 helpers pass the value on; the sink sits in the last one, called from a route.
    const helpers = Array.from(
      { length: 60 },
      (_, i) => `def hop_${i}(v):\n    return hop_${i + 1}(v)\n\n`,
    ).join("");
    const text =
      "import os\nfrom flask import Flask, request\napp = Flask(__name__)\n\n" +
      `${helpers}def hop_60(v):\n    os.system(v)\n\n` +
      `@app.route("/x")\ndef handler():\n    hop_0(request.args["c"])\n    return "ok"\n`;
    const findings = engine.analyze({ path: "/h/hops.py", text }, "remote", NO_LIMIT);
    expect(findings.map((f) => f.ruleId)).toContain("py/command-line-injection");
  });
});

describe("per-file time budget", () => {
  it("stops a file past its budget with its findings so far and one note", () => {
    const text = chainedFunctions(250 * 1024, { cycle: true });
    const full = engine.analyze({ path: "/h/full.py", text }, "library", NO_LIMIT);
    const partial = engine.analyze({ path: "/h/budget.py", text }, "library", { timeBudgetMs: 1 });
    const [note, ...others] = notes(partial);
    expect(others).toEqual([]);
    expect(note).toMatchObject({ ruleId: INCOMPLETE_RULE, severity: "note", source: "embedded" });
    expect(note!.message).toMatch(/^analysis incomplete: time budget exceeded \(1 ms; \d+ of \d+ functions/);
    expect(partial.length - 1).toBeLessThan(full.length);
  }, 120_000);

  it("cuts a file off at the same point on a busy machine as on an idle one", async () => {
    let text = "import os\n";
    for (let i = 0; i < 2000; i++)
      text += `def f${i}(x, n):\n    y = x + str(n)\n    if n > 3:\n        y = y.strip()\n    os.system(y)\n\n`;
    const run = async (clock: () => number) =>
      // Fresh engines: the per-function cache of one run must not help the other.
      (await TaintAnalysis.create()).analyze({ path: "/h/load.py", text }, "library", {
        timeBudgetMs: 200,
        clock,
      });
    const idle = await run(() => 0);
    // Cut off by its step budget in the middle of the flow analysis, not before it started.
    expect(notes(idle)[0]?.message).toMatch(/; [1-9]\d* of \d+ functions analyzed in round/);
    // A machine so loaded that 1.9× the budget has passed at every reading of the clock.
    let readings = 0;
    const busy = await run(() => (readings++ === 0 ? 0 : 200 * 1.9));
    expect(notes(busy).map((n) => n.message)).toEqual(notes(idle).map((n) => n.message));
    expect(busy.map((f) => `${f.range.start.line}:${f.ruleId}`)).toEqual(
      idle.map((f) => `${f.range.start.line}:${f.ruleId}`),
    );
    // Past the backstop (2× the budget) the wall clock stops it, at the first reading.
    let stallReadings = 0;
    const stalled = await run(() => 1_000 * stallReadings++);
    expect(notes(stalled)[0]?.message).toMatch(/; 0 of \d+ functions analyzed in round 1/);
  }, 120_000);

  it("does not reuse a cut-off analysis for the next edit", () => {
    const text = chainedFunctions(50 * 1024);
    engine.analyze({ path: "/h/edit.py", text }, "library", { timeBudgetMs: 1 });
    const edited = `${text}\n# edited\n`;
    const after = engine.analyze({ path: "/h/edit.py", text: edited }, "library", NO_LIMIT);
    const fresh = engine.analyze({ path: "/h/edit-fresh.py", text: edited }, "library", NO_LIMIT);
    expect(after.map((f) => f.fingerprint).sort()).toEqual(fresh.map((f) => f.fingerprint).sort());
  }, 120_000);
});

describe("nesting beyond the engine's stack", () => {
  it("skips only the statement too deep to evaluate, says so, and keeps the other findings", () => {
    const text = `import os\nos.system(input())\n${nestedCalls(20_000)}`;
    const findings = engine.analyze({ path: "/h/deep.py", text }, "local", NO_LIMIT);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(
      [NOT_ANALYZED_RULE, "py/command-line-injection"].sort(),
    );
    const note = findings.find((f) => f.ruleId === NOT_ANALYZED_RULE)!;
    expect(note.message).toMatch(/^data flow not analyzed in a statement nested too deeply/);
    expect(note.range.start.line).toBe(2);
  });
});
