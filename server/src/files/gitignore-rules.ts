import { access, readFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";

/**
 * `.gitignore` files of a tree, loaded lazily and cached per directory. A path is judged by the
 * deepest `.gitignore` that has an opinion on it (ignore or `!` re-include), like git. Files
 * from the repository top (the folder holding `.git`) down to the path all count, so checking
 * a sub-folder of a repository honours the repository's root `.gitignore`.
 */
export class GitignoreRules {
  private readonly perDir = new Map<string, Promise<Ignore | undefined>>();
  private readonly tops = new Map<string, Promise<string>>();

  /** True when git would ignore `absPath` (a directory when `isDir`). */
  async ignores(absPath: string, isDir: boolean, walkRoot: string): Promise<boolean> {
    const top = await this.topFor(walkRoot);
    let dir = dirname(absPath);
    for (;;) {
      const rules = await this.rulesIn(dir);
      if (rules) {
        const rel = toPosix(relative(dir, absPath)) + (isDir ? "/" : "");
        const verdict = rules.test(rel);
        if (verdict.ignored) return true;
        if (verdict.unignored) return false;
      }
      if (dir === top || !isInside(dir, top)) return false;
      const parent = dirname(dir);
      if (parent === dir) return false;
      dir = parent;
    }
  }

  private rulesIn(dir: string): Promise<Ignore | undefined> {
    let rules = this.perDir.get(dir);
    if (!rules) {
      rules = readFile(join(dir, ".gitignore"), "utf8").then(
        (text) => ignore().add(text),
        () => undefined, // no .gitignore here (or unreadable): no opinion
      );
      this.perDir.set(dir, rules);
    }
    return rules;
  }

  /** The enclosing repository's top folder, or the walk root itself outside a repository. */
  private topFor(walkRoot: string): Promise<string> {
    let top = this.tops.get(walkRoot);
    if (!top) {
      top = findRepositoryTop(walkRoot).then((found) => found ?? walkRoot);
      this.tops.set(walkRoot, top);
    }
    return top;
  }
}

async function findRepositoryTop(start: string): Promise<string | undefined> {
  let dir = start;
  for (;;) {
    try {
      await access(join(dir, ".git"));
      return dir;
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && rel !== "..");
}

export function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
