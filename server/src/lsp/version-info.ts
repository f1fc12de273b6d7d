import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** seclsp's version from the nearest package.json named "seclsp" (works from dist/ and from sources). */
export function seclspVersion(): string {
  cached ??= findVersion();
  return cached;
}

function findVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (pkg.name === "seclsp" && pkg.version) return pkg.version;
      } catch {
        // unreadable package.json: keep looking upward
      }
    }
    dir = dirname(dir);
  }
  return "unknown";
}
