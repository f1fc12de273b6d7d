import { createHash } from "node:crypto";
import path from "node:path";
import { ensurePrivateDir, userCacheSubdir } from "../../files/user-cache-dir.js";

/**
 * The private folder for CodeQL's persistent project databases: `<cacheDir>/projects` when
 * `seclsp.codeql.cacheDir` is set, else `<user cache dir>/codeql-projects`
 * (`$XDG_CACHE_HOME/seclsp/…` or `~/.cache/seclsp/…`).
 */
export function codeqlCacheRoot(cacheDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (cacheDir !== undefined) return path.join(cacheDir, "projects");
  return userCacheSubdir("codeql-projects", env);
}

/**
 * One folder per workspace folder (named by a hash of its path, so it never collides and never
 * leaks the path into a listing); holds `src/` (staged copy), `db/` and `results.sarif`. Both
 * levels are private (0700, ours, not a symlink) — a planted folder is refused, never used.
 */
export async function projectWorkDir(root: string, folder: string): Promise<string> {
  const name = createHash("sha256").update(path.resolve(folder)).digest("hex").slice(0, 24);
  await ensurePrivateDir(root);
  return ensurePrivateDir(path.join(root, name));
}
