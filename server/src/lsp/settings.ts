import { type ParsedConfig, parseConfig } from "../config/parse-config.js";

/**
 * Clients send either the `seclsp` object itself or a whole settings tree `{seclsp: {...}}`
 * (initializationOptions, pushed didChangeConfiguration settings). Accept both.
 */
export function seclspSection(raw: unknown): unknown {
  if (isPlainObject(raw) && isPlainObject(raw.seclsp)) return raw.seclsp;
  return raw ?? undefined;
}

/**
 * Effective settings: the workspace's project file (pyproject.toml [tool.seclsp], .seclsp.toml)
 * at the bottom, initializationOptions over it, the client's `seclsp` section (workspace/
 * configuration or pushed settings) on top, key by key.
 */
export function resolveSettings(
  initializationOptions: unknown,
  clientSettings: unknown,
  projectSettings: unknown = {},
): ParsedConfig {
  const base = seclspSection(initializationOptions);
  const overlay = seclspSection(clientSettings);
  // null/undefined = "client has nothing for this section" (many editors answer null).
  const editor =
    overlay === undefined || overlay === null
      ? (base ?? {})
      : base === undefined || base === null
        ? overlay
        : deepMerge(base, overlay);
  return parseConfig(deepMerge(projectSettings, editor));
}

function deepMerge(base: unknown, overlay: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overlay)) return overlay;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    merged[key] = key in base ? deepMerge(base[key], value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
