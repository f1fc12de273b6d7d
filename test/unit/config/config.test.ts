import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../server/src/config/parse-config.js";
import { DEFAULT_CONFIG, roleConfig } from "../../../server/src/config/schema.js";

describe("parseConfig", () => {
  it("keeps good keys and reports each bad one, with its default kept", () => {
    const { config, problems } = parseConfig({
      debounceMs: "x",
      threatModel: "remote",
      llm: { generator: { temperature: 9 } },
    });
    expect(config.threatModel).toBe("remote");
    expect(config.debounceMs).toBe(DEFAULT_CONFIG.debounceMs);
    expect(config.llm.generator.temperature).toBe(0);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^seclsp\.debounceMs: .*\(default kept\)$/);
    expect(problems[1]).toMatch(/^seclsp\.llm\.generator\.temperature: /);
  });

  it("rejects a non-object and uses defaults", () => {
    const { config, problems } = parseConfig("nope");
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems[0]).toMatch(/must be an object/);
  });

  it("rejects an API key pasted into apiKeyEnv (must be a variable name)", () => {
    const { config, problems } = parseConfig({ llm: { generator: { apiKeyEnv: "sk-abc123 secret" } } });
    expect(config.llm.generator.apiKeyEnv).toBe("OPENAI_API_KEY");
    expect(problems.join("\n")).toMatch(/environment variable name/);
    expect(problems.join("\n")).not.toMatch(/sk-abc123/);
  });
});

describe("roleConfig", () => {
  it("lets explainer and judge inherit every key they do not set from the generator", () => {
    const { config } = parseConfig({
      llm: {
        generator: {
          baseURL: "http://127.0.0.1:8000/v1",
          model: "gen",
          temperature: 0.2,
          apiKeyEnv: "GEN_KEY",
        },
        explainer: { model: "strong" },
      },
    });
    expect(roleConfig(config, "explainer")).toEqual({ ...config.llm.generator, model: "strong" });
    expect(roleConfig(config, "judge")).toEqual(config.llm.generator);
  });
});
