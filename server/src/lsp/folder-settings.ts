import type { SeclspConfig } from "../config/schema.js";
import { workspaceProjectConfig } from "../config/workspace-project-config.js";
import { resolveSettings } from "./settings.js";
import { owningFolder } from "./workspace-folders.js";

/**
 * Settings of one workspace folder: its own project file (`.seclsp.toml`, `pyproject.toml
 * [tool.seclsp]` ...) under the editor's settings. In a multi-root workspace each document uses
 * the folder that contains it; files outside every folder use the first folder's.
 */
export interface FolderSettings {
  /** Absolute path; undefined when the client named no workspace folder. */
  folder: string | undefined;
  projectFile: string | undefined;
  config: SeclspConfig;
}

/** One entry per folder (in the client's order), each with its project file's problems folded into `problems`. */
export async function loadFolderSettings(
  folders: readonly string[],
  initializationOptions: unknown,
  clientSettings: unknown,
): Promise<{ scopes: FolderSettings[]; problems: string[] }> {
  const problems = new Set<string>();
  const scopes: FolderSettings[] = [];
  for (const folder of folders.length > 0 ? folders : [undefined]) {
    const project = await workspaceProjectConfig(folder);
    const resolved = resolveSettings(initializationOptions, clientSettings, project.settings);
    // Two folders under one project file report its problems once.
    for (const problem of [...project.problems, ...resolved.problems]) problems.add(problem);
    scopes.push({ folder, projectFile: project.projectFile, config: resolved.config });
  }
  return { scopes, problems: [...problems] };
}

/**
 * The settings for a file: those of the deepest folder containing it, else the first folder's. A
 * workspace folder itself gets its own (the scan asks for each folder's `exclude`).
 */
export function folderSettingsFor(
  path: string,
  scopes: readonly FolderSettings[],
): FolderSettings | undefined {
  const own = scopes.find((scope) => scope.folder === path);
  if (own) return own;
  const folders = scopes.flatMap((scope) => (scope.folder === undefined ? [] : [scope.folder]));
  const folder = owningFolder(path, folders);
  return scopes.find((scope) => scope.folder === folder) ?? scopes[0];
}
