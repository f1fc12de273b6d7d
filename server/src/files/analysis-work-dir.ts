import { createOwnedDir, removeStaleOwnedDirs } from "./owned-dirs.js";
import { ensurePrivateDir, userCacheSubdir } from "./user-cache-dir.js";

/** (parent, prefix) pairs already swept of stale dirs by this process (once each: a readdir). */
const swept = new Map<string, Promise<unknown>>();

/**
 * A private work dir for one run of an external analyzer (Bandit's and CodeQL's copies of the
 * files, CodeQL's database): `<parent>/<prefix>XXXXXX`, by default under the user's cache dir
 * (`…/seclsp/work`), never the shared temp dir — where a killed run's copies of the user's code
 * (and a CodeQL database of hundreds of MB, in RAM on a tmpfs) would stay. The caller removes it
 * when done; the first call per parent removes what killed runs left there.
 */
export async function createAnalysisWorkDir(prefix: string, parent?: string): Promise<string> {
  const dir = parent ?? (await ensurePrivateDir(userCacheSubdir("work")));
  const key = `${dir}\0${prefix}`;
  let sweep = swept.get(key);
  if (!sweep) {
    sweep = removeStaleOwnedDirs(dir, prefix).catch(() => undefined);
    swept.set(key, sweep);
  }
  await sweep;
  return createOwnedDir(dir, prefix);
}
