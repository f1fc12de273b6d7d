import type { Writable } from "node:stream";

/**
 * Where a report goes (stdout or --output file). Writes wait for `drain`, so a slow reader
 * (a pager, a pipe) keeps memory bounded instead of buffering a huge report. A reader that
 * goes away (EPIPE, e.g. `| head`) turns later writes into no-ops instead of a crash.
 */
export class ReportSink {
  private closed = false;

  constructor(private readonly stream: Writable) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      this.closed = true;
      if (error.code !== "EPIPE") process.stderr.write(`seclsp: cannot write the report: ${error.message}\n`);
    });
  }

  async write(text: string): Promise<void> {
    if (this.closed || text.length === 0) return;
    if (!this.stream.write(text)) await this.settled("drain");
  }

  /** Flush and close a file stream; stdout/stderr are left open. */
  async end(): Promise<void> {
    if (this.stream === process.stdout || this.stream === process.stderr || this.closed) return;
    const finished = this.settled("finish");
    this.stream.end();
    await finished;
  }

  /** Resolves on `event`, or when the stream fails or closes first (never rejects). */
  private settled(event: "drain" | "finish"): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        for (const name of [event, "error", "close"]) this.stream.off(name, done);
        resolve();
      };
      for (const name of [event, "error", "close"]) this.stream.on(name, done);
    });
  }
}
