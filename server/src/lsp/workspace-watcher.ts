import type { Stats } from "node:fs";
import { existsSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { DEFAULT_SKIP_DIRS, PYTHON_EXTENSIONS, VIRTUALENV_MARKER } from "../files/default-skip-dirs.js";
import { createExcludeMatcher } from "../files/exclude-globs.js";
import { owningFolder } from "./workspace-folders.js";

/** What changed on disk during one burst of events. */
export interface WatchBatch {
  /** Python files created or modified (absolute paths). */
  changed: string[];
  /** Python files or whole folders removed (absolute paths; a folder stands for everything below it). */
  deleted: string[];
}

export interface WorkspaceWatcherOptions {
  folders: readonly string[];
  /** `seclsp.exclude` globs: matching folders are not even watched. */
  exclude: readonly string[];
  /** A batch is handed over once no event came for this long (default 200 ms). */
  quietMs?: number;
  /** ...or at the latest this long after its first event, so a never-ending stream still flows (default 2 s). */
  maxWaitMs?: number;
  /** Batches are delivered one at a time: the next waits for this promise. */
  onBatch(batch: WatchBatch): void | Promise<void>;
  onError?(error: unknown): void;
}

/**
 * Watches workspace folders for Python files created, changed or deleted outside the editor
 * (git checkout, code generators) with chokidar, and coalesces bursts: a checkout touching 1,000
 * files becomes one or a few batches, with the last event per path winning. Skipped folders
 * (.git, .venv, node_modules, virtualenvs) and excluded globs are never descended into, which
 * also keeps the number of OS watches down. Symlinks are not followed (no loops); gitignore is
 * left to the consumer (it is async; see `inWorkspaceScope`).
 */
export class WorkspaceWatcher {
  private readonly pending = new Map<string, "changed" | "deleted">();
  private quietTimer: NodeJS.Timeout | undefined;
  private maxWaitTimer: NodeJS.Timeout | undefined;
  private delivering: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly watcher: FSWatcher,
    private readonly options: WorkspaceWatcherOptions,
  ) {
    watcher.on("add", (path) => this.record(path, "changed"));
    watcher.on("change", (path) => this.record(path, "changed"));
    watcher.on("unlink", (path) => this.record(path, "deleted"));
    watcher.on("unlinkDir", (path) => this.record(path, "deleted"));
    watcher.on("error", (error) => options.onError?.(error));
  }

  /** Resolves once the initial directory walk is done (events after that are reported). */
  static start(options: WorkspaceWatcherOptions): Promise<WorkspaceWatcher> {
    const watcher = watch([...options.folders], {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: ignoredPaths(options.folders, options.exclude),
    });
    const instance = new WorkspaceWatcher(watcher, options);
    return new Promise((resolve) => watcher.once("ready", () => resolve(instance)));
  }

  /** Stop watching; pending events are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxWaitTimer);
    this.pending.clear();
    await this.watcher.close();
  }

  private record(path: string, kind: "changed" | "deleted"): void {
    if (this.closed) return;
    if (kind === "changed" && !PYTHON_EXTENSIONS.includes(extname(path))) return;
    this.pending.set(path, kind);
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flush(), this.options.quietMs ?? 200);
    this.maxWaitTimer ??= setTimeout(() => this.flush(), this.options.maxWaitMs ?? 2000);
  }

  private flush(): void {
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxWaitTimer);
    this.quietTimer = undefined;
    this.maxWaitTimer = undefined;
    if (this.pending.size === 0 || this.closed) return;
    const batch: WatchBatch = { changed: [], deleted: [] };
    for (const [path, kind] of this.pending) batch[kind].push(path);
    this.pending.clear();
    this.delivering = this.delivering
      .then(() => (this.closed ? undefined : this.options.onBatch(batch)))
      .catch((error: unknown) => this.options.onError?.(error));
  }
}

/** chokidar's `ignored`: skipped and excluded folders, virtualenvs, and files that are not Python. */
function ignoredPaths(
  folders: readonly string[],
  exclude: readonly string[],
): (path: string, stats?: Stats) => boolean {
  const excluded = createExcludeMatcher(exclude);
  return (path, stats) => {
    if (folders.includes(path)) return false;
    if (stats?.isFile()) {
      if (!PYTHON_EXTENSIONS.includes(extname(path))) return true;
    } else if (DEFAULT_SKIP_DIRS.has(basename(path))) {
      return true;
    } else if (stats?.isDirectory() && existsSync(join(path, VIRTUALENV_MARKER))) {
      return true;
    }
    const root = owningFolder(path, folders);
    return root !== undefined && excluded(path, [root]);
  };
}
