import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRunConfig } from "../../../server/src/bench/run-config.js";

describe("bench.example.yaml", () => {
  it("is a valid run config with every condition", async () => {
    const config = await loadRunConfig(join(import.meta.dirname, "..", "..", "..", "bench.example.yaml"));
    expect(config.generators.map((g) => g.name)).toEqual(["qwen2.5-coder-7b", "llama3.1-8b"]);
    expect(config.conditions).toHaveLength(9);
    expect(config.datasets[0]!.path.endsWith("/data/SecurityEval.jsonl")).toBe(true);
  });
});
