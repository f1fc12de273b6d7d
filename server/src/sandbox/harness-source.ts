import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The Python scripts that run inside the sandbox (server/resources/python). */
export type HarnessName = "test_inputs" | "candidate_harness";
/** Prepended to every harness: builds the filesystem view itself under the `unshare` plan. */
const CONFINE = "sandbox_confine";
/** Prepended after it: limits, module names and the module check both harnesses use. */
const COMMON = "harness_common";

const cache = new Map<HarnessName, string>();

/** The script's source, passed with `python -I -c`: nothing from our tree is mounted in the sandbox. */
export function harnessSource(name: HarnessName): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const source = [CONFINE, COMMON, name].map((part) => readFileSync(harnessPath(part), "utf8")).join("\n");
  cache.set(name, source);
  return source;
}

/** sandbox_confine.py alone (the isolation probe runs it). */
export function confineSource(): string {
  return readFileSync(harnessPath(CONFINE), "utf8");
}

/** The harness ships in server/resources; find it from dist/ and from sources run by tsx alike. */
function harnessPath(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "server", "resources", "python", `${name}.py`);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`seclsp: ${name}.py not found (is server/resources shipped with the package?)`);
}
