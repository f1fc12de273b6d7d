import { dirname } from "node:path";
import { DependencyKeys } from "../analysis/embedded/taint/cross-file/dependency-keys.js";
import type { Finding } from "../analysis/finding.js";
import { fileCacheKey } from "../check/analysis-cache-key.js";
import { gaveUp } from "../check/embedded-findings.js";
import { displayPath } from "../check/report-paths.js";
import { type CacheStats, ResultCache } from "../check/result-cache.js";
import type { SeclspConfig } from "../config/schema.js";
import { userCacheSubdir } from "../files/user-cache-dir.js";
import type { Logger } from "./logger.js";

/** Bring the cache under its bound after this many new entries (a scan of a big workspace). */
const EVICT_EVERY_WRITES = 512;

/**
 * The embedded analyzer's raw findings of closed files (workspace scan, watcher) through the same
 * on-disk result cache as `seclsp check` (`$XDG_CACHE_HOME/seclsp/check`): the key is the file's
 * path relative to its workspace folder, its text, its effective settings and the analyzer's
 * identity, so reopening a workspace — or scanning one `seclsp check` already ran in with the
 * same settings — re-analyzes only the files that changed. An unusable cache folder (a symlink,
 * another user's) means no cache, with one warning in the log.
 */
export class ClosedFileResults {
  private cache: Promise<ResultCache | undefined> | undefined;
  private writesSinceEvict = 0;

  constructor(
    private readonly logger: Logger,
    private readonly dir: () => string = () => userCacheSubdir("check"),
  ) {}

  /**
   * Cached findings of `path` at `text`, else `analyze()`'s, stored for next time. `roots`: the
   * workspace folders cross-file summaries come from — the imported modules' hashes join the key,
   * so editing `util.py` on disk re-analyzes the closed files importing it.
   */
  async findings(
    path: string,
    text: string,
    config: SeclspConfig,
    folder: string | undefined,
    analyze: () => Promise<Finding[]>,
    roots: readonly string[] = [],
  ): Promise<Finding[]> {
    const cache = await this.open();
    if (!cache) return analyze();
    const shown = (file: string) => displayPath(file, folder ?? dirname(path));
    const dependencies =
      roots.length > 0
        ? new DependencyKeys({ roots, maxFileBytes: config.maxFileBytes }, false).of(path, text, shown)
        : [];
    const key = fileCacheKey(shown(path), text, config, dependencies);
    const cached = await cache.get(key, path);
    if (cached) return cached;
    const findings = await analyze();
    // As in `seclsp check`: a result where ruff gave up (trap, time-out) is retried next time.
    if (!gaveUp(findings)) {
      await cache.set(key, path, findings);
      if (++this.writesSinceEvict >= EVICT_EVERY_WRITES) await this.evict(cache);
    }
    return findings;
  }

  /** Hits, misses and writes so far (tests, debug info); undefined without a cache. */
  async stats(): Promise<CacheStats | undefined> {
    return (await this.open())?.stats;
  }

  /** Bring the cache under its size bound if this server wrote to it. */
  async close(): Promise<void> {
    const cache = await this.cache;
    if (cache && this.writesSinceEvict > 0) await this.evict(cache);
  }

  private async evict(cache: ResultCache): Promise<void> {
    this.writesSinceEvict = 0;
    await cache
      .evict()
      .catch((error: unknown) => this.logger.warn(`seclsp: result cache eviction: ${String(error)}`));
  }

  private open(): Promise<ResultCache | undefined> {
    this.cache ??= ResultCache.open({ dir: this.dir() }).catch((error: unknown) => {
      this.logger.warn(`seclsp: not using the result cache for closed files: ${String(error)}`);
      return undefined;
    });
    return this.cache;
  }
}
