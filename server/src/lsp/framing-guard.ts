import { Transform, type TransformCallback } from "node:stream";

/** Longest header block accepted (real clients send ~60 bytes: Content-Length, maybe Content-Type). */
const MAX_HEADER_BYTES = 8 * 1024;
/** Largest message body accepted (hostile-inputs: 50 MB messages must work). */
const MAX_BODY_BYTES = 512 * 1024 * 1024;

export class FramingError extends Error {
  override name = "FramingError";
}

/**
 * Validates LSP base-protocol framing on the way in and passes the bytes through unchanged.
 * vscode-jsonrpc's reader, given a bad `Content-Length`, reports an error and then waits forever
 * on the same bytes: the server stays alive but deaf, and the editor never restarts it. This guard
 * turns every framing violation (missing, duplicate, non-numeric or out-of-range Content-Length,
 * a header line without `:`, an oversized header block) into a stream error, on which the
 * server exits non-zero with a message on stderr (see start-server.ts).
 */
export class FramingGuard extends Transform {
  private header = Buffer.alloc(0);
  /** Body bytes still to pass through before the next header. */
  private remaining = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      let rest = chunk;
      while (rest.length > 0) {
        if (this.remaining > 0) {
          const take = Math.min(this.remaining, rest.length);
          this.push(rest.subarray(0, take));
          this.remaining -= take;
          rest = rest.subarray(take);
          continue;
        }
        this.header = Buffer.concat([this.header, rest]);
        const end = this.header.indexOf("\r\n\r\n");
        if (end < 0) {
          if (this.header.length > MAX_HEADER_BYTES) {
            throw new FramingError(`no end of header after ${this.header.length} bytes`);
          }
          break;
        }
        const block = this.header.subarray(0, end + 4);
        rest = this.header.subarray(end + 4);
        this.header = Buffer.alloc(0);
        this.remaining = contentLength(block.subarray(0, end).toString("ascii"));
        this.push(block);
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    // A client that closes mid-message is going away anyway; the normal end-of-input exit applies.
    callback();
  }
}

/** The single, valid Content-Length of a header block (without its final blank line). */
export function contentLength(block: string): number {
  let length: number | undefined;
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new FramingError(`malformed header line ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name !== "content-length") continue;
    if (length !== undefined) throw new FramingError("duplicate Content-Length header");
    if (!/^\d+$/.test(value)) {
      throw new FramingError(`Content-Length is not a number: ${JSON.stringify(value.slice(0, 40))}`);
    }
    length = Number(value);
    if (length > MAX_BODY_BYTES) {
      throw new FramingError(`Content-Length ${value.slice(0, 40)} is over the ${MAX_BODY_BYTES}-byte limit`);
    }
  }
  if (length === undefined) throw new FramingError("header without Content-Length");
  return length;
}
