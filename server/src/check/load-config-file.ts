import { readFile } from "node:fs/promises";
import { parseConfig } from "../config/parse-config.js";
import { DEFAULT_CONFIG, type SeclspConfig } from "../config/schema.js";

export interface LoadedConfig {
  config: SeclspConfig;
  /** Rejected keys (defaults kept) — warnings, like the LSP's. */
  problems: string[];
  /** The settings object as written, to be layered over project files. */
  raw: unknown;
}

/**
 * `--config file.json`: either the `seclsp` settings object itself or an object with a
 * `seclsp` key (so an editor's settings.json-style file works too). A missing or unparsable
 * file throws (a usage error); bad values only produce problems.
 */
export async function loadConfigFile(path: string | undefined): Promise<LoadedConfig> {
  if (path === undefined) return { config: DEFAULT_CONFIG, problems: [], raw: {} };
  const text = await readFile(path, "utf8");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const section = isObject(raw) && isObject(raw.seclsp) ? raw.seclsp : raw;
  return { ...parseConfig(section), raw: section };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
