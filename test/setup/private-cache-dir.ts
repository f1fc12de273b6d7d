import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Every test run gets its own XDG cache dir, so explanations, the LLM cache and CodeQL project
 * databases written by the server under test never land in the developer's ~/.cache/seclsp
 * (servers spawned by tests inherit it through the environment). Removed when the run ends.
 */
export default function setup(): (() => void) | undefined {
  if (process.env.SECLSP_KEEP_USER_CACHE) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "seclsp-test-cache-"));
  process.env.XDG_CACHE_HOME = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
