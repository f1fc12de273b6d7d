import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseProgress, quietProgress } from "../../../server/src/bench/progress.js";
import { loadRunConfig, RunConfigError } from "../../../server/src/bench/run-config.js";

describe("run config files", () => {
  it("bench.example.yaml is a valid run config with every condition", async () => {
    const config = await loadRunConfig(join(import.meta.dirname, "..", "..", "..", "bench.example.yaml"));
    expect(config.generators.map((g) => g.name)).toEqual(["qwen2.5-coder-7b", "llama3.1-8b"]);
    expect(config.conditions).toHaveLength(9);
    expect(config.datasets[0]!.path.endsWith("/data/SecurityEval.jsonl")).toBe(true);
  });

  it("reads JSON too, and reports unparsable files with their name", async () => {
    const dir = await mkdtemp(join(tmpdir(), "seclsp-cfg-"));
    try {
      await writeFile(
        join(dir, "b.json"),
        JSON.stringify({ datasets: [{ path: "d.jsonl" }], generators: [{ model: "m" }] }),
      );
      const config = await loadRunConfig(join(dir, "b.json"));
      expect(config.datasets[0]!.path).toBe(join(dir, "d.jsonl"));
      await writeFile(join(dir, "bad.json"), "{");
      await expect(loadRunConfig(join(dir, "bad.json"))).rejects.toThrow(RunConfigError);
      await expect(loadRunConfig(join(dir, "bad.json"))).rejects.toThrow(/bad\.json: cannot parse/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("progress", () => {
  it("shows no bar when stderr is not a terminal or with --no-progress", () => {
    const notTty = { isTTY: false } as NodeJS.WriteStream;
    const tty = { isTTY: true } as NodeJS.WriteStream;
    expect(chooseProgress(true, notTty)).toBe(quietProgress);
    expect(chooseProgress(false, tty)).toBe(quietProgress);
    expect(chooseProgress(true, tty)).not.toBe(quietProgress);
  });
});
