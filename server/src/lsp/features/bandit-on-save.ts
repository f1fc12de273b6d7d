import { createAnalyzer } from "../../analysis/create-analyzers.js";
import type { LspFeature } from "../feature.js";
import { createBackendOnSaveFeature } from "./backend-on-save.js";

/** Bandit diagnostics on save when `bandit` is found. */
export function createBanditOnSaveFeature(
  options: { env?: NodeJS.ProcessEnv; workDir?: string } = {},
): LspFeature {
  return createBackendOnSaveFeature({
    name: "bandit-on-save",
    source: "bandit",
    title: "Bandit",
    mode: (config) => config.bandit.mode,
    scope: () => "file",
    configKey: (config) => JSON.stringify(config.bandit),
    createAnalyzer: (config) => createAnalyzer("bandit", config, options),
  });
}

export const banditOnSaveFeature: LspFeature = createBanditOnSaveFeature();
