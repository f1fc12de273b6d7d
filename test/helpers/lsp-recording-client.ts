import type {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditResult,
  Diagnostic,
  MessageType,
  ProgressToken,
  PublishDiagnosticsParams,
  ShowDocumentParams,
  ShowDocumentResult,
} from "vscode-languageserver/node.js";
import type { LogLevel, LspClient, ProgressReporter } from "../../server/src/lsp/lsp-client.js";

/** An LspClient that records everything the server sends, for in-process tests. */
export class RecordingLspClient implements LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly messages: Array<{ type: MessageType; message: string }> = [];
  readonly logs: Array<{ level: LogLevel; message: string }> = [];
  readonly edits: ApplyWorkspaceEditParams[] = [];
  readonly shownDocuments: ShowDocumentParams[] = [];
  readonly progress: Array<{ title: string; token?: ProgressToken; reports: string[] }> = [];
  /** Answer to workspace/configuration (section seclsp). */
  configuration: unknown;
  configurationRequests = 0;

  publishDiagnostics(params: PublishDiagnosticsParams): void {
    this.published.push(structuredClone(params));
  }

  showMessage(type: MessageType, message: string): void {
    this.messages.push({ type, message });
  }

  log(level: LogLevel, message: string): void {
    this.logs.push({ level, message });
  }

  async applyEdit(params: ApplyWorkspaceEditParams): Promise<ApplyWorkspaceEditResult> {
    this.edits.push(params);
    return { applied: true };
  }

  async showDocument(params: ShowDocumentParams): Promise<ShowDocumentResult> {
    this.shownDocuments.push(params);
    return { success: true };
  }

  async getConfiguration(_section: string): Promise<unknown> {
    this.configurationRequests++;
    return structuredClone(this.configuration);
  }

  async withProgress<T>(
    title: string,
    fn: (progress: ProgressReporter) => Promise<T>,
    token?: ProgressToken,
  ): Promise<T> {
    const entry = { title, token, reports: [] as string[] };
    this.progress.push(entry);
    return fn({ report: (message) => entry.reports.push(message), signal: new AbortController().signal });
  }

  /** Every publish for `uri`, oldest first. */
  publishesFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /** The diagnostics of the last publish for `uri` (throws if none, so tests fail loudly). */
  lastDiagnostics(uri: string): Diagnostic[] {
    const last = this.publishesFor(uri).at(-1);
    if (!last) throw new Error(`no diagnostics published for ${uri}`);
    return last.diagnostics;
  }
}
