import type { Readable } from "node:stream";
import { decodeSource, type SourceText } from "../files/read-source-file.js";

/**
 * `seclsp check - --stdin-filename PATH`: the unsaved buffer an editor integration pipes in,
 * read up to `maxFileBytes` (more is reported like an oversized file, without buffering it all).
 */
export async function readStdinSource(stdin: Readable, maxFileBytes: number): Promise<SourceText> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += buffer.byteLength;
    if (bytes <= maxFileBytes) chunks.push(buffer);
  }
  if (bytes > maxFileBytes)
    return { text: "", bytes, skipped: `${bytes} bytes > maxFileBytes (${maxFileBytes})` };
  const all = Buffer.concat(chunks);
  return { ...decodeSource(all), bytes, ...(all.includes(0) ? { binary: true as const } : {}) };
}
