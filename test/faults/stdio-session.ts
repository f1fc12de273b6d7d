import { existsSync } from "node:fs";
import { expect } from "vitest";
import type { PublishDiagnosticsParams } from "vscode-languageserver/node.js";
import { StdioLspClient } from "../../perf/lib/lsp-stdio-client.js";

export const BUILT = existsSync(new URL("../../dist/cli.js", import.meta.url));

/** The vulnerable file every fault test opens: embedded findings + a fake-codeql marker. */
export const VULNERABLE = [
  "import pickle",
  "",
  "",
  "def load(data):",
  "    return pickle.loads(data)  # fake-codeql: py/unsafe-deserialization",
  "",
].join("\n");

/**
 * The BUILT server over stdio with recorded applyEdit requests, for fault and security tests:
 * every fault must leave the server serving, never apply an edit, and say something clear.
 */
export class FaultSession {
  readonly client: StdioLspClient;
  readonly appliedEdits: unknown[] = [];

  constructor(env: NodeJS.ProcessEnv) {
    expect(BUILT, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
    this.client = new StdioLspClient(["--stdio"], env);
    this.client.connection.onRequest("workspace/applyEdit", (params: unknown) => {
      this.appliedEdits.push(params);
      return { applied: false };
    });
  }

  async initialize(seclsp: object, extra: object = {}): Promise<void> {
    await this.client.connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { seclsp: { debounceMs: 0, ...seclsp } },
      ...extra,
    });
    await this.client.connection.sendNotification("initialized", {});
  }

  async openAndSave(uri: string, text = VULNERABLE): Promise<PublishDiagnosticsParams> {
    const first = this.client.diagnostics(uri, (p) => p.version === 1);
    await this.client.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "python", version: 1, text },
    });
    await this.client.connection.sendNotification("textDocument/didSave", { textDocument: { uri } });
    return first;
  }

  /** Wait (bounded) until a showMessage/logMessage matches. */
  async message(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.client.showMessages, ...this.client.logMessages].find((m) => pattern.test(m));
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `no message matching ${pattern} within ${timeoutMs} ms; got:\n${this.allMessages().join("\n---\n")}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  allMessages(): string[] {
    return [...this.client.showMessages, ...this.client.logMessages, this.client.stderr];
  }

  /** The server still answers: an edit gets fresh diagnostics and a request gets a result. */
  async stillServing(uri: string, text = VULNERABLE): Promise<PublishDiagnosticsParams> {
    const next = this.client.diagnostics(uri, (p) => p.version === 2);
    await this.client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: `${text}# edited\n` }],
    });
    const published = await next;
    const info = (await this.client.connection.sendRequest("workspace/executeCommand", {
      command: "seclsp.debugInfo",
      arguments: [{ uri }],
    })) as { version: number };
    expect(info.version).toBe(2);
    return published;
  }

  async stop(): Promise<void> {
    await this.client.connection.sendRequest("shutdown");
    await this.client.connection.sendNotification("exit");
    expect(await this.client.exited).toBe(0);
  }
}
