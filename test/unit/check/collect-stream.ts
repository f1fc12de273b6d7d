import { Writable } from "node:stream";

/** A Writable that keeps what was written, for asserting on reports and stderr. */
export class CollectStream extends Writable {
  text = "";
  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.text += chunk.toString();
    done();
  }
}
