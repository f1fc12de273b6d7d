import { basename, relative } from "node:path";
import picomatch from "picomatch";
import { toPosix } from "./gitignore-rules.js";

/**
 * `seclsp.exclude` / `--exclude` globs (picomatch). A pattern without a slash matches a file or
 * folder name anywhere (`migrations`, `*_test.py`); a pattern with a slash matches the path
 * relative to one of the bases (the walk root, and the cwd for the CLI), e.g. `tests/**`.
 * Dot-files match too. A trailing slash is ignored (`build/` = `build`).
 */
export function createExcludeMatcher(
  patterns: readonly string[],
): (absPath: string, bases: readonly string[]) => boolean {
  const cleaned = patterns.map((p) => p.trim().replace(/\/+$/, "")).filter((p) => p.length > 0);
  if (cleaned.length === 0) return () => false;
  // picomatch's own `basename` option also applies `tests/**` to a name, so split by hand.
  const byName = picomatch(
    cleaned.filter((p) => !p.includes("/")),
    { dot: true },
  );
  const byPath = picomatch(
    cleaned.filter((p) => p.includes("/")),
    { dot: true },
  );
  return (absPath, bases) =>
    byName(basename(absPath)) ||
    bases.some((base) => {
      const rel = toPosix(relative(base, absPath));
      return rel !== "" && !rel.startsWith("../") && rel !== ".." && byPath(rel);
    });
}
