import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";

/** A module's text and the hash that keys everything derived from it. */
export interface ModuleText {
  text: string;
  hash: string;
}

/** Reads a module by real path; undefined when unreadable, too big or not UTF-8. */
export type ModuleReader = (path: string) => ModuleText | undefined;

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Module texts a disk reader keeps (UTF-16 units, least recently read dropped first): ~32 MiB. */
export const DEFAULT_MEMO_TEXT = 16 * 1024 * 1024;
/** Entries a disk reader keeps, whatever their size (unreadable files are entries too). */
const MEMO_ENTRIES = 4096;

/**
 * Reads from disk, memoized by (inode, size, mtime): validating a cached summary then costs one
 * `stat`. Invalid UTF-8 is refused (Python would refuse it too). The memo is bounded by the text it
 * holds (`memoText`), not only by entries: the LSP's main thread keeps one reader for the session,
 * and 4,096 modules of a big workspace would otherwise stay in memory (a 2 MB module each, at worst).
 */
export function diskReader(maxBytes: number, memoText = DEFAULT_MEMO_TEXT): ModuleReader {
  const memo = new Map<string, { stamp: string; value: ModuleText | undefined }>();
  let held = 0;
  const drop = (path: string) => {
    held -= memo.get(path)?.value?.text.length ?? 0;
    memo.delete(path);
  };
  return (path) => {
    let stamp: string;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) return undefined;
      stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      if (stat.size > maxBytes) return undefined;
    } catch {
      drop(path);
      return undefined;
    }
    const known = memo.get(path);
    if (known?.stamp === stamp) {
      // Re-inserted: the Map's order is the recency order.
      memo.delete(path);
      memo.set(path, known);
      return known.value;
    }
    let value: ModuleText | undefined;
    try {
      const text = utf8.decode(readFileSync(path)).replace(/^\uFEFF/, "");
      value = { text, hash: hashText(text) };
    } catch {
      value = undefined;
    }
    drop(path);
    memo.set(path, { stamp, value });
    held += value?.text.length ?? 0;
    for (const oldest of memo.keys()) {
      if (oldest === path || (memo.size <= MEMO_ENTRIES && held <= memoText)) break;
      drop(oldest);
    }
    return value;
  };
}

/** Open documents' unsaved text first (the LSP), then the reader underneath. */
export class OverlayReader {
  private readonly texts = new Map<string, ModuleText>();

  constructor(private readonly below: ModuleReader) {}

  readonly read: ModuleReader = (path) => this.texts.get(path) ?? this.below(path);

  /** Set (or with undefined, drop) the overlay of a path; true when what reads see changed. */
  set(path: string, text: string | undefined): boolean {
    const before = this.texts.get(path);
    if (text === undefined) return this.texts.delete(path);
    if (before?.text === text) return false;
    this.texts.set(path, { text, hash: hashText(text) });
    return true;
  }
}
