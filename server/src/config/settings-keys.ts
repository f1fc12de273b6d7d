import { z } from "zod";
import { configSchema } from "./schema.js";

export interface NormalizedKeys {
  /** The input with kebab-case keys renamed to the schema's camelCase ones; unknown keys dropped. */
  value: Record<string, unknown>;
  /** Dotted paths of keys the schema does not know ("embedded.ignore-rulez"). */
  unknown: string[];
}

/**
 * Project files are written by hand in TOML, where kebab-case is the custom (`threat-model`):
 * accept camelCase, kebab-case and snake_case for every settings key, and name the keys seclsp does not know so a typo
 * is not silently ignored. Values of record keys (`severity`'s rule ids) are left as written.
 */
export function normalizeSettingsKeys(raw: Record<string, unknown>): NormalizedKeys {
  const unknown: string[] = [];
  const value = normalizeObject(raw, configSchema, "", unknown);
  return { value, unknown };
}

function normalizeObject(
  raw: Record<string, unknown>,
  schema: z.ZodObject,
  prefix: string,
  unknown: string[],
): Record<string, unknown> {
  const shape = schema.shape as Record<string, z.ZodType>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = Object.hasOwn(shape, key) ? key : spelledAs(key, shape);
    if (!Object.hasOwn(shape, name)) {
      unknown.push(`${prefix}${key}`);
      continue;
    }
    const field = unwrap(shape[name]!);
    out[name] =
      field instanceof z.ZodObject && isPlainObject(value)
        ? normalizeObject(value, field, `${prefix}${name}.`, unknown)
        : value;
  }
  return out;
}

/** Strip default/optional wrappers to reach the object (or leaf) schema. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current: unknown = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) current = current.unwrap();
  return current as z.ZodType;
}

/** The schema key `key` spells in kebab- or snake-case (`base-url` → `baseURL`), else `key`. */
function spelledAs(key: string, shape: Record<string, unknown>): string {
  if (!/[-_]/.test(key)) return key;
  const folded = key.replace(/[-_]/g, "").toLowerCase();
  return Object.keys(shape).find((name) => name.toLowerCase() === folded) ?? key;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `overlay` on top of `base`, key by key (objects merge, everything else replaces). */
export function deepMergeSettings(base: unknown, overlay: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overlay)) return overlay;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    merged[key] = Object.hasOwn(base, key) ? deepMergeSettings(base[key], value) : value;
  }
  return merged;
}
