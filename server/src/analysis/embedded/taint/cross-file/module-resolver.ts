import { lstatSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { STDLIB_MODULES } from "./stdlib-modules.js";

/** Files that mark the top of a project when no workspace root is given. */
const PROJECT_MARKERS = [".seclsp.toml", "pyproject.toml", "setup.py", "setup.cfg", ".git"];

export const DEFAULT_MAX_MODULE_BYTES = 2_000_000;

export interface ResolverOptions {
  /**
   * Workspace folders / project roots. Imports of a file outside all of them are not resolved:
   * snippets in shared folders (/tmp) must never pick up modules someone else planted there.
   */
  roots?: readonly string[];
  /** Larger modules are not summarized (the `maxFileBytes` setting). */
  maxFileBytes?: number;
}

/** `from ..pkg.mod import f` → module "pkg.mod", level 2; `import a.b` → module "a.b", level 0. */
export interface ModuleRef {
  module: string;
  level: number;
}

/**
 * Finds the workspace file of an imported module: `pkg/mod.py` or `pkg/mod/__init__.py`, looked
 * up from the importing file's folder and its ancestors up to the root (script folders and `src`
 * layouts), relative imports from the file's own package. Never outside the root: candidates are
 * compared by real path, so a symlink out of the workspace is refused. Oversized files and
 * anything that is not a regular file are refused too. Absolute imports of standard-library
 * names are not workspace modules (stdlib-modules.ts).
 */
export class ModuleResolver {
  private readonly roots: string[];
  private readonly maxBytes: number;

  constructor(options: ResolverOptions = {}) {
    this.roots = (options.roots ?? []).map(realOrSelf);
    this.maxBytes = options.maxFileBytes ?? DEFAULT_MAX_MODULE_BYTES;
  }

  /** The root that bounds the lookups of `file` (real path), or undefined for a file nowhere. */
  rootOf(file: string): string | undefined {
    const real = realOrUndefined(dirname(file));
    if (!real) return undefined;
    // The innermost root containing the file.
    return this.roots.filter((r) => inside(r, real)).sort((a, b) => b.length - a.length)[0];
  }

  /** Resolutions by (folder, level, module); dropped by `forgetResolutions` and when full. */
  private readonly resolutions = new Map<string, string | undefined>();

  /** Files may have appeared or gone (an edit, a watched change): resolve afresh. */
  forgetResolutions(): void {
    this.resolutions.clear();
  }

  /** The real path of the module's file, or undefined (missing, outside the root, too big). */
  resolve(fromFile: string, ref: ModuleRef): string | undefined {
    const key = `${dirname(fromFile)}\0${ref.level}\0${ref.module}`;
    if (this.resolutions.has(key)) return this.resolutions.get(key);
    const found = this.resolveUncached(fromFile, ref);
    if (this.resolutions.size >= 8_192) this.resolutions.clear();
    this.resolutions.set(key, found);
    return found;
  }

  private resolveUncached(fromFile: string, ref: ModuleRef): string | undefined {
    // The checks that need no file system first: most imports name the standard library.
    const parts = ref.module === "" ? [] : ref.module.split(".");
    if (parts.some((p) => !/^[A-Za-z_][\w]*$/.test(p))) return undefined;
    if (ref.level === 0 && parts[0] !== undefined && STDLIB_MODULES.has(parts[0])) return undefined;
    const root = this.rootOf(fromFile);
    const fromDir = realOrUndefined(dirname(fromFile));
    if (!root || !fromDir) return undefined;
    const bases: string[] = [];
    if (ref.level > 0) {
      let base = fromDir;
      for (let i = 1; i < ref.level; i++) base = dirname(base);
      bases.push(base);
    } else {
      for (let dir = fromDir; inside(root, dir); dir = dirname(dir)) {
        bases.push(dir);
        if (dir === root || dirname(dir) === dir) break;
      }
    }
    for (const base of bases) {
      if (!inside(root, base)) continue;
      const stem = join(base, ...parts);
      const candidates =
        parts.length === 0 ? [join(stem, "__init__.py")] : [`${stem}.py`, join(stem, "__init__.py")];
      for (const candidate of candidates) {
        const found = this.accept(root, candidate);
        if (found) return found;
      }
    }
    return undefined;
  }

  private accept(root: string, candidate: string): string | undefined {
    try {
      const real = realpathSync(candidate);
      if (!inside(root, real)) return undefined;
      const stat = statSync(real);
      if (!stat.isFile() || stat.size > this.maxBytes) return undefined;
      return real;
    } catch {
      return undefined;
    }
  }
}

/** The projects of scanned paths (files or folders): `seclsp check`'s cross-file roots. */
export function projectRootsOf(scanned: readonly string[]): string[] {
  const roots = new Set<string>();
  // Files of one folder share its project: each folder is looked up once (a run lists every file).
  const byFolder = new Map<string, string>();
  for (const path of scanned) {
    let dir = dirname(path);
    try {
      if (statSync(path).isDirectory()) dir = path;
    } catch {
      // a path that does not exist (stdin's name): its folder
    }
    let root = byFolder.get(dir);
    if (root === undefined) {
      root = projectRootOf(dir);
      byFolder.set(dir, root);
    }
    roots.add(root);
  }
  return [...roots];
}

/**
 * The project a scanned folder belongs to: the nearest ancestor holding a project marker; without
 * one, the folder above the folder's packages (the CLI's roots for cross-file summaries).
 */
export function projectRootOf(folder: string): string {
  const dir = realOrSelf(folder);
  for (let at = dir; ; at = dirname(at)) {
    if (PROJECT_MARKERS.some((m) => exists(join(at, m)))) return at;
    if (dirname(at) === at) break;
  }
  let top = dir;
  while (exists(join(top, "__init__.py")) && dirname(top) !== top) top = dirname(top);
  return top;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return (
    rel === "" ||
    (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel))
  );
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function realOrSelf(path: string): string {
  return realOrUndefined(path) ?? path;
}
