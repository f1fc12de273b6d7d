import { parse as parseToml } from "smol-toml";
import { parseConfig } from "./parse-config.js";
import { isPlainObject, normalizeSettingsKeys } from "./settings-keys.js";

/** A sanitizer model to add to a project file (`models.sanitizers`). */
export interface SanitizerEntry {
  function: string;
  rules: string[];
}

/** Text to append to a project file, or why it cannot be added there. */
export type ModelAppend = { ok: true; text: string } | { ok: false; reason: string };

/**
 * The TOML to append to `path` (current content `current`, undefined for a new file) so that it
 * declares `entry`: an `[[models.sanitizers]]` table (`[[tool.seclsp.models.sanitizers]]` in a
 * pyproject.toml). Nothing existing is rewritten. The result is parsed and validated first: a
 * file where the table cannot be appended (an inline `sanitizers = [...]`, invalid TOML) is
 * refused rather than broken.
 */
export function appendSanitizerModel(
  path: string,
  current: string | undefined,
  entry: SanitizerEntry,
): ModelAppend {
  const pyproject = path.endsWith("pyproject.toml");
  const header = pyproject ? "[[tool.seclsp.models.sanitizers]]" : "[[models.sanitizers]]";
  const lines = [
    header,
    `function = ${JSON.stringify(entry.function)}`,
    `rules = [${entry.rules.map((rule) => JSON.stringify(rule)).join(", ")}]`,
  ];
  const before = current ?? "";
  const separator = before === "" ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const text = `${separator}${lines.join("\n")}\n`;
  const problem = validate(before + text, pyproject, entry);
  return problem ? { ok: false, reason: problem } : { ok: true, text };
}

function validate(text: string, pyproject: boolean, entry: SanitizerEntry): string | undefined {
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    return `the file would not be valid TOML (${(error as Error).message.split("\n")[0]})`;
  }
  const tool = document.tool;
  const table = pyproject ? (isPlainObject(tool) ? tool.seclsp : undefined) : document;
  if (!isPlainObject(table)) return "no settings table after the edit";
  const { config } = parseConfig(normalizeSettingsKeys(table).value);
  const added = config.models.sanitizers.some(
    (s) => s.function === entry.function && entry.rules.every((rule) => s.rules?.includes(rule)),
  );
  return added ? undefined : "the appended model would not be read back (see the file's models section)";
}
