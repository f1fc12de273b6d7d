import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/**
 * seclsp's own version from package.json, found by walking up from this module so it works from
 * dist/ (built) and from server/src/ (tsx) alike.
 */
export function packageVersion(): string {
  cached ??= findVersion(dirname(fileURLToPath(import.meta.url)));
  return cached;
}

function findVersion(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "seclsp" && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level: keep walking up
    }
    if (dirname(dir) === dir) return "0.0.0-unknown";
  }
}
