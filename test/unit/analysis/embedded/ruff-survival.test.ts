import { afterAll, describe, expect, it } from "vitest";
import { longSum, nestedCalls, VULNERABLE } from "../../../../perf/lib/hostile-python.js";
import { NOT_ANALYZED_RULE } from "../../../../server/src/analysis/embedded/analysis-notes.js";
import { EmbeddedAnalyzer } from "../../../../server/src/analysis/embedded/embedded-analyzer.js";
import {
  expressionDepth,
  MAX_SAFE_DEPTH,
} from "../../../../server/src/analysis/embedded/expression-depth.js";
import {
  ruffHost,
  ruffSecurityCheck,
  ruffSecurityCheckAsync,
} from "../../../../server/src/analysis/embedded/ruff-engine.js";
import { ruffPass } from "../../../../server/src/analysis/embedded/ruff-pass.js";
import {
  RuffTimeoutError,
  RuffTooDeepError,
  RuffTrapError,
  RuffWorkerHost,
} from "../../../../server/src/analysis/embedded/ruff-worker-host.js";
import { primaryReporter } from "../../../../server/src/analysis/reporters.js";

const SETTINGS = { lint: { select: ["S"] } };
const codes = (diagnostics: { code: string | null }[]) => diagnostics.map((d) => d.code);

describe("expressionDepth", () => {
  it("sees a long operator chain and deep calls, wherever they sit", () => {
    expect(expressionDepth(longSum(2900)).depth).toBeGreaterThan(MAX_SAFE_DEPTH);
    expect(
      expressionDepth(`def f():\n    if a:\n        y = g(${longSum(1500).slice(4, -1)})\n`).depth,
    ).toBeGreaterThan(MAX_SAFE_DEPTH);
    expect(expressionDepth(nestedCalls(600)).depth).toBeGreaterThan(MAX_SAFE_DEPTH);
    expect(expressionDepth(`x = a${".b".repeat(1500)}\n`).depth).toBeGreaterThan(MAX_SAFE_DEPTH);
    expect(expressionDepth(`x = ${"not ".repeat(1500)}a\n`).depth).toBeGreaterThan(MAX_SAFE_DEPTH);
  });

  it("does not count operators in strings and comments, nor across commas and lines", () => {
    const quiet = [
      `s = "${"+".repeat(5000)}"\n`,
      `s = '''\n${"a + ".repeat(5000)}\n'''\n`,
      `# ${"+ ".repeat(5000)}\n`,
      `x = [${Array(5000).fill("-1").join(", ")}]\n`,
      Array(5000).fill("x = a + b\n").join(""),
      `x = (\n${Array(500).fill("    a +").join("\n")}\n    b)\n`,
    ];
    for (const text of quiet) expect(expressionDepth(text).depth).toBeLessThan(MAX_SAFE_DEPTH);
    expect(
      expressionDepth(`x = (\n${Array(500).fill("    a +").join("\n")}\n    b)\n`).depth,
    ).toBeGreaterThan(499);
  });

  it("points at where the deepest point is", () => {
    const text = `import os\n${longSum(1200)}`;
    const { offset } = expressionDepth(text);
    expect(offset).toBeGreaterThan(text.indexOf("x ="));
  });
});

describe("ruff pass on a file too deep for ruff", () => {
  it("skips ruff with one note, twice, then analyzes a vulnerable file normally", () => {
    const poison = longSum(2900);
    for (let i = 0; i < 2; i++) {
      const findings = ruffPass.run({ path: "/p/deep.py", text: poison }, { threatModel: "library" });
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: NOT_ANALYZED_RULE, severity: "note", source: "embedded" });
      expect(findings[0]!.message).toMatch(
        /^not analyzed by ruff's rules: expressions nested about \d+ levels/,
      );
    }
    const after = ruffPass.run({ path: "/p/v.py", text: VULNERABLE }, { threatModel: "library" });
    expect(after.map((f) => primaryReporter(f).ruleId)).toContain("S301");
  });

  it("keeps the taint findings of the deep file next to the note", async () => {
    await EmbeddedAnalyzer.ready();
    const text = `import sys\n\neval(sys.argv[1])\n${longSum(2900)}`;
    const findings = new EmbeddedAnalyzer({ threatModel: "local" }).analyzeText({
      path: "/p/deep2.py",
      text,
    });
    expect(findings.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining([NOT_ANALYZED_RULE, "py/code-injection"]),
    );
  });

  it("reports a ruff time-out as a note and analyzes the next file", () => {
    const host = ruffHost();
    const saved = host.checkTimeoutMs;
    ruffSecurityCheck("x = 1\n"); // the worker is up
    host.checkTimeoutMs = 1;
    try {
      const big = Array(200_000).fill("x = y + 1\n").join("");
      const result = ruffSecurityCheck(big);
      expect(result.notAnalyzed?.reason).toMatch(/ruff took longer than 1 ms/);
    } finally {
      host.checkTimeoutMs = saved;
    }
    expect(codes(ruffSecurityCheck(VULNERABLE).diagnostics)).toContain("S301");
  });
});

describe("RuffWorkerHost", () => {
  const host = new RuffWorkerHost({ settings: SETTINGS, checkTimeoutMs: 30_000, startupTimeoutMs: 60_000 });
  afterAll(() => host.dispose());

  it("survives wasm traps: the poisoned instance is replaced and the next file gets its findings", () => {
    // Deep enough to overflow ruff even with a worker's stack (the depth guard is bypassed here).
    const poison = longSum(20_000);
    for (let i = 0; i < 2; i++) expect(() => host.check(poison)).toThrow(RuffTrapError);
    expect(host.restarts).toBe(2);
    expect(codes(host.check(VULNERABLE))).toContain("S301");
    expect(codes(host.check(VULNERABLE))).toContain("S301");
  });

  it("terminates a check past its budget and serves the next one", () => {
    host.check("x = 1\n");
    const restarts = host.restarts;
    host.checkTimeoutMs = 1;
    expect(() => host.check(Array(200_000).fill("x = y + 1\n").join(""))).toThrow(RuffTimeoutError);
    host.checkTimeoutMs = 30_000;
    expect(host.restarts).toBe(restarts + 1);
    expect(codes(host.check(VULNERABLE))).toContain("S301");
  });
});

describe("RuffWorkerHost, asynchronous checks (the LSP server's path)", () => {
  const host = new RuffWorkerHost({ settings: SETTINGS, checkTimeoutMs: 30_000, startupTimeoutMs: 60_000 });
  afterAll(() => host.dispose());

  it("answers in order and leaves the calling thread free meanwhile", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const big = Array(50_000).fill("x = y + 1\n").join("");
    const [first, second] = await Promise.all([host.checkAsync(big), host.checkAsync(VULNERABLE)]);
    clearInterval(timer);
    expect(first).toEqual([]);
    expect(codes(second ?? [])).toContain("S301");
    // The event loop kept turning while ruff worked (a blocking check would leave this at 0).
    expect(ticks).toBeGreaterThan(0);
  });

  it("drops a check that went stale before it was sent", async () => {
    let stale = false;
    const running = host.checkAsync(Array(20_000).fill("x = y + 1\n").join(""));
    const dropped = host.checkAsync(VULNERABLE, {}, () => stale);
    stale = true;
    expect(await running).toEqual([]);
    expect(await dropped).toBeUndefined();
  });

  it("rejects a trapping check with RuffTrapError, re-sends the one queued behind it, and recovers", async () => {
    const restarts = host.restarts;
    const poisoned = host.checkAsync(longSum(20_000));
    const queued = host.checkAsync(VULNERABLE);
    await expect(poisoned).rejects.toBeInstanceOf(RuffTrapError);
    expect(codes((await queued) ?? [])).toContain("S301");
    expect(host.restarts).toBe(restarts + 1);
  });

  it("rejects past its budget with RuffTimeoutError and serves the next check", async () => {
    await host.checkAsync("x = 1\n");
    const restarts = host.restarts;
    host.checkTimeoutMs = 1;
    const slow = host.checkAsync(Array(200_000).fill("x = y + 1\n").join(""));
    await expect(slow).rejects.toBeInstanceOf(RuffTimeoutError);
    host.checkTimeoutMs = 30_000;
    expect(host.restarts).toBe(restarts + 1);
    expect(codes((await host.checkAsync(VULNERABLE)) ?? [])).toContain("S301");
  });

  it("estimates the depth in the worker and refuses a text too deep for ruff", async () => {
    const restarts = host.restarts;
    const error = await host.checkAsync(longSum(2900), { depthLimit: MAX_SAFE_DEPTH }).catch((e) => e);
    expect(error).toBeInstanceOf(RuffTooDeepError);
    expect((error as RuffTooDeepError).depth).toBeGreaterThan(MAX_SAFE_DEPTH);
    expect(host.restarts).toBe(restarts);
    expect(() => host.check(longSum(2900), { depthLimit: MAX_SAFE_DEPTH })).toThrow(RuffTooDeepError);
  });

  it("a synchronous check while an async one is running: both get their own results", async () => {
    const pending = host.checkAsync(VULNERABLE);
    expect(host.check("x = 1\n")).toEqual([]);
    expect(codes((await pending) ?? [])).toContain("S301");
  });

  it("ruffSecurityCheckAsync gives what ruffSecurityCheck gives, syntax errors and all", async () => {
    const broken = `${VULNERABLE}\ndef broken(:\n    pass\n`;
    for (const text of [VULNERABLE, broken, longSum(2900)]) {
      expect(await ruffSecurityCheckAsync(text)).toEqual(ruffSecurityCheck(text));
    }
  });
});
