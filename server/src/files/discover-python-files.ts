import { type Dirent, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { DEFAULT_SKIP_DIRS, PYTHON_EXTENSIONS, VIRTUALENV_MARKER } from "./default-skip-dirs.js";
import { createExcludeMatcher } from "./exclude-globs.js";
import { GitignoreRules } from "./gitignore-rules.js";

export interface DiscoverOptions {
  /** Globs never analyzed (see exclude-globs.ts); matched relative to each root and to `cwd`. */
  exclude?: readonly string[];
  /** Honour `.gitignore` files (default true). */
  respectGitignore?: boolean;
  /** Base for relative roots and exclude globs (default process.cwd()). */
  cwd?: string;
  /** Called for every root or entry that could not be listed; discovery continues. */
  onProblem?: (problem: DiscoveryProblem) => void;
  /**
   * File system calls in this thread (`seclsp check`, whose thread exists to analyze: a thread-pool
   * round trip per stat and realpath costs it more than the syscalls); the server keeps the default.
   */
  blocking?: boolean;
}

/** The calls discovery makes, asynchronous or in this thread (errors reject either way). */
interface DiscoveryFs {
  stat(path: string): Promise<Stats>;
  readdir(path: string): Promise<Dirent[]>;
  realpath(path: string): Promise<string>;
}

const threadPoolFs: DiscoveryFs = {
  stat: (path) => stat(path),
  readdir: (path) => readdir(path, { withFileTypes: true }),
  realpath: (path) => realpath(path),
};

const blockingFs: DiscoveryFs = {
  stat: async (path) => statSync(path),
  readdir: async (path) => readdirSync(path, { withFileTypes: true }),
  // The native call: one realpath(3) instead of an lstat per path component.
  realpath: async (path) => realpathSync.native(path),
};

export interface DiscoveryProblem {
  /** Absolute path. */
  path: string;
  /** "not found", "permission denied (EACCES)", ... */
  reason: string;
  /** The path was given as a root (command-line argument) rather than found in a folder. */
  isRoot: boolean;
}

export interface DiscoveryResult {
  /** Absolute paths, deterministic order: roots in the given order, each walked depth-first by name. */
  files: string[];
  problems: DiscoveryProblem[];
}

/**
 * Find the Python files under `roots`. A root that is a file is always taken (whatever its name,
 * gitignore or excludes — it was asked for by name); folders are walked for *.py / *.pyw while
 * skipping DEFAULT_SKIP_DIRS, virtualenvs (a pyvenv.cfg inside), gitignored and excluded paths.
 * Symlinks are followed, but each real folder and real file is visited once (no loops, no
 * duplicates).
 */
export async function discoverPythonFiles(
  roots: readonly string[],
  options: DiscoverOptions = {},
): Promise<DiscoveryResult> {
  const files: string[] = [];
  const problems: DiscoveryProblem[] = [];
  const onProblem = (problem: DiscoveryProblem) => {
    problems.push(problem);
    options.onProblem?.(problem);
  };
  for await (const file of walkPythonFiles(roots, { ...options, onProblem })) files.push(file);
  return { files, problems };
}

/** Streaming form of discoverPythonFiles: yields files as folders are read (bounded memory). */
export async function* walkPythonFiles(
  roots: readonly string[],
  options: DiscoverOptions = {},
): AsyncGenerator<string> {
  const cwd = options.cwd ?? process.cwd();
  const fs = options.blocking ? blockingFs : threadPoolFs;
  const excluded = createExcludeMatcher(options.exclude ?? []);
  const gitignore = options.respectGitignore === false ? undefined : new GitignoreRules();
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const report = (path: string, error: unknown, isRoot: boolean) =>
    options.onProblem?.({ path, reason: describeFsError(error), isRoot });

  for (const rootArg of roots) {
    const root = resolve(cwd, rootArg);
    let info: Stats;
    try {
      info = await fs.stat(root);
    } catch (error) {
      report(root, error, true);
      continue;
    }
    if (!info.isDirectory()) {
      if (await firstVisit(fs, seenFiles, root)) yield root;
      continue;
    }
    // Depth-first with an explicit stack of sorted entries: deterministic, no recursion limit.
    const stack: string[] = [root];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      if (!(await firstVisit(fs, seenDirs, dir))) continue;
      let entries: Dirent[];
      try {
        entries = await fs.readdir(dir);
      } catch (error) {
        report(dir, error, dir === root);
        continue;
      }
      if (dir !== root && entries.some((e) => e.name === VIRTUALENV_MARKER && !e.isDirectory())) continue;
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: string[] = [];
      for (const entry of entries) {
        const path = join(dir, entry.name);
        const kind = await entryKind(fs, entry, path);
        if (kind === "dir") {
          if (DEFAULT_SKIP_DIRS.has(entry.name)) continue;
          if (excluded(path, [root, cwd]) || (await gitignore?.ignores(path, true, root))) continue;
          subdirs.push(path);
        } else if (kind === "file" && PYTHON_EXTENSIONS.includes(extname(entry.name))) {
          if (excluded(path, [root, cwd]) || (await gitignore?.ignores(path, false, root))) continue;
          if (await firstVisit(fs, seenFiles, path)) yield path;
        }
      }
      // Files of a folder come before its sub-folders; sub-folders in name order.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    }
  }
}

/** Resolve symlinks to what they point at; broken links and sockets are "other". */
async function entryKind(fs: DiscoveryFs, entry: Dirent, path: string): Promise<"dir" | "file" | "other"> {
  if (entry.isDirectory()) return "dir";
  if (entry.isFile()) return "file";
  if (!entry.isSymbolicLink()) return "other";
  try {
    const target = await fs.stat(path);
    return target.isDirectory() ? "dir" : target.isFile() ? "file" : "other";
  } catch {
    return "other";
  }
}

/** Records the real path; false when it was seen before (symlink loop or second route). */
async function firstVisit(fs: DiscoveryFs, seen: Set<string>, path: string): Promise<boolean> {
  let real: string;
  try {
    real = await fs.realpath(path);
  } catch {
    real = path;
  }
  if (seen.has(real)) return false;
  seen.add(real);
  return true;
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "not found";
    case "EACCES":
    case "EPERM":
      return `permission denied (${code})`;
    case "ENOTDIR":
      return "not a directory";
    case "EISDIR":
      return "is a directory";
    case "EINVAL":
      return "not a regular file";
    case "ELOOP":
      return "too many levels of symbolic links (ELOOP)";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
