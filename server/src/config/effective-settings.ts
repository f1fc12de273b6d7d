import { type ParsedConfig, parseConfig } from "./parse-config.js";
import { deepMergeSettings, isPlainObject } from "./settings-keys.js";

/** One source of settings: a project file, the editor, `--config`, or command-line flags. */
export interface SettingsLayer {
  /** Where it came from: a file path, "editor settings", "command line". */
  origin: string;
  settings: unknown;
}

export interface EffectiveSettings extends ParsedConfig {
  /** For each setting some layer set (dotted path), the origin of the value in effect. */
  origins: Record<string, string>;
}

/**
 * Layer settings, lowest precedence first: defaults < project file < editor settings (or
 * `--config`) < command-line flags. Objects merge key by key, so a project file setting
 * `codeql.mode` keeps the editor's `codeql.path`.
 */
export function effectiveSettings(layers: readonly SettingsLayer[]): EffectiveSettings {
  let merged: unknown = {};
  const origins: Record<string, string> = {};
  for (const layer of layers) {
    if (!isPlainObject(layer.settings)) continue;
    merged = deepMergeSettings(merged, layer.settings);
    for (const path of leafPaths(layer.settings, "")) origins[path] = layer.origin;
  }
  return { ...parseConfig(merged), origins };
}

function leafPaths(value: Record<string, unknown>, prefix: string): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    isPlainObject(child) && Object.keys(child).length > 0 && prefix !== "severity."
      ? leafPaths(child, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}
