import type {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditResult,
  MessageType,
  ProgressToken,
  PublishDiagnosticsParams,
  ShowDocumentParams,
  ShowDocumentResult,
} from "vscode-languageserver/node.js";

export type LogLevel = "error" | "warn" | "info" | "debug";

/** What a long-running task can tell the user while it runs. */
export interface ProgressReporter {
  /** `percentage` is 0–100 and only meaningful when known. */
  report(message: string, percentage?: number): void;
  /** Aborts when the user cancels the progress in the editor. */
  readonly signal: AbortSignal;
}

/**
 * Everything the server logic may ask of the editor. The real implementation forwards to the
 * connection; tests plug in a recording client, so the logic runs without any transport.
 */
export interface LspClient {
  publishDiagnostics(params: PublishDiagnosticsParams): void;
  showMessage(type: MessageType, message: string): void;
  log(level: LogLevel, message: string): void;
  applyEdit(params: ApplyWorkspaceEditParams): Promise<ApplyWorkspaceEditResult>;
  showDocument(params: ShowDocumentParams): Promise<ShowDocumentResult>;
  /**
   * `window/showMessageRequest`: the title of the action the user picked, or undefined when they
   * dismissed it. Optional so that recording clients need not implement it (callers then do not ask).
   */
  showMessageRequest?(type: MessageType, message: string, actions: string[]): Promise<string | undefined>;
  /** The `section` of the client's settings (`workspace/configuration`), or undefined when unsupported. */
  getConfiguration(section: string): Promise<unknown>;
  /**
   * Run `fn` with `$/progress` reporting: on the request's own work-done `token` when the client
   * sent one, else on a server-created one when the client supports it, else silently.
   */
  withProgress<T>(
    title: string,
    fn: (progress: ProgressReporter) => Promise<T>,
    token?: ProgressToken,
  ): Promise<T>;
}
