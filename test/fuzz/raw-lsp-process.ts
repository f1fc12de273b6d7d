import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { SECLSP_BIN } from "../../perf/lib/lsp-stdio-client.js";

export interface JsonRpcResponse {
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string };
}

/**
 * The built server spoken to with raw bytes, so a test can send what no well-behaved JSON-RPC
 * library would: broken JSON, wrong types, garbage headers, huge frames.
 */
export class RawLspProcess {
  readonly responses = new Map<number | string, JsonRpcResponse>();
  readonly notifications: { method: string; params: unknown }[] = [];
  stderr = "";
  exitCode: number | null | undefined = undefined;
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private waiters: { id: number | string; resolve: (r: JsonRpcResponse) => void }[] = [];

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.child = spawn(process.execPath, [SECLSP_BIN, "--stdio"], { stdio: "pipe", env });
    this.child.stdout.on("data", (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString("utf8");
    });
    this.child.on("exit", (code) => {
      this.exitCode = code;
    });
    this.child.stdin.on("error", () => {});
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  sendRaw(bytes: string | Buffer): void {
    this.child.stdin.write(bytes);
  }

  sendFrame(body: string): void {
    this.sendRaw(`Content-Length: ${Buffer.byteLength(body, "utf8")}\r\n\r\n${body}`);
  }

  send(message: object): void {
    this.sendFrame(JSON.stringify({ jsonrpc: "2.0", ...message }));
  }

  response(id: number | string, timeoutMs = 20_000): Promise<JsonRpcResponse> {
    const seen = this.responses.get(id);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no response to request ${id} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        id,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  /** The exit code once the process ended (bounded wait: rejects after `timeoutMs`). */
  async exited(timeoutMs = 20_000): Promise<number | null> {
    if (this.exitCode !== undefined) return this.exitCode;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs);
      this.child.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  kill(): void {
    if (this.alive) this.child.kill("SIGKILL");
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const match = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString("ascii"));
      if (!match)
        throw new Error(
          `server wrote a frame without Content-Length: ${this.buffer.toString().slice(0, 200)}`,
        );
      const length = Number(match[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const message = JSON.parse(
        this.buffer.subarray(start, start + length).toString("utf8"),
      ) as JsonRpcResponse & {
        method?: string;
        params?: unknown;
      };
      this.buffer = this.buffer.subarray(start + length);
      if (message.method !== undefined && message.id === undefined) {
        this.notifications.push({ method: message.method, params: message.params });
      } else if (message.method !== undefined) {
        // A request from the server (workspace/configuration, window/workDoneProgress/create...): answer null.
        this.send({ id: message.id, result: null });
      } else if (message.id !== null && message.id !== undefined) {
        this.responses.set(message.id, message);
        const ready = this.waiters.filter((w) => w.id === message.id);
        this.waiters = this.waiters.filter((w) => w.id !== message.id);
        for (const waiter of ready) waiter.resolve(message);
      }
    }
  }
}
