import { constants } from "node:fs";
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
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegularFile(path, info.isDirectory());
    const size = info.size;
    if (size > options.maxFileBytes) return oversized(size, options.maxFileBytes);
    const bytes = await handle.readFile();
    // Re-check: the file may have grown after fstat (logs, generators writing it right now).
    if (bytes.byteLength > options.maxFileBytes) return oversized(bytes.byteLength, options.maxFileBytes);
    return {
      ...decodeSource(bytes),
      bytes: bytes.byteLength,
      ...(bytes.includes(0) ? { binary: true } : {}),
    };
  } finally {
    await handle.close();
  }
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
