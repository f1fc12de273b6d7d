import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node.js";
import type { PublishDiagnosticsParams } from "vscode-languageserver/node.js";

export const SECLSP_BIN = fileURLToPath(new URL("../../bin/seclsp.js", import.meta.url));

interface DiagnosticsWaiter {
  uri: string;
  accept: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
}

/**
 * Extra node flags for the server process, e.g. `SECLSP_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`
 * to profile what a benchmark measures (NODE_OPTIONS refuses --cpu-prof). Split on spaces.
 */
function serverNodeArgs(env: NodeJS.ProcessEnv): string[] {
  return env.SECLSP_BENCH_NODE_ARGS?.split(" ").filter((arg) => arg !== "") ?? [];
}

/**
 * The BUILT server (`node bin/seclsp.js --stdio`) as a child process, spoken to over JSON-RPC on
 * its stdio, like an editor does. Records every publishDiagnostics and the child's stderr.
 */
export class StdioLspClient {
  readonly connection: MessageConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logMessages: string[] = [];
  readonly showMessages: string[] = [];
  readonly protocolErrors: unknown[] = [];
  stderr = "";
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;
  private waiters: DiagnosticsWaiter[] = [];

  /** `entry`: node arguments naming the server script (another server than seclsp: perf:floor). */
  constructor(
    args: string[] = ["--stdio"],
    env: NodeJS.ProcessEnv = process.env,
    entry: string[] = [SECLSP_BIN],
  ) {
    this.child = spawn(process.execPath, [...serverNodeArgs(env), ...entry, ...args], {
      stdio: "pipe",
      env,
    });
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString("utf8");
    });
    this.connection = createMessageConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    this.connection.onError((error) => this.protocolErrors.push(error));
    this.connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      const ready = this.waiters.filter((w) => w.uri === params.uri && w.accept(params));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const waiter of ready) waiter.resolve(params);
    });
    this.connection.onNotification("window/logMessage", (params: { message: string }) => {
      this.logMessages.push(params.message);
    });
    this.connection.onNotification("window/showMessage", (params: { message: string }) => {
      this.showMessages.push(params.message);
    });
    this.connection.listen();
  }

  /** `initialize` (publishDiagnostics with versions), then `initialized`. */
  async initialize(initializationOptions?: unknown): Promise<void> {
    await this.connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      ...(initializationOptions === undefined ? {} : { initializationOptions }),
    });
    await this.connection.sendNotification("initialized", {});
  }

  /** `shutdown`, `exit`, and the process's end (a profile given by --cpu-prof is written then). */
  async shutdown(): Promise<void> {
    await this.connection.sendRequest("shutdown");
    await this.connection.sendNotification("exit");
    await this.exited;
  }

  /**
   * When the two publications of `version` (the fast phase, then with the data flow) arrive, as
   * `performance.now()` times; call it before sending the change that makes `version`.
   */
  bothPhases(uri: string, version: number): Promise<{ firstAt: number; allAt: number }> {
    let seen = 0;
    let firstAt = 0;
    return this.nextDiagnostics(uri, (p) => {
      if (p.version !== version) return false;
      if (++seen === 1) firstAt = performance.now();
      return seen === 2;
    }).then(() => ({ firstAt, allAt: performance.now() }));
  }

  /** The server process id (perf scripts read its CPU time from /proc). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves with the first publish for `uri` (already received or future) accepted by `accept`. */
  diagnostics(
    uri: string,
    accept: (params: PublishDiagnosticsParams) => boolean = () => true,
  ): Promise<PublishDiagnosticsParams> {
    const seen = this.published.find((p) => p.uri === uri && accept(p));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ uri, accept, resolve }));
  }

  /**
   * The complete diagnostics of `version`: the server publishes each analyzed version twice, the
   * fast (ruff) phase first, then with the data-flow findings (never more for one version).
   */
  completeDiagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    let seen = 0;
    const second = (p: PublishDiagnosticsParams) => p.version === version && ++seen === 2;
    const already = this.published.filter((p) => p.uri === uri);
    const found = already.find(second);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ uri, accept: second, resolve }));
  }

  /** Like `diagnostics` but ignores everything published so far. */
  nextDiagnostics(
    uri: string,
    accept: (params: PublishDiagnosticsParams) => boolean = () => true,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, accept, resolve }));
  }

  /** Stop the child if a test failed halfway (no-op once it exited). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
    this.connection.dispose();
  }
}
