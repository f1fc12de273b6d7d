import { tmpdir } from "node:os";
import { createOwnedDir, removeStaleOwnedDirs } from "../files/owned-dirs.js";

/** Host work dirs exist only without namespaces (`--tests unsafe`); bwrap uses a private tmpfs. */
export const WORKDIR_PREFIX = "seclsp-sandbox-";

/** A private (0700) work dir whose owner file names this process, so a later run can tell it is live. */
export function createHostWorkdir(): Promise<string> {
  return createOwnedDir(tmpdir(), WORKDIR_PREFIX);
}

/** Remove `seclsp-sandbox-*` dirs a SIGKILLed run left in the temp dir (see removeStaleOwnedDirs). */
export function removeStaleWorkdirs(dir = tmpdir(), now = Date.now()): Promise<string[]> {
  return removeStaleOwnedDirs(dir, WORKDIR_PREFIX, now);
}
