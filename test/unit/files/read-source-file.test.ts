import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  decodeSource,
  type ReadSourceOptions,
  readSourceFile,
  readSourceFileSync,
  type SourceText,
} from "../../../server/src/files/read-source-file.js";
import { tempTree } from "./temp-tree.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
let root = "";
// The CLI reads in its thread, the server asynchronously: one contract, tested on both.
const readers: Array<[string, (path: string, options: ReadSourceOptions) => Promise<SourceText>]> = [
  ["readSourceFile", readSourceFile],
  [
    "readSourceFileSync",
    (path, options) => new Promise((resolve) => resolve(readSourceFileSync(path, options))),
  ],
];
const roots: string[] = [];
afterAll(async () => {
  for (const dir of roots) await rm(dir, { recursive: true, force: true });
});

describe.each(readers)("%s", async (_name, readSourceFile) => {
  root = await tempTree({
    "plain.py": "import os\nos.system(cmd)\n",
    "bom.py": new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("x = 1\n")]),
    // "name = 'ét'" saved as Latin-1: 0xE9 is not valid UTF-8 on its own.
    "latin1.py": new Uint8Array([...utf8("name = '"), 0xe9, ...utf8("t'\n")]),
    "empty.py": "",
    "crlf.py": "a = 1\r\nb = '\u{1F600}'\r\n",
    "big.py": "x = 1\n".repeat(100),
    "dir/inner.py": "",
    // A compiled or zipped file saved with a .py name: NUL bytes, which Python refuses as source.
    "binary.py": new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, ...utf8("x = 1\n")]),
  });
  roots.push(root);

  it("marks a file with NUL bytes as binary and leaves text files unmarked", async () => {
    const binary = await readSourceFile(join(root, "binary.py"), { maxFileBytes: 1000 });
    expect(binary.binary).toBe(true);
    expect(binary.bytes).toBe(14);
    for (const name of ["plain.py", "latin1.py", "empty.py", "crlf.py", "bom.py"]) {
      expect((await readSourceFile(join(root, name), { maxFileBytes: 1000 })).binary).toBeUndefined();
    }
  });

  it("reads UTF-8 text unchanged, CRLF and astral characters included", async () => {
    expect(await readSourceFile(join(root, "plain.py"), { maxFileBytes: 1000 })).toEqual({
      text: "import os\nos.system(cmd)\n",
      bytes: 25,
    });
    const crlf = await readSourceFile(join(root, "crlf.py"), { maxFileBytes: 1000 });
    expect(crlf.text).toBe("a = 1\r\nb = '\u{1F600}'\r\n");
    expect(crlf.decodeWarning).toBeUndefined();
  });

  it("strips a UTF-8 byte order mark", async () => {
    const result = await readSourceFile(join(root, "bom.py"), { maxFileBytes: 1000 });
    expect(result.text).toBe("x = 1\n");
    expect(result.bytes).toBe(9);
  });

  it("replaces invalid UTF-8 with U+FFFD and says so", async () => {
    const result = await readSourceFile(join(root, "latin1.py"), { maxFileBytes: 1000 });
    expect(result.text.startsWith("name = '\uFFFDt")).toBe(true);
    expect(result.decodeWarning).toBe("non-UTF-8 bytes replaced");
    expect(result.skipped).toBeUndefined();
  });

  it("reads an empty file as empty text", async () => {
    expect(await readSourceFile(join(root, "empty.py"), { maxFileBytes: 1000 })).toEqual({
      text: "",
      bytes: 0,
    });
  });

  it("skips a file over maxFileBytes without reading it, and takes one exactly at the limit", async () => {
    expect(await readSourceFile(join(root, "big.py"), { maxFileBytes: 599 })).toEqual({
      text: "",
      bytes: 600,
      skipped: "600 bytes > maxFileBytes (599)",
    });
    const atLimit = await readSourceFile(join(root, "big.py"), { maxFileBytes: 600 });
    expect(atLimit.skipped).toBeUndefined();
    expect(atLimit.text).toHaveLength(600);
  });

  it("rejects with the Node error for a missing file or a directory", async () => {
    await expect(readSourceFile(join(root, "missing.py"), { maxFileBytes: 1000 })).rejects.toMatchObject({
      code: "ENOENT",
    });
    await expect(readSourceFile(join(root, "dir"), { maxFileBytes: 1000 })).rejects.toMatchObject({
      code: "EISDIR",
    });
  });
});

describe("decodeSource", () => {
  it("keeps a lone BOM-less text, and decodes a truncated multi-byte sequence with replacement", () => {
    expect(decodeSource(utf8("\u00e9\u{1F600}"))).toEqual({ text: "\u00e9\u{1F600}" });
    expect(decodeSource(new Uint8Array([0x61, 0xf0, 0x9f]))).toEqual({
      text: "a\uFFFD",
      decodeWarning: "non-UTF-8 bytes replaced",
    });
  });
});

describe.each(readers)("%s on special files", (name, readSourceFile) => {
  it("rejects a FIFO named like a Python file instead of hanging", async () => {
    const { execFileSync } = await import("node:child_process");
    const fifo = join(root, `pipe-${name}.py`);
    execFileSync("mkfifo", [fifo]);
    await expect(readSourceFile(fifo, { maxFileBytes: 1000 })).rejects.toMatchObject({ code: "EINVAL" });
  });
});
