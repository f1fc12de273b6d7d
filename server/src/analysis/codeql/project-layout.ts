import { access } from "node:fs/promises";
import path from "node:path";
import { walkPythonFiles } from "../../files/discover-python-files.js";
import { readSourceFile } from "../../files/read-source-file.js";
import type { RootEntry } from "../external/source-root.js";

/** What CodeQL's source root holds for one workspace folder, and why it is that much. */
export interface ProjectLayout {
  /** The workspace folder (absolute); `RootEntry.rel` is relative to it. */
  folder: string;
  /** The directory actually analyzed: the folder, or the saved file's package when narrowed. */
  scopeRoot: string;
  /** `original` is the absolute path of the workspace file. */
  entries: RootEntry[];
  /** The folder had more than `maxFiles` Python files, so only `scopeRoot` is analyzed. */
  narrowed: boolean;
  /** Entries left out because even the package was over `maxFiles`. */
  truncated: number;
}

export interface ProjectLayoutOptions {
  exclude: readonly string[];
  maxFiles: number;
  maxFileBytes: number;
  /** The file whose save triggered the run: decides the package when the folder is too big. */
  savedFile?: string;
  /** Unsaved editor buffers by absolute path: their text replaces the file on disk. */
  buffers?: ReadonlyMap<string, string>;
  onProblem?: (message: string) => void;
  /** Honour .gitignore files (default true). */
  respectGitignore?: boolean;
}

/**
 * Lay out a workspace folder for CodeQL: every Python file discovery finds (default skips,
 * `exclude`, .gitignore), with open buffers' text instead of the disk's, at its path relative to
 * the folder so packages and imports resolve as in the project. A folder with more than
 * `maxFiles` files is narrowed to the saved file's top-level package (CodeQL's time grows with
 * the code it extracts; a save must stay affordable).
 */
export async function layoutProject(folder: string, options: ProjectLayoutOptions): Promise<ProjectLayout> {
  const root = path.resolve(folder);
  let scopeRoot = root;
  let files = await listFiles(root, root, options, options.maxFiles + 1);
  let narrowed = false;
  if (
    files.length > options.maxFiles &&
    options.savedFile !== undefined &&
    isInside(options.savedFile, root)
  ) {
    scopeRoot = await packageRoot(path.resolve(options.savedFile), root);
    if (scopeRoot !== root) {
      narrowed = true;
      files = await listFiles(scopeRoot, root, options, options.maxFiles + 1);
    }
  }
  let truncated = 0;
  if (files.length > options.maxFiles) {
    // Still too many: keep the saved file and the first files in walk order; say how many were left out.
    const saved = options.savedFile !== undefined ? path.resolve(options.savedFile) : undefined;
    const kept = files.slice(0, options.maxFiles);
    if (saved !== undefined && files.includes(saved) && !kept.includes(saved)) kept[kept.length - 1] = saved;
    truncated = files.length - kept.length;
    narrowed = true;
    files = kept;
  }
  const entries: RootEntry[] = [];
  const used = new Set<string>();
  for (const file of files) {
    const text = options.buffers?.get(file) ?? (await readText(file, options));
    if (text === undefined) continue;
    let rel = path.relative(root, file).split(path.sep).join("/");
    // CodeQL's extractor only takes .py files (a .pyw is analyzed under a .py name).
    if (!rel.endsWith(".py")) rel += ".py";
    if (used.has(rel)) continue;
    used.add(rel);
    entries.push({ rel, text, original: file });
  }
  return { folder: root, scopeRoot, entries, narrowed, truncated };
}

async function listFiles(
  dir: string,
  folder: string,
  options: ProjectLayoutOptions,
  limit: number,
): Promise<string[]> {
  const files: string[] = [];
  const walk = walkPythonFiles([dir], {
    exclude: options.exclude,
    cwd: folder,
    ...(options.respectGitignore !== undefined ? { respectGitignore: options.respectGitignore } : {}),
    onProblem: (problem) => options.onProblem?.(`${problem.path}: ${problem.reason}`),
  });
  for await (const file of walk) {
    files.push(file);
    // The count decides only "over the limit or not": stop walking a huge tree early.
    if (files.length >= limit) break;
  }
  return files;
}

async function readText(file: string, options: ProjectLayoutOptions): Promise<string | undefined> {
  try {
    const source = await readSourceFile(file, { maxFileBytes: options.maxFileBytes });
    if (source.skipped) {
      options.onProblem?.(`${file}: not analyzed by CodeQL (${source.skipped})`);
      return undefined;
    }
    return source.text;
  } catch (error) {
    // Deleted between discovery and reading, or unreadable: CodeQL simply does not see it.
    options.onProblem?.(`${file}: ${String(error)}`);
    return undefined;
  }
}

/**
 * The top-level package holding `file`: climb while the directory has an `__init__.py`. A file
 * outside any package is analyzed with its own directory.
 */
export async function packageRoot(file: string, folder: string): Promise<string> {
  let dir = path.dirname(file);
  if (!(await exists(path.join(dir, "__init__.py")))) return dir;
  while (dir !== folder && isInside(path.dirname(dir), folder)) {
    const parent = path.dirname(dir);
    if (!(await exists(path.join(parent, "__init__.py")))) break;
    dir = parent;
  }
  return dir;
}

/** `child` is `parent` or lies below it. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
