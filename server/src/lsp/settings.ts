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
 * Effective settings: initializationOptions as the base, the client's `seclsp` section
 * (workspace/configuration or pushed settings) on top, key by key.
 */
export function resolveSettings(initializationOptions: unknown, clientSettings: unknown): ParsedConfig {
  const base = seclspSection(initializationOptions);
  const overlay = seclspSection(clientSettings);
  // null/undefined = "client has nothing for this section" (many editors answer null).
  if (overlay === undefined || overlay === null) return parseConfig(base ?? {});
  if (base === undefined || base === null) return parseConfig(overlay);
  return parseConfig(deepMerge(base, overlay));
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
