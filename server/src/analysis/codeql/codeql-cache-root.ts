import { createHash } from "node:crypto";
import { chmod, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * The private folder for CodeQL's persistent project databases: `<cacheDir>/projects` when
 * `seclsp.codeql.cacheDir` is set, else `$XDG_CACHE_HOME/seclsp/codeql-projects` (or
 * `~/.cache/...`). Created 0700. Stand-in until the shared user-cache-dir module lands.
 */
export function codeqlCacheRoot(cacheDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (cacheDir !== undefined) return path.join(cacheDir, "projects");
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : path.join(os.homedir(), ".cache");
  return path.join(base, "seclsp", "codeql-projects");
}

/**
 * One folder per workspace folder (named by a hash of its path, so it never collides and never
 * leaks the path into a listing); holds `src/` (staged copy), `db/` and `results.sarif`.
 */
export async function projectWorkDir(root: string, folder: string): Promise<string> {
  const name = createHash("sha256").update(path.resolve(folder)).digest("hex").slice(0, 24);
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode does not apply to a folder that already existed (or is masked by umask).
  await chmod(dir, 0o700);
  await chmod(root, 0o700).catch(() => undefined);
  return dir;
}
