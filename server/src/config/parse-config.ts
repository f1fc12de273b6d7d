import { configSchema, type SeclspConfig } from "./schema.js";

export interface ParsedConfig {
  config: SeclspConfig;
  /** One line per rejected key: "seclsp.debounceMs: expected number, received string (default kept)". */
  problems: string[];
}

/**
 * Validate user settings. A bad value never discards the good ones: each offending key is
 * dropped (so its default applies) and reported, then validation runs again.
 */
export function parseConfig(raw: unknown): ParsedConfig {
  const problems: string[] = [];
  let input: unknown = isObject(raw) ? structuredClone(raw) : {};
  if (raw !== undefined && raw !== null && !isObject(raw)) {
    problems.push(`seclsp: settings must be an object, got ${typeof raw} (defaults used)`);
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = configSchema.safeParse(input);
    if (result.success) return { config: result.data, problems };
    for (const issue of result.error.issues) {
      const path = issue.path.map(String);
      problems.push(`seclsp.${path.join(".")}: ${issue.message} (default kept)`);
      input = removeAt(input, path);
    }
  }
  return { config: configSchema.parse({}), problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function removeAt(root: unknown, path: string[]): unknown {
  if (path.length === 0 || !isObject(root)) return {};
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = { ...root };
  if (rest.length === 0 || !isObject(copy[head])) delete copy[head];
  else copy[head] = removeAt(copy[head], rest);
  return copy;
}
