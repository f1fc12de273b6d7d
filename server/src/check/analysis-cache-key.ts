import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ruffVersion } from "../analysis/embedded/ruff-engine.js";
import { packageVersion } from "./package-version.js";

/** Bumped when the entry format or the meaning of the key changes. */
export const CACHE_FORMAT = 1;

let codeHash: string | undefined;

/**
 * What identifies the analyzer itself: seclsp's and ruff's versions plus a hash of the analysis
 * code (the .js of dist/, or the .ts sources under tsx/vitest). The versions alone would serve
 * stale results to anyone running a rebuilt checkout with an unchanged version number.
 * Computed once per process (~10 ms: reads the ~2 MB of code once).
 */
export function analyzerIdentity(): string {
  if (codeHash === undefined) {
    const hash = createHash("sha256");
    // All of seclsp's code, not a list of analysis folders that would go stale as code moves.
    hashTree(hash, fileURLToPath(new URL("..", import.meta.url)));
    codeHash = hash.digest("hex").slice(0, 16);
  }
  return `${packageVersion()}+ruff${ruffVersion()}+grammar${grammarVersion()}+${codeHash}`;
}

function grammarVersion(): string {
  const require = createRequire(import.meta.url);
  return (require("tree-sitter-python/package.json") as { version: string }).version;
}

/** Code files in a stable order; a missing folder (not in this layout) contributes nothing. */
function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (/\.(js|ts|wasm|json)$/.test(name) && !name.endsWith(".d.ts")) {
      hash.update(name).update("\0").update(readFileSync(path)).update("\0");
    } else if (!name.includes(".")) {
      hashTree(hash, path);
    }
  }
}

/**
 * The cache key of one file: sha256 over the format, the analyzer identity, the file's effective
 * settings (all of them, in a canonical order: a setting the analyzer starts to read later can
 * never be left out of the key; unrelated changes only cost a re-analysis), the path as reports
 * show it (relative to the cwd, so a moved checkout still hits) and the text. The analysis is per
 * file today (no cross-file summaries); when it gains them, their hashes join `dependencies`.
 */
export function fileCacheKey(
  relativePath: string,
  text: string,
  settings: unknown,
  dependencies: readonly string[] = [],
): string {
  const header = canonicalJson([CACHE_FORMAT, analyzerIdentity(), settings, relativePath, dependencies]);
  return createHash("sha256").update(header).update("\0").update(text).digest("hex");
}

/** JSON with object keys sorted at every level (equal settings → equal bytes). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== "object" || inner === null || Array.isArray(inner)) return inner;
    const record = inner as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, record[k]]),
    );
  });
}
