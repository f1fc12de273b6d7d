import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import { parseConfig } from "./parse-config.js";
import { isPlainObject, normalizeSettingsKeys } from "./settings-keys.js";

/** Looked for in each folder, in this order (like ruff: a dedicated file wins over pyproject.toml). */
export const PROJECT_CONFIG_NAMES = [".seclsp.toml", "seclsp.toml", "pyproject.toml"] as const;

/** A project file's settings, ready to be layered under the editor's or the CLI's. */
export interface ProjectConfig {
  /** Absolute path of the file the settings came from. */
  path: string;
  /** camelCase settings (unknown keys dropped); relative `baseline` resolved against the file's folder. */
  settings: Record<string, unknown>;
  /** "unknown key(s) ... ignored" — warnings, the file is still used. */
  warnings: string[];
  /** Values that fail validation ("<file>: threatModel: ...") — the CLI exits 2, the server keeps defaults for them. */
  errors: string[];
}

/** The file cannot be used at all (not readable, not TOML, `[tool.seclsp]` not a table). */
export class ProjectConfigError extends Error {}

/**
 * The nearest project config at or above `start` (a folder): `.seclsp.toml`, `seclsp.toml`, or a
 * `pyproject.toml` that has a `[tool.seclsp]` table (one without it is skipped, like ruff does).
 * Undefined when none is found up to the filesystem root.
 */
export async function findProjectConfig(start: string): Promise<string | undefined> {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const found = await projectConfigIn(dir);
    if (found !== undefined) return found;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The project config file of this very folder (not its parents), if it has one. */
export async function projectConfigIn(dir: string): Promise<string | undefined> {
  for (const name of PROJECT_CONFIG_NAMES) {
    const path = join(dir, name);
    const text = await readIfExists(path);
    if (text === undefined) continue;
    if (name !== "pyproject.toml" || /^\s*\[\s*tool\s*\.\s*seclsp\s*[\].]/m.test(text)) return path;
  }
  return undefined;
}

/** Read and validate a project config file (see `ProjectConfig` for how problems are reported). */
export async function loadProjectConfig(path: string): Promise<ProjectConfig> {
  let text: string;
  try {
    text = await readConfigText(path);
  } catch (error) {
    throw new ProjectConfigError(`${path}: cannot read (${(error as Error).message})`);
  }
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : "";
    const reason = (error as Error).message.split("\n")[0];
    throw new ProjectConfigError(`${path}: not valid TOML${where}: ${reason}`);
  }
  let table: unknown = document;
  if (path.endsWith("pyproject.toml")) {
    const tool = document.tool;
    table = isPlainObject(tool) ? tool.seclsp : undefined;
    if (!isPlainObject(table)) throw new ProjectConfigError(`${path}: [tool.seclsp] must be a table`);
  }
  const { value, unknown } = normalizeSettingsKeys(table as Record<string, unknown>);
  const section = path.endsWith("pyproject.toml") ? "[tool.seclsp] " : "";
  const warnings =
    unknown.length === 0
      ? []
      : [`${path}: unknown ${section}key${unknown.length === 1 ? "" : "s"} ignored: ${unknown.join(", ")}`];
  const refused = removeEditorOnlyKeys(value);
  if (refused.length > 0) {
    warnings.push(
      `${path}: ${refused.join(", ")} cannot be set in a project file (the repository may not be yours); set ${refused.length === 1 ? "it" : "them"} in the editor or with --config`,
    );
  }
  if (typeof value.baseline === "string" && !isAbsolute(value.baseline)) {
    value.baseline = resolve(dirname(path), value.baseline);
  }
  const errors = parseConfig(value).problems.map(
    (problem) => `${path}: ${problem.replace(/^seclsp\./, "").replace(/ \(default kept\)$/, "")}`,
  );
  return { path, settings: value, warnings, errors };
}

/**
 * Keys a cloned repository must not control: they choose programs seclsp runs (`codeql.path`,
 * `bandit.path`), where code and API keys are sent (`llm.allowRemote`, a role's `baseURL` and
 * `apiKeyEnv`, `llm.caFile` which decides whom TLS trusts) or where seclsp writes (`cacheDir`s). Removed in place; returns their dotted names.
 */
function removeEditorOnlyKeys(settings: Record<string, unknown>): string[] {
  const refused: string[] = [];
  const drop = (parent: unknown, key: string, name: string) => {
    if (isPlainObject(parent) && Object.hasOwn(parent, key)) {
      delete parent[key];
      refused.push(name);
    }
  };
  drop(settings.codeql, "path", "codeql.path");
  drop(settings.codeql, "cacheDir", "codeql.cacheDir");
  drop(settings.bandit, "path", "bandit.path");
  const llm = settings.llm;
  drop(llm, "allowRemote", "llm.allowRemote");
  drop(llm, "cacheDir", "llm.cacheDir");
  // A CA chosen by the repository could let a look-alike endpoint or proxy read the user's code.
  drop(llm, "caFile", "llm.caFile");
  for (const role of ["generator", "explainer", "judge"]) {
    const config = isPlainObject(llm) ? llm[role] : undefined;
    drop(config, "baseURL", `llm.${role}.baseURL`);
    drop(config, "apiKeyEnv", `llm.${role}.apiKeyEnv`);
  }
  return refused;
}

/** Project files are small; a bigger one is refused rather than read (a repository is not trusted). */
const MAX_CONFIG_BYTES = 1_000_000;

/**
 * A regular file's text. O_NONBLOCK plus the fstat check: a FIFO or device named
 * `pyproject.toml` in a cloned repository must not hang the server or the CLI.
 */
async function readConfigText(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error("not a regular file");
    if (info.size > MAX_CONFIG_BYTES) throw new Error(`${info.size} bytes, more than ${MAX_CONFIG_BYTES}`);
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readConfigText(path);
  } catch {
    // Missing, a folder, a FIFO, unreadable: not a config file here.
    return undefined;
  }
}
