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

/**
 * Reads from disk, memoized by (inode, size, mtime): validating a cached summary then costs one
 * `stat`. Invalid UTF-8 is refused (Python would refuse it too).
 */
export function diskReader(maxBytes: number): ModuleReader {
  const memo = new Map<string, { stamp: string; value: ModuleText | undefined }>();
  return (path) => {
    let stamp: string;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) return undefined;
      stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      if (stat.size > maxBytes) return undefined;
    } catch {
      memo.delete(path);
      return undefined;
    }
    const known = memo.get(path);
    if (known?.stamp === stamp) return known.value;
    let value: ModuleText | undefined;
    try {
      const text = utf8.decode(readFileSync(path)).replace(/^\uFEFF/, "");
      value = { text, hash: hashText(text) };
    } catch {
      value = undefined;
    }
    if (memo.size > 4096) memo.clear();
    memo.set(path, { stamp, value });
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
