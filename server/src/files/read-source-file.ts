import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";

export interface ReadSourceOptions {
  /** Files larger than this are not read at all (their size is reported instead). */
  maxFileBytes: number;
}

export interface SourceText {
  /** Decoded text without a UTF-8 BOM; "" when the file was skipped. */
  text: string;
  /** Size on disk in bytes. */
  bytes: number;
  /** Set when the file was not valid UTF-8 and invalid bytes became U+FFFD. */
  decodeWarning?: "non-UTF-8 bytes replaced";
  /** Set when the file was not read, e.g. "2500000 bytes > maxFileBytes (2000000)". */
  skipped?: string;
  /**
   * Set when the bytes contain NUL: Python refuses such source ("source code cannot contain
   * null bytes"), so it is a binary file with a .py name. The text is still decoded.
   */
  binary?: true;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

/**
 * Read a Python source file for analysis. The size is checked on the open handle (not a
 * separate stat) so a file cannot grow past the limit in between. I/O errors (missing file,
 * permission denied) reject with the Node error, and so does anything but a regular file
 * (EISDIR for a folder, EINVAL for a FIFO or device); callers report and continue.
 */
export async function readSourceFile(path: string, options: ReadSourceOptions): Promise<SourceText> {
  // O_NONBLOCK: opening a FIFO named like a .py file must not hang waiting for a writer.
  const handle = await open(path, OPEN_FLAGS);
  try {
    const refused = refusal(path, await handle.stat(), options.maxFileBytes);
    return refused ?? sourceOf(await handle.readFile(), options.maxFileBytes);
  } finally {
    await handle.close();
  }
}

/**
 * `readSourceFile` in this thread, for `seclsp check`: a local file's read takes microseconds, and
 * the promise version's four thread-pool round trips per file cost the CLI's busy main thread
 * ~0.3 s over the standard library. The server keeps the asynchronous one (its event loop must
 * never wait on a slow file system).
 */
export function readSourceFileSync(path: string, options: ReadSourceOptions): SourceText {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const refused = refusal(path, fstatSync(fd), options.maxFileBytes);
    return refused ?? sourceOf(readFileSync(fd), options.maxFileBytes);
  } finally {
    closeSync(fd);
  }
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Checked on the open handle (not a separate stat), so the file cannot be swapped in between. */
function refusal(path: string, info: Stats, maxFileBytes: number): SourceText | undefined {
  if (!info.isFile()) throw notRegularFile(path, info.isDirectory());
  return info.size > maxFileBytes ? oversized(info.size, maxFileBytes) : undefined;
}

function sourceOf(bytes: Uint8Array, maxFileBytes: number): SourceText {
  // Re-check: the file may have grown after fstat (logs, generators writing it right now).
  if (bytes.byteLength > maxFileBytes) return oversized(bytes.byteLength, maxFileBytes);
  return {
    ...decodeSource(bytes),
    bytes: bytes.byteLength,
    ...(bytes.includes(0) ? { binary: true } : {}),
  };
}

/** UTF-8 decode with BOM stripped (TextDecoder's default); invalid bytes → U+FFFD plus a warning. */
export function decodeSource(bytes: Uint8Array): Pick<SourceText, "text" | "decodeWarning"> {
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { text: lenientUtf8.decode(bytes), decodeWarning: "non-UTF-8 bytes replaced" };
  }
}

function oversized(size: number, max: number): SourceText {
  return { text: "", bytes: size, skipped: `${size} bytes > maxFileBytes (${max})` };
}

function notRegularFile(path: string, isDirectory: boolean): NodeJS.ErrnoException {
  const code = isDirectory ? "EISDIR" : "EINVAL";
  const error: NodeJS.ErrnoException = new Error(
    `${code}: ${isDirectory ? "is a directory" : "not a regular file"}, read '${path}'`,
  );
  error.code = code;
  error.path = path;
  return error;
}
