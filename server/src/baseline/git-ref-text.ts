import { execFile } from "node:child_process";
import { realpath } from "node:fs/promises";
import { dirname, relative, sep } from "node:path";
import { diffLines } from "diff";

/** Run git with an argument array (never a shell); resolves stdout, rejects on a non-zero exit. */
function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["--no-pager", ...args],
      { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

/**
 * The text of files at a git ref, for the editor's `onlyNew: "git"`: the open buffer (saved or
 * not) is compared with it, so lines typed since the ref count as changed before any save.
 * Loads are asynchronous; `get` answers from the cache and calls `onLoaded` when a load ends.
 */
export class GitRefTexts {
  /** string: the file at the ref; null: not in the ref (all new) or not in a repository; Promise: loading. */
  private readonly cache = new Map<string, string | null | Promise<void>>();

  constructor(
    private readonly ref: string,
    private readonly onLoaded: (path: string) => void,
    private readonly onProblem: (message: string) => void,
  ) {}

  /**
   * Read the file at the ref again (the ref may have moved: a commit, a checkout). The old text
   * keeps answering until the new one arrives, so known findings do not flicker.
   */
  refresh(path: string): void {
    const cached = this.cache.get(path);
    if (cached === undefined || cached instanceof Promise) return;
    void this.load(path).then(() => this.onLoaded(path));
  }

  /** The file's text at the ref; null when it is not there; undefined while loading. */
  get(path: string): string | null | undefined {
    const cached = this.cache.get(path);
    if (cached === undefined) {
      this.cache.set(
        path,
        this.load(path).then(() => this.onLoaded(path)),
      );
      return undefined;
    }
    return cached instanceof Promise ? undefined : cached;
  }

  private async load(path: string): Promise<void> {
    let text: string | null = null;
    try {
      if (this.ref.startsWith("-")) throw new Error(`'${this.ref}' is not a git revision`);
      const top = (await git(["rev-parse", "--show-toplevel"], dirname(path))).trim();
      // git's top is a real path; the editor's may go through a symlink.
      const rel = relative(top, await realpath(path).catch(() => path))
        .split(sep)
        .join("/");
      text = await git(["show", "--no-textconv", "--end-of-options", `${this.ref}:${rel}`], top).catch(
        () => null,
      );
    } catch (error) {
      this.onProblem(
        `seclsp: onlyNew "git" cannot compare ${path} with ${this.ref}: ${(error as Error).message}`,
      );
    }
    this.cache.set(path, text);
  }
}

/** 0-based lines of `current` that are added or changed relative to `old` (line endings ignored). */
export function changedLineNumbers(old: string, current: string): Set<number> {
  const normalize = (text: string) => {
    const unix = text.replace(/\r\n?/g, "\n");
    return unix.endsWith("\n") ? unix : `${unix}\n`;
  };
  const changed = new Set<number>();
  let line = 0;
  for (const part of diffLines(normalize(old), normalize(current))) {
    const count = part.count ?? 0;
    if (part.removed) continue;
    if (part.added) for (let n = line; n < line + count; n++) changed.add(n);
    line += count;
  }
  return changed;
}
