import { dirname, relative, resolve } from "node:path";
import type { ThreatModel } from "../analysis/analyzer.js";
import {
  type EffectiveSettings,
  effectiveSettings,
  type SettingsLayer,
} from "../config/effective-settings.js";
import { loadProjectConfig, ProjectConfigError, projectConfigIn } from "../config/project-config.js";
import { createExcludeMatcher } from "../files/exclude-globs.js";

/** The settings one file is checked with, and where they came from. */
export interface FileSettings extends EffectiveSettings {
  /** The project file in effect (nearest ancestor), if any. */
  projectFile?: string;
  /** Whether the project file's `exclude` globs skip this file. */
  excluded: boolean;
}

/** Command-line values that override every file (the top layer). */
export interface CheckFlagSettings {
  threatModel?: ThreatModel;
  maxFileBytes?: number;
}

/**
 * Settings per scanned file, like ruff: the nearest `.seclsp.toml` / `seclsp.toml` /
 * `pyproject.toml [tool.seclsp]` above the file, under `--config` and the flags. Lookups are
 * cached per folder and per project file. A project file that cannot be used is reported once
 * (`onProblem`) and the files under it are not checked (`undefined`).
 */
export class CheckSettings {
  private readonly byDir = new Map<string, Promise<string | undefined>>();
  private readonly byProject = new Map<string, Promise<ProjectLayer | Error>>();

  constructor(
    private readonly upper: SettingsLayer[],
    private readonly onProblem: (message: string, fatal: boolean) => void,
  ) {}

  /** Settings for the file at absolute `path` (or a folder: its own settings). */
  async forFile(path: string, isFolder = false): Promise<FileSettings | undefined> {
    const dir = isFolder ? path : dirname(path);
    const projectFile = await this.projectFileOf(resolve(dir));
    if (projectFile === undefined) return { ...effectiveSettings(this.upper), excluded: false };
    const project = await this.projectOf(projectFile);
    if (project instanceof Error) return undefined;
    const excluded = !isFolder && project.excludes(path);
    return { ...project.settings, projectFile, excluded };
  }

  /** Like `findProjectConfig`, but each folder is looked at once per run (siblings share parents). */
  private projectFileOf(dir: string): Promise<string | undefined> {
    let found = this.byDir.get(dir);
    if (!found) {
      const parent = dirname(dir);
      found = projectConfigIn(dir).then((own) =>
        own !== undefined || parent === dir ? own : this.projectFileOf(parent),
      );
      this.byDir.set(dir, found);
    }
    return found;
  }

  private projectOf(file: string): Promise<ProjectLayer | Error> {
    let project = this.byProject.get(file);
    if (!project) {
      project = this.loadProject(file);
      this.byProject.set(file, project);
    }
    return project;
  }

  private async loadProject(file: string): Promise<ProjectLayer | Error> {
    try {
      const loaded = await loadProjectConfig(file);
      for (const warning of loaded.warnings) this.onProblem(`warning: ${warning}`, false);
      if (loaded.errors.length > 0) {
        for (const error of loaded.errors) this.onProblem(error, true);
        return new ProjectConfigError(loaded.errors.join("\n"));
      }
      const settings = effectiveSettings([{ origin: file, settings: loaded.settings }, ...this.upper]);
      const root = dirname(file);
      // Globs from the project file are relative to its folder, and apply to files named on the
      // command line too (pre-commit passes every staged file by name).
      const match = createExcludeMatcher(
        Array.isArray(loaded.settings.exclude) ? loaded.settings.exclude : [],
      );
      const excludes = (path: string) => {
        for (
          let at = path;
          at !== root && relative(root, at) !== "" && !relative(root, at).startsWith("..");
          at = dirname(at)
        ) {
          if (match(at, [root])) return true;
        }
        return false;
      };
      return { settings, excludes };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.onProblem(message, true);
      return new ProjectConfigError(message);
    }
  }
}

interface ProjectLayer {
  settings: EffectiveSettings;
  excludes(path: string): boolean;
}

/** The CLI's upper layers: `--config` (below) and flags (above). */
export function upperLayers(
  configFile: { path: string; settings: unknown } | undefined,
  flags: CheckFlagSettings,
): SettingsLayer[] {
  const layers: SettingsLayer[] = [];
  if (configFile) layers.push({ origin: resolve(configFile.path), settings: configFile.settings });
  const fromFlags: Record<string, unknown> = {};
  if (flags.threatModel !== undefined) fromFlags.threatModel = flags.threatModel;
  if (flags.maxFileBytes !== undefined) fromFlags.maxFileBytes = flags.maxFileBytes;
  if (Object.keys(fromFlags).length > 0) layers.push({ origin: "command line", settings: fromFlags });
  return layers;
}
