import { CodeqlAnalyzer } from "../../analysis/codeql/codeql-analyzer.js";
import { CommandIds } from "../command-ids.js";
import type { LspFeature } from "../feature.js";
import { createBackendOnSaveFeature } from "./backend-on-save.js";

/** CodeQL diagnostics on save (and `seclsp.runCodeql`) when the CLI is found. */
export function createCodeqlOnSaveFeature(
  options: { env?: NodeJS.ProcessEnv; workDir?: string } = {},
): LspFeature {
  return createBackendOnSaveFeature({
    name: "codeql-on-save",
    source: "codeql",
    title: "CodeQL",
    mode: (config) => config.codeql.mode,
    scope: (config) => config.codeql.scope,
    configKey: (config) => JSON.stringify(config.codeql),
    createAnalyzer: (config) => new CodeqlAnalyzer(config.codeql, options),
    runCommand: CommandIds.runCodeql,
  });
}

export const codeqlOnSaveFeature: LspFeature = createCodeqlOnSaveFeature();
