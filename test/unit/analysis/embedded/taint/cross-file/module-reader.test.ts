import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  diskReader,
  hashText,
} from "../../../../../../server/src/analysis/embedded/taint/cross-file/module-reader.js";

const dir = mkdtempSync(join(tmpdir(), "seclsp-reader-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("diskReader", () => {
  it("reads UTF-8 text without its BOM, with the text's hash; refuses big and non-UTF-8 files", () => {
    const read = diskReader(1000);
    const path = file("bom.py", "\uFEFFx = 1\n");
    expect(read(path)).toEqual({ text: "x = 1\n", hash: hashText("x = 1\n") });
    expect(read(file("big.py", "#".repeat(1001)))).toBeUndefined();
    expect(read(file("latin1.py", Buffer.from([0x23, 0xe9, 0x0a])))).toBeUndefined();
    expect(read(join(dir, "missing.py"))).toBeUndefined();
  });

  it("serves an unchanged file from its memo and re-reads a changed one", () => {
    const read = diskReader(1000);
    const path = file("memo.py", "a = 1\n");
    const first = read(path);
    expect(read(path)).toBe(first);
    writeFileSync(path, "a = 22\n"); // another size: another stamp
    expect(read(path)?.text).toBe("a = 22\n");
  });

  it("keeps at most its text budget, dropping the least recently read, always the last one", () => {
    const read = diskReader(1000, 100);
    const a = file("a.py", "a".repeat(60));
    const b = file("b.py", "b".repeat(60));
    const firstA = read(a);
    const firstB = read(b); // 120 units held > 100: a is dropped
    expect(read(b)).toBe(firstB);
    const againA = read(a); // re-read from disk (same content, new object); b is dropped now
    expect(againA).toEqual(firstA);
    expect(againA).not.toBe(firstA);
    expect(read(b)).not.toBe(firstB);
    // A text over the whole budget is still returned (and memoized until the next read).
    const huge = file("huge.py", "h".repeat(500));
    const first = read(huge);
    expect(first?.text).toHaveLength(500);
    expect(read(huge)).toBe(first);
  });

  it("a recently read module survives reads of others within the budget", () => {
    const read = diskReader(1000, 100);
    const a = file("r-a.py", "a".repeat(40));
    const b = file("r-b.py", "b".repeat(40));
    const c = file("r-c.py", "c".repeat(40));
    const firstA = read(a);
    const firstB = read(b);
    expect(read(a)).toBe(firstA); // a is now the most recent
    read(c); // 120 > 100: b (least recent) goes, a stays
    expect(read(a)).toBe(firstA);
    expect(read(b)).not.toBe(firstB);
  });
});
