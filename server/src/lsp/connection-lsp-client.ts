import type {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditResult,
  ClientCapabilities,
  Connection,
  MessageType,
  ProgressToken,
  PublishDiagnosticsParams,
  ShowDocumentParams,
  ShowDocumentResult,
  WorkDoneProgressReporter,
} from "vscode-languageserver/node.js";
import { ShowMessageRequest } from "vscode-languageserver/node.js";
import type { LogLevel, LspClient, ProgressReporter } from "./lsp-client.js";

/** LspClient over a real connection. */
export class ConnectionLspClient implements LspClient {
  constructor(
    private readonly connection: Connection,
    private readonly capabilities: () => ClientCapabilities,
  ) {}

  publishDiagnostics(params: PublishDiagnosticsParams): void {
    void this.connection.sendDiagnostics(params);
  }

  showMessage(type: MessageType, message: string): void {
    void this.connection.sendNotification("window/showMessage", { type, message });
  }

  log(level: LogLevel, message: string): void {
    const console = this.connection.console;
    if (level === "error") console.error(message);
    else if (level === "warn") console.warn(message);
    else if (level === "info") console.info(message);
    else console.log(message);
  }

  applyEdit(params: ApplyWorkspaceEditParams): Promise<ApplyWorkspaceEditResult> {
    return this.connection.workspace.applyEdit(params);
  }

  showDocument(params: ShowDocumentParams): Promise<ShowDocumentResult> {
    return this.connection.window.showDocument(params);
  }

  async showMessageRequest(
    type: MessageType,
    message: string,
    actions: string[],
  ): Promise<string | undefined> {
    const picked = await this.connection.sendRequest(ShowMessageRequest.type, {
      type,
      message,
      actions: actions.map((title) => ({ title })),
    });
    return picked?.title;
  }

  async getConfiguration(section: string): Promise<unknown> {
    if (!this.capabilities().workspace?.configuration) return undefined;
    return this.connection.workspace.getConfiguration(section);
  }

  async withProgress<T>(
    title: string,
    fn: (progress: ProgressReporter) => Promise<T>,
    token?: ProgressToken,
  ): Promise<T> {
    const controller = new AbortController();
    let reporter: WorkDoneProgressReporter | undefined;
    if (token !== undefined) {
      reporter = this.connection.window.attachWorkDoneProgress(token);
    } else if (this.capabilities().window?.workDoneProgress) {
      const created = await this.connection.window.createWorkDoneProgress();
      created.token.onCancellationRequested(() => controller.abort(new Error("cancelled by the user")));
      reporter = created;
    }
    reporter?.begin(title, 0, undefined, true);
    try {
      return await fn({
        report: (message, percentage) =>
          percentage === undefined
            ? reporter?.report(message)
            : reporter?.report(Math.max(0, Math.min(100, Math.round(percentage))), message),
        signal: controller.signal,
      });
    } finally {
      reporter?.done();
    }
  }
}
