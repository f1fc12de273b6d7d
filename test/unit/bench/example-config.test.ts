import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseProgress, quietProgress } from "../../../server/src/bench/progress.js";
import {
  helperRole,
  loadRunConfig,
  parseRunConfig,
  RunConfigError,
} from "../../../server/src/bench/run-config.js";

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

describe("explainer and judge inherit from the first generator", () => {
  const base = {
    datasets: [{ path: "d.jsonl" }],
    generators: [
      {
        name: "first",
        baseURL: "http://10.0.0.5:8000/v1",
        model: "first-model",
        apiKeyEnv: "FIRST_KEY",
        temperature: 0.7,
        maxTokens: 4096,
        timeoutMs: 300_000,
      },
      { baseURL: "http://10.0.0.6:8000/v1", model: "second-model" },
    ],
  };

  it("keys the role does not set come from the first generator, not from the editor defaults", () => {
    const config = parseRunConfig({ ...base, explainer: { model: "gpt-4o" } });
    expect(config.explainer).toEqual({ model: "gpt-4o" });
    expect(helperRole(config, "explainer")).toEqual({
      baseURL: "http://10.0.0.5:8000/v1",
      model: "gpt-4o",
      apiKeyEnv: "FIRST_KEY",
      temperature: 0.7,
      maxTokens: 4096,
      timeoutMs: 300_000,
    });
    // No judge section at all: the first generator as is (without its table label).
    const { name: _name, ...first } = base.generators[0]!;
    expect(helperRole(config, "judge")).toEqual(first);
  });

  it("keys the role sets win, and they are still validated", () => {
    const config = parseRunConfig({
      ...base,
      judge: { baseURL: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY", temperature: 0 },
    });
    expect(helperRole(config, "judge")).toMatchObject({
      baseURL: "https://api.openai.com/v1",
      model: "first-model",
      apiKeyEnv: "OPENAI_API_KEY",
      temperature: 0,
      maxTokens: 4096,
    });
    expect(() => parseRunConfig({ ...base, explainer: { temperature: 5, apiKeyEnv: "not a name" } })).toThrow(
      /explainer\.temperature[\s\S]*explainer\.apiKeyEnv|explainer\.apiKeyEnv[\s\S]*explainer\.temperature/,
    );
  });

  it("bench.example.yaml: the explainer is its own endpoint with the first generator's other settings", async () => {
    const config = await loadRunConfig(join(import.meta.dirname, "..", "..", "..", "bench.example.yaml"));
    const { name: _name, ...first } = config.generators[0]!;
    expect(helperRole(config, "explainer")).toEqual({
      ...first,
      baseURL: "https://api.openai.com/v1",
      model: "gpt-4o-2024-05-13",
      apiKeyEnv: "OPENAI_API_KEY",
    });
  });
});
