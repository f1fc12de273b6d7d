import { describe, expect, it } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import {
  allVR,
  formatDelta,
  formatPct,
  hintPreciseness,
  hintRelevance,
  hintSplit,
  parseRate,
  rate,
  roundCurve,
  signatureKeptRate,
  tarVR,
  topCwes,
} from "../../../server/src/bench/metrics.js";
import type { ResultRow } from "../../../server/src/bench/result-row.js";

function finding(...cwes: string[]): Finding {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  return {
    ruleId: "r",
    cwes,
    severity: "error",
    message: "m",
    file: "f.py",
    range,
    source: "embedded",
    fingerprint: "x",
  };
}

function row(
  taskId: string,
  targetCwe: string,
  findings: Finding[],
  extra: Partial<ResultRow> = {},
): ResultRow {
  return {
    model: "m",
    condition: "vanilla",
    dataset: "d",
    taskId,
    targetCwe,
    round: 0,
    final: true,
    analyzer: "embedded",
    code: "x = 1",
    parsed: true,
    findings,
    tokens: { prompt: 0, completion: 0 },
    calls: 0,
    cacheHits: 0,
    latencyMs: 0,
    ...extra,
  };
}

// Seven snippets: 2 with the target CWE (one of them also something else), 1 with only another CWE,
// 1 whose finding lists the target as its second CWE, 3 clean.
const seven: ResultRow[] = [
  row("1", "CWE-89", [finding("CWE-89")]),
  row("2", "CWE-78", [finding("CWE-78"), finding("CWE-200")]),
  row("3", "CWE-22", [finding("CWE-502")]),
  row("4", "CWE-328", [finding("CWE-327", "CWE-328")]),
  row("5", "CWE-79", []),
  row("6", "CWE-79", []),
  row("7", "CWE-79", []),
];

describe("paper metrics", () => {
  it("TarV-R counts snippets with a finding of the target CWE (3 of 7 = 42.9%)", () => {
    const r = tarVR(seven);
    expect([r.count, r.total]).toEqual([3, 7]);
    expect(formatPct(r)).toBe("42.9%");
  });

  it("AllV-R counts snippets with any finding (4 of 7 = 57.1%)", () => {
    expect(formatPct(allVR(seven))).toBe("57.1%");
  });

  it("deltas are differences of the displayed values, with a sign", () => {
    expect(formatDelta(rate(1, 8), rate(4, 8))).toBe("(-37.5)");
    expect(formatDelta(rate(4, 8), rate(4, 8))).toBe("(+0.0)");
    // 1/3 = 33.3 and 1/6 = 16.7 → +16.6 (not +16.7 from the unrounded values)
    expect(formatDelta(rate(1, 3), rate(1, 6))).toBe("(+16.6)");
    expect(formatDelta(rate(0, 0), rate(1, 2))).toBe("(–)");
    expect(formatPct(rate(0, 0))).toBe("–");
  });

  it("parse % and kept-signature % (over parsed rows with a known function)", () => {
    const rows = [
      row("1", "CWE-1", [], { signatureKept: true }),
      row("2", "CWE-1", [], { signatureKept: false }),
      row("3", "CWE-1", [], { parsed: false, code: "" }),
      row("4", "CWE-1", []),
    ];
    expect(formatPct(parseRate(rows))).toBe("75.0%");
    const kept = signatureKeptRate(rows);
    expect([kept.count, kept.total]).toEqual([1, 2]);
  });

  it("hint relevance and preciseness", () => {
    const hints = [
      row("1", "CWE-1", [], { hintsIncludeTarget: true }),
      row("2", "CWE-1", [], { hintsIncludeTarget: false }),
      row("3", "CWE-1", [], { hintsIncludeTarget: true }),
    ];
    expect(formatPct(hintRelevance(hints))).toBe("66.7%");
    const verdicts = [
      row("1", "CWE-1", [], { verdict: "precise" }),
      row("2", "CWE-1", [], { skipped: "no target hint" }),
      row("3", "CWE-1", [], { verdict: "imprecise" }),
      row("4", "CWE-1", [], { verdict: "precise" }),
    ];
    const p = hintPreciseness(verdicts);
    expect([p.count, p.total]).toEqual([2, 3]);
  });

  it("Table 5 split compares vanilla and hinted TarV-R over the same tasks", () => {
    const vanilla = [
      row("a", "CWE-89", [finding("CWE-89")]),
      row("b", "CWE-89", [finding("CWE-89")]),
      row("c", "CWE-89", []),
      row("d", "CWE-89", [finding("CWE-89")]),
    ];
    const hinted = [
      row("a", "CWE-89", [], { condition: "self-hints", hintsIncludeTarget: true }),
      row("b", "CWE-89", [finding("CWE-89")], { condition: "self-hints", hintsIncludeTarget: true }),
      row("c", "CWE-89", [finding("CWE-89")], { condition: "self-hints", hintsIncludeTarget: false }),
      row("d", "CWE-89", [finding("CWE-89")], { condition: "self-hints", hintsIncludeTarget: false }),
    ];
    const split = hintSplit(vanilla, hinted);
    expect([split.withTarget.vanilla.count, split.withTarget.vanilla.total]).toEqual([2, 2]); // 100%
    expect([split.withTarget.hinted.count, split.withTarget.hinted.total]).toEqual([1, 2]); // 50%
    expect([split.withoutTarget.vanilla.count, split.withoutTarget.hinted.count]).toEqual([1, 2]); // 50% → 100%
  });

  it("per-round curve carries each task's last state forward", () => {
    const vanilla = [
      row("a", "CWE-1", [finding("CWE-1")]),
      row("b", "CWE-1", [finding("CWE-2")]),
      row("c", "CWE-1", []),
    ];
    const it = (taskId: string, round: number, findings: Finding[]) =>
      row(taskId, "CWE-1", findings, { condition: "iterative-repair", round, final: false });
    const iterative = [
      it("a", 1, [finding("CWE-2")]),
      it("a", 2, []),
      it("b", 1, []),
      row("c", "CWE-1", [], { condition: "iterative-repair" }),
    ];
    const curve = roundCurve(vanilla, iterative, 3);
    expect(curve.map((p) => `${p.allVR.count}/${p.tarVR.count}`)).toEqual(["2/1", "1/0", "0/0", "0/0"]);
  });

  it("top CWEs count snippets per primary CWE, ties by CWE number", () => {
    const rows = [
      row("1", "x", [finding("CWE-89"), finding("CWE-89")]),
      row("2", "x", [finding("CWE-89"), finding("CWE-327", "CWE-328")]),
      row("3", "x", [finding("CWE-78")]),
      row("4", "x", [finding("CWE-22")]),
    ];
    expect(topCwes(rows, 3)).toEqual([
      { cwe: "CWE-89", snippets: 2 },
      { cwe: "CWE-22", snippets: 1 },
      { cwe: "CWE-78", snippets: 1 },
    ]);
  });
});
