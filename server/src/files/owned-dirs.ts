import { constants } from "node:fs";
import { lstat, mkdtemp, open, readdir, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * Work directories that a killed seclsp (SIGKILL, OOM, a closed terminal) cannot clean up itself:
 * each holds an owner file naming its process, so a later run removes those whose owner is gone.
 */
const OWNER_FILE = "owner.pid";
/** A dir without an owner file is only stale once it is this old (it may be being created). */
const ORPHAN_AGE_MS = 10 * 60_000;

/** A private (0700) dir `<parent>/<prefix>XXXXXX` whose owner file names this process. */
export async function createOwnedDir(parent: string, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(parent, prefix));
  const file = await open(
    join(dir, OWNER_FILE),
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
    0o600,
  );
  try {
    await file.writeFile(String(process.pid));
  } finally {
    await file.close();
  }
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function ownerPid(dir: string): Promise<number | undefined> {
  try {
    // O_NOFOLLOW: a planted symlink named owner.pid is not read through.
    const file = await open(join(dir, OWNER_FILE), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const pid = Number.parseInt(await file.readFile("utf8"), 10);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * Remove the `<prefix>*` dirs in `dir` that a killed run left behind. Only real directories
 * (never symlinks) owned by us whose owner process is gone (or, without an owner file, that are
 * older than ten minutes). fs.rm removes symlinks inside without following them.
 * Returns the removed paths.
 */
export async function removeStaleOwnedDirs(dir: string, prefix: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const uid = process.getuid?.();
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const path = join(dir, name);
    try {
      const stat = await lstat(path);
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue;
      const pid = await ownerPid(path);
      if (pid !== undefined ? alive(pid) : now - stat.mtimeMs < ORPHAN_AGE_MS) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // raced with its owner or another cleaner: leave it
    }
  }
  return removed;
}
