import type {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditResult,
  MessageType,
  ProgressToken,
  PublishDiagnosticsParams,
  ShowDocumentParams,
  ShowDocumentResult,
} from "vscode-languageserver/node.js";
import type { LogLevel, LspClient, ProgressReporter } from "./lsp-client.js";

/**
 * The client as one command sees it, noting whether the command showed the user anything
 * (window/showMessage, showMessageRequest or showDocument). Several clients (Neovim 0.7, eglot)
 * display nothing of a command's result, so a command that showed nothing gets a summary message
 * from the server (see SeclspServer.executeCommand).
 */
export class AnswerTrackingClient implements LspClient {
  answered = false;
  readonly showMessageRequest?: LspClient["showMessageRequest"];

  constructor(private readonly inner: LspClient) {
    const ask = inner.showMessageRequest?.bind(inner);
    if (ask) {
      this.showMessageRequest = (type, message, actions) => {
        this.answered = true;
        return ask(type, message, actions);
      };
    }
  }

  publishDiagnostics(params: PublishDiagnosticsParams): void {
    this.inner.publishDiagnostics(params);
  }

  showMessage(type: MessageType, message: string): void {
    this.answered = true;
    this.inner.showMessage(type, message);
  }

  log(level: LogLevel, message: string): void {
    this.inner.log(level, message);
  }

  applyEdit(params: ApplyWorkspaceEditParams): Promise<ApplyWorkspaceEditResult> {
    return this.inner.applyEdit(params);
  }

  async showDocument(params: ShowDocumentParams): Promise<ShowDocumentResult> {
    const result = await this.inner.showDocument(params);
    if (result.success) this.answered = true;
    return result;
  }

  getConfiguration(section: string): Promise<unknown> {
    return this.inner.getConfiguration(section);
  }

  withProgress<T>(
    title: string,
    fn: (progress: ProgressReporter) => Promise<T>,
    token?: ProgressToken,
  ): Promise<T> {
    return this.inner.withProgress(title, fn, token);
  }
}
