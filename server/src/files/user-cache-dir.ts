import { constants, type Stats } from "node:fs";
import { chmod, lstat, mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/**
 * The one place seclsp keeps files it writes for itself (model replies, CodeQL SARIF,
 * explanations): `$XDG_CACHE_HOME/seclsp`, else `~/.cache/seclsp`. Never a shared folder such as
 * /tmp, where another local user can pre-plant names. Every directory seclsp uses there is
 * private (0700), a real directory (not a symlink) and owned by the user running seclsp.
 */

export class UnsafeCacheDirError extends Error {
  override readonly name = "UnsafeCacheDirError";
  constructor(
    readonly dir: string,
    reason: string,
  ) {
    super(
      `seclsp will not keep files in ${dir}: ${reason}. Remove or fix it, or set XDG_CACHE_HOME to a private directory`,
    );
  }
}

/** `$XDG_CACHE_HOME/seclsp` (when absolute, as the XDG spec requires), else `~/.cache/seclsp`. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), ".cache");
  return join(base, "seclsp");
}

/** A sub-directory of the user's cache dir (`llm`, `codeql`, `explanations`), not yet created. */
export function userCacheSubdir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheDir(env), name);
}

/**
 * Create `dir` (mode 0700) if missing and make sure it is private: a real directory, owned by
 * this user; group/world permission bits are removed. Throws UnsafeCacheDirError for a symlink,
 * a non-directory or another user's directory (those are never followed or written into).
 * Parents that do not exist are created 0700 too; existing parents are the user's business.
 */
export async function ensurePrivateDir(dir: string): Promise<string> {
  // Checked on every call (an lstat): the user may clear the cache while seclsp runs.
  const target = resolve(dir);
  // lstat first: mkdir would follow a planted (even dangling) symlink or fail on a file.
  let info = await lstatIfExists(target);
  if (!info) {
    await mkdir(target, { recursive: true, mode: 0o700 });
    info = await lstat(target);
  }
  if (info.isSymbolicLink()) throw new UnsafeCacheDirError(target, "it is a symbolic link");
  if (!info.isDirectory()) throw new UnsafeCacheDirError(target, "it is not a directory");
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw new UnsafeCacheDirError(target, `it belongs to another user (uid ${info.uid})`);
  }
  if ((info.mode & 0o077) !== 0) await chmod(target, 0o700);
  return target;
}

async function lstatIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** open(2) flags for a new private file: fail if the name exists, never follow a symlink. */
export const EXCLUSIVE_NOFOLLOW =
  constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW;
