import { findProjectConfig, loadProjectConfig } from "./project-config.js";
import { isPlainObject } from "./settings-keys.js";

/** The project file layer for the language server's workspace folder. */
export interface WorkspaceProjectConfig {
  /** The file used, if any. */
  projectFile?: string;
  /** Its settings (bad values dropped: their defaults, or the editor's values, apply). */
  settings: Record<string, unknown>;
  /** Warnings and errors naming the file and key, shown to the user once. */
  problems: string[];
}

/**
 * The nearest `.seclsp.toml` / `seclsp.toml` / `pyproject.toml [tool.seclsp]` at or above the
 * workspace folder, as the lowest settings layer (editor settings override it key by key). A file
 * that cannot be used is reported and ignored: the server keeps running with defaults.
 */
export async function workspaceProjectConfig(folder: string | undefined): Promise<WorkspaceProjectConfig> {
  if (folder === undefined) return { settings: {}, problems: [] };
  const projectFile = await findProjectConfig(folder);
  if (projectFile === undefined) return { settings: {}, problems: [] };
  try {
    const loaded = await loadProjectConfig(projectFile);
    const settings = structuredClone(loaded.settings);
    // Drop keys with bad values so the layers above (or the defaults) apply to them.
    for (const error of loaded.errors) {
      const key = /^: ([^:]+): /.exec(error.slice(projectFile.length))?.[1];
      if (key !== undefined) deleteAt(settings, key.split("."));
    }
    return {
      projectFile,
      settings,
      problems: [...loaded.warnings, ...loaded.errors.map((e) => `${e} (ignored)`)],
    };
  } catch (error) {
    return {
      projectFile,
      settings: {},
      problems: [`${(error as Error).message} (file ignored, defaults kept)`],
    };
  }
}

function deleteAt(root: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    delete root[head];
    return;
  }
  const child = root[head];
  if (isPlainObject(child)) deleteAt(child, rest);
  else delete root[head];
}
