import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node.js";
import type { PublishDiagnosticsParams } from "vscode-languageserver/node.js";
import { SECLSP_BIN } from "./lsp-stdio-client.js";

export interface Publication extends PublishDiagnosticsParams {
  /** performance.now() when the client received it. */
  receivedAt: number;
}

/** Settings every bench uses: no external backends (their processes would skew the figures). */
export const BENCH_SETTINGS = {
  logLevel: "warn",
  codeql: { mode: "off" },
  bandit: { mode: "off" },
} as const;

/**
 * The BUILT server over stdio, with its pid (for /proc RSS) and a timestamp on every
 * publishDiagnostics. Waiters see publications as they arrive.
 */
export class BenchLspProcess {
  readonly connection: MessageConnection;
  readonly published: Publication[] = [];
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  stderr = "";
  private waiters: { accept: (p: Publication) => boolean; resolve: (p: Publication) => void }[] = [];

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.child = spawn(process.execPath, [SECLSP_BIN, "--stdio"], { stdio: "pipe", env });
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString("utf8");
    });
    this.connection = createMessageConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    this.connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
      const publication = { ...params, receivedAt: performance.now() };
      this.published.push(publication);
      const ready = this.waiters.filter((w) => w.accept(publication));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const waiter of ready) waiter.resolve(publication);
    });
    this.connection.onRequest(() => null);
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  async initialize(settings: object = {}): Promise<void> {
    await this.connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { seclsp: { ...BENCH_SETTINGS, ...settings } },
    });
    await this.connection.sendNotification("initialized", {});
  }

  /** The next publication (after this call) for `uri` accepted by `accept`. */
  next(uri: string, accept: (p: Publication) => boolean = () => true): Promise<Publication> {
    return new Promise((resolve) =>
      this.waiters.push({ accept: (p) => p.uri === uri && accept(p), resolve }),
    );
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "python", version, text },
    });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  }

  /** Resident set size of the server process in KiB (VmRSS of /proc/<pid>/status). */
  rssKiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    if (!match) throw new Error(`no VmRSS in /proc/${this.pid}/status`);
    return Number(match[1]);
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest("shutdown");
    await this.connection.sendNotification("exit");
    await this.exited;
    this.connection.dispose();
  }
}
