import { setTimeout as sleep } from "node:timers/promises";
import lockfile from "proper-lockfile";

/**
 * A cross-process lock on one project's CodeQL folder, so `seclsp check` and an editor (or two
 * editors) never build or analyze the same persistent database at once. proper-lockfile's
 * `mkdir` lock works on any local file system; the holder refreshes its mtime, so the lock of
 * a process that died goes stale and is taken over after `staleMs`.
 */
export interface ProjectLockOptions {
  signal?: AbortSignal;
  /** Called once when another run holds the lock and this one starts waiting. */
  onWait?: () => void;
  /** A lock not refreshed for this long belongs to a dead process (default 60 s). */
  staleMs?: number;
  /** Pause between attempts while waiting (default 250 ms). */
  pollMs?: number;
  /** The lock was lost while held (its folder removed, a refresh failed). */
  onCompromised?: (error: Error) => void;
}

/**
 * Run `work` holding the lock of `projectDir`; waits (abortably) while another run holds it.
 * The lock is released when `work` settles, also when it throws. If the lock is lost while held
 * (its folder removed, or a refresh failed), `work` goes on — its output is still correct for
 * this run — and `onCompromised` is told, never an uncaught exception thrown from a timer
 * (proper-lockfile's default, which would kill the server).
 */
export async function withProjectLock<T>(
  projectDir: string,
  work: () => Promise<T>,
  options: ProjectLockOptions = {},
): Promise<T> {
  const stale = Math.max(options.staleMs ?? 60_000, 2_000);
  const pollMs = options.pollMs ?? 250;
  let compromised: Error | undefined;
  let waited = false;
  let release: (() => Promise<void>) | undefined;
  while (release === undefined) {
    options.signal?.throwIfAborted();
    try {
      release = await lockfile.lock(projectDir, {
        stale,
        update: Math.floor(stale / 4),
        realpath: false,
        onCompromised: (error) => {
          compromised = error;
          options.onCompromised?.(error);
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      if (!waited) options.onWait?.();
      waited = true;
      await sleep(pollMs, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
  try {
    return await work();
  } finally {
    // A compromised lock is already gone; releasing it again only throws ERELEASED.
    if (compromised === undefined) await release().catch(() => undefined);
  }
}
