import { closeSync, constants, fstatSync, futimesSync, openSync, readFileSync, type Stats } from "node:fs";
import { lstat, open, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Finding } from "../analysis/finding.js";
import { writePrivateFile, writePrivateFileSync } from "../files/private-file.js";
import { ensurePrivateDir } from "../files/user-cache-dir.js";

/** Default bound of the whole cache folder; eviction brings it down to `EVICT_TO` of this. */
export const DEFAULT_MAX_CACHE_BYTES = 256 * 1024 * 1024;
const EVICT_TO = 0.8;
/** An entry larger than this is not ours (or corrupt): it is ignored and rewritten. */
const MAX_ENTRY_BYTES = 32 * 1024 * 1024;
/** Temp files of a writer that died are removed once older than this. */
const STALE_TEMP_MS = 10 * 60 * 1000;

const ENTRY_NAME = /^[0-9a-f]{64}\.json$/;

export interface ResultCacheOptions {
  /** A private folder (made 0700 if needed; a symlink or another user's folder is refused). */
  dir: string;
  maxBytes?: number;
  /**
   * Read and write entries in this thread (`seclsp check`, whose thread exists to analyze: the
   * thread-pool round trips of the promise API cost it ~0.5 ms of CPU per entry, the syscalls
   * ~0.1 ms). The server keeps the default: its event loop never waits on a file system.
   */
  blocking?: boolean;
}

/** Counters of one run (`--verbose` prints them; tests read them). */
export interface CacheStats {
  hits: number;
  misses: number;
  writes: number;
  /** Entries that existed but could not be used (garbage, truncated, a symlink, a wrong key). */
  rejected: number;
  evicted: number;
}

interface CacheEntry {
  format: 1;
  key: string;
  /** The absolute path the findings were computed for (rewritten on a hit from a moved checkout). */
  path: string;
  findings: Finding[];
}

/**
 * The embedded analyzer's raw findings per file, on disk (like ruff's .ruff_cache, but in the
 * user's cache dir). One file per key, written atomically (private temp file + rename), so two
 * runs at once never see half an entry and the last writer wins with identical bytes. Reads never
 * follow symlinks. Anything unexpected in an entry makes it a miss; the fresh result replaces it.
 * Size is bounded by `evict()`: least recently used entries (mtime, refreshed on each hit) go first.
 */
export class ResultCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, writes: 0, rejected: 0, evicted: 0 };
  private readonly maxBytes: number;

  private constructor(
    readonly dir: string,
    maxBytes: number,
    private readonly blocking: boolean,
  ) {
    this.maxBytes = maxBytes;
  }

  /** Throws UnsafeCacheDirError when `dir` is not a private directory of this user. */
  static async open(options: ResultCacheOptions): Promise<ResultCache> {
    const dir = await ensurePrivateDir(options.dir);
    return new ResultCache(dir, options.maxBytes ?? DEFAULT_MAX_CACHE_BYTES, options.blocking ?? false);
  }

  /** The cached findings for `key`, with their paths set to `path`; undefined on a miss. */
  async get(key: string, path: string): Promise<Finding[] | undefined> {
    const entry = await this.read(key);
    if (!entry) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    return entry.path === path ? entry.findings : entry.findings.map((f) => relocate(f, entry.path, path));
  }

  /** Store findings; a failed write only costs the next run a re-analysis. */
  async set(key: string, path: string, findings: Finding[]): Promise<void> {
    const entry: CacheEntry = { format: 1, key, path, findings };
    try {
      // Blocking: the folder was made private by open() (a folder removed since fails the write).
      if (this.blocking) writePrivateFileSync(this.dir, entryName(key), JSON.stringify(entry));
      else await writePrivateFile(this.dir, entryName(key), JSON.stringify(entry));
      this.stats.writes++;
    } catch {
      // Disk full, the folder removed meanwhile: the cache is an optimization, never an error.
    }
  }

  /**
   * Keep the folder under its bound: when the entries exceed `maxBytes`, delete the least
   * recently used down to 80%. Also removes temp files left by writers that died. Safe while
   * other runs read and write (a vanished file is skipped; a reader then misses).
   */
  async evict(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    const entries: Array<{ path: string; size: number; used: number }> = [];
    let total = 0;
    const now = Date.now();
    for (const name of names) {
      const path = join(this.dir, name);
      const info = await lstat(path).catch(() => undefined);
      if (!info) continue;
      if (name.startsWith(".") && name.endsWith(".tmp")) {
        if (now - info.mtimeMs > STALE_TEMP_MS) await unlink(path).catch(() => undefined);
        continue;
      }
      if (!ENTRY_NAME.test(name)) continue;
      entries.push({ path, size: info.size, used: info.mtimeMs });
      total += info.size;
    }
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => a.used - b.used || a.path.localeCompare(b.path));
    const target = this.maxBytes * EVICT_TO;
    for (const entry of entries) {
      if (total <= target) break;
      await unlink(entry.path).then(
        () => this.stats.evicted++,
        () => undefined,
      );
      total -= entry.size;
    }
  }

  private async read(key: string): Promise<CacheEntry | undefined> {
    let file: EntryFile;
    try {
      file = await openEntry(join(this.dir, entryName(key)), this.blocking);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") this.stats.rejected++;
      return undefined;
    }
    try {
      const entry = acceptableEntryFile(await file.stat())
        ? parseEntry(await file.readFile("utf8"), key)
        : undefined;
      if (!entry) {
        this.stats.rejected++;
        return undefined;
      }
      // Mark it recently used for eviction; failing to is harmless.
      const now = new Date();
      await file.utimes(now, now).catch(() => undefined);
      return entry;
    } catch {
      this.stats.rejected++;
      return undefined;
    } finally {
      await file.close();
    }
  }
}

/** What `read` does with an entry file: a FileHandle, or a descriptor used in this thread. */
interface EntryFile {
  stat(): Promise<Stats>;
  readFile(encoding: "utf8"): Promise<string>;
  utimes(atime: Date, mtime: Date): Promise<void>;
  close(): Promise<void>;
}

/**
 * Open an entry without following a symlink planted at its name (ELOOP instead of a read):
 * asynchronously, or with `blocking` in this thread (each call then returns a settled promise).
 */
async function openEntry(path: string, blocking: boolean): Promise<EntryFile> {
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW;
  if (!blocking) return open(path, flags);
  const fd = openSync(path, flags);
  return {
    stat: async () => fstatSync(fd),
    readFile: async (encoding) => readFileSync(fd, encoding),
    utimes: async (atime, mtime) => futimesSync(fd, atime, mtime),
    close: async () => closeSync(fd),
  };
}

/** A regular file of this user, of a size an entry can have (anything else is not ours). */
function acceptableEntryFile(info: Stats): boolean {
  const uid = process.getuid?.();
  return info.isFile() && info.size <= MAX_ENTRY_BYTES && (uid === undefined || info.uid === uid);
}

function entryName(key: string): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a cache key: ${key}`);
  return `${key}.json`;
}

/** The entry when it is well-formed and was written for `key`, else undefined. */
function parseEntry(text: string, key: string): CacheEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const entry = value as Partial<CacheEntry>;
  if (entry.format !== 1 || entry.key !== key || typeof entry.path !== "string") return undefined;
  if (!Array.isArray(entry.findings) || !entry.findings.every(isFindingShape)) return undefined;
  return entry as CacheEntry;
}

/** Enough of the Finding shape that reports cannot crash on it (the writer is seclsp itself). */
function isFindingShape(value: unknown): value is Finding {
  if (typeof value !== "object" || value === null) return false;
  const f = value as Record<string, unknown>;
  return (
    typeof f.ruleId === "string" &&
    typeof f.message === "string" &&
    typeof f.file === "string" &&
    typeof f.fingerprint === "string" &&
    (f.severity === "error" || f.severity === "warning" || f.severity === "note") &&
    Array.isArray(f.cwes) &&
    isRange(f.range) &&
    (f.flow === undefined || (Array.isArray(f.flow) && f.flow.every((s) => isRange(s?.range))))
  );
}

function isRange(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { start, end } = value as { start?: unknown; end?: unknown };
  return isPosition(start) && isPosition(end);
}

function isPosition(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { line, character } = value as { line?: unknown; character?: unknown };
  return Number.isInteger(line) && Number.isInteger(character);
}

function relocate(finding: Finding, from: string, to: string): Finding {
  const moved: Finding = { ...finding, file: finding.file === from ? to : finding.file };
  if (finding.flow) {
    moved.flow = finding.flow.map((step) => (step.file === from ? { ...step, file: to } : step));
  }
  return moved;
}
