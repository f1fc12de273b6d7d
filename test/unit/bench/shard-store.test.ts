import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmOnTty, estimateRun } from "../../../server/src/bench/estimate.js";
import type { ResultRow } from "../../../server/src/bench/result-row.js";
import { ResultsWriter, readResults } from "../../../server/src/bench/results-store.js";
import { parseRunConfig } from "../../../server/src/bench/run-config.js";
import { parseShard, resolveShard, shardOf } from "../../../server/src/bench/shard.js";

describe("shards", () => {
  it("parses i/n with a 0-based index and rejects bad specs", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    expect(() => parseShard("3/3")).toThrow(/out of range/);
    expect(() => parseShard("a/b")).toThrow(/i\/n/);
    expect(() => parseShard("0/0")).toThrow(/at least 1/);
  });

  it("reads a Kubernetes Indexed Job's environment; the flag wins", () => {
    expect(resolveShard(undefined, { JOB_COMPLETION_INDEX: "1", SECLSP_SHARD_COUNT: "4" })).toEqual({
      index: 1,
      count: 4,
    });
    expect(resolveShard("0/2", { JOB_COMPLETION_INDEX: "1", SECLSP_SHARD_COUNT: "4" })).toEqual({
      index: 0,
      count: 2,
    });
    expect(resolveShard(undefined, {})).toBeUndefined();
    expect(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: "1" })).toThrow(/SECLSP_SHARD_COUNT/);
  });

  it("partitions deterministically: every key in exactly one shard, fixed by sha256", () => {
    const keys = Array.from({ length: 300 }, (_, i) => `ds/CWE-${i}_task.py`);
    const counts = [0, 0, 0];
    for (const key of keys) counts[shardOf(key, 3)]!++;
    expect(counts.reduce((a, b) => a + b)).toBe(300);
    for (const c of counts) expect(c).toBeGreaterThan(60); // roughly balanced
    // sha256("x") starts with 2d711642 → 0x2d711642 % 7 = 5
    expect(shardOf("x", 7)).toBe(0x2d711642 % 7);
  });
});

function row(taskId: string, round: number, final: boolean): ResultRow {
  return {
    model: "m",
    condition: "iterative-repair",
    dataset: "d",
    taskId,
    targetCwe: "CWE-1",
    round,
    final,
    analyzer: "embedded",
    code: "",
    parsed: true,
    findings: [],
    tokens: { prompt: 0, completion: 0 },
    calls: 0,
    cacheHits: 0,
    latencyMs: 0,
  };
}

describe("results store", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "seclsp-store-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("appends whole lines and reads them back", async () => {
    const file = join(dir, "a.jsonl");
    const writer = await ResultsWriter.open(file);
    await Promise.all([
      writer.append([row("t1", 1, false), row("t1", 2, true)]),
      writer.append([row("t2", 0, true)]),
    ]);
    await writer.close();
    const text = await readFile(file, "utf8");
    expect(text.split("\n")).toHaveLength(4);
    const loaded = await readResults(file);
    expect(loaded.rows.map((r) => `${r.taskId}:${r.round}`)).toEqual(["t1:1", "t1:2", "t2:0"]);
    expect(loaded.tornTail).toBe(false);
  });

  it("drops a torn last line and the rows of a unit whose final row never arrived", async () => {
    const file = join(dir, "b.jsonl");
    const full = `${JSON.stringify(row("t3", 0, true))}\n${JSON.stringify(row("t4", 1, false))}\n`;
    const torn = JSON.stringify(row("t4", 2, true)).slice(0, 25);
    await writeFile(file, full + torn);
    const loaded = await readResults(file);
    expect(loaded.tornTail).toBe(true);
    expect(loaded.incompleteRows).toBe(1);
    expect(loaded.rows.map((r) => r.taskId)).toEqual(["t3"]);
  });

  it("reports unreadable lines in the middle and treats a missing file as empty", async () => {
    const file = join(dir, "c.jsonl");
    await writeFile(file, `${JSON.stringify(row("t5", 0, true))}\n`);
    await appendFile(file, "garbage\n");
    expect((await readResults(file)).badLines).toEqual([2]);
    expect((await readResults(join(dir, "missing.jsonl"))).rows).toEqual([]);
  });
});

describe("cost/time estimate", () => {
  it("counts upper-bound calls per condition and rounds", () => {
    const e = estimateRun({
      pending: [
        { condition: "vanilla", promptChars: 400 },
        { condition: "self-hints", promptChars: 400 },
        { condition: "iterative-repair", promptChars: 400 },
      ],
      doneUnits: 2,
      tasks: 1,
      models: 1,
      conditions: ["vanilla", "self-hints", "iterative-repair"],
      rounds: 3,
      secondsPerCall: 4,
      parallelCalls: 2,
    });
    // 1 + 2 + 2×3 = 9 calls; 9 × 400 / 4 = 900 tokens; 9 × 4 s / 2 = 18 s
    expect(e).toMatchObject({
      maxCalls: 9,
      approxPromptTokens: 900,
      approxSeconds: 18,
      pendingUnits: 3,
      doneUnits: 2,
    });
  });

  it("never prompts when stdin is not a terminal", async () => {
    const input = Object.assign(new PassThrough(), { isTTY: false });
    const output = new PassThrough();
    await expect(confirmOnTty("Start?", { input, output })).resolves.toBe(true);
    expect(output.read()).toBeNull();
  });

  it("asks on a terminal and accepts only yes", async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = new PassThrough();
    const answer = confirmOnTty("Start?", { input, output });
    input.write("n\n");
    await expect(answer).resolves.toBe(false);
  });
});

describe("run config", () => {
  it("validates and lists every problem with its path", () => {
    expect(() =>
      parseRunConfig({ datasets: [], generators: [{ model: "a" }, { model: "a" }], conditions: ["nope"] }),
    ).toThrow(/datasets: .*\n.*conditions\.0/s);
    expect(() =>
      parseRunConfig({ datasets: [{ path: "x" }], generators: [{ model: "a" }, { model: "a" }] }),
    ).toThrow(/generator name "a" is used twice/);
  });

  it("fills defaults and resolves dataset paths against the config's folder", () => {
    const config = parseRunConfig(
      { datasets: [{ path: "data/se.jsonl" }], generators: [{ model: "a" }], cwes: ["89"] },
      "/base",
    );
    expect(config.datasets[0]!.path).toBe("/base/data/se.jsonl");
    expect(config).toMatchObject({
      analyzers: ["embedded"],
      conditions: ["vanilla"],
      rounds: 3,
      cwes: ["CWE-89"],
    });
  });
});
