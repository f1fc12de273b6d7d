import type {
  CancellationToken,
  ClientCapabilities,
  CodeAction,
  CodeActionParams,
  Diagnostic,
  ProgressToken,
} from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Analyzer } from "../analysis/analyzer.js";
import type { Finding, FindingSource } from "../analysis/finding.js";
import type { SeclspConfig } from "../config/schema.js";
import type { CommandId } from "./command-ids.js";
import type { DocumentStore } from "./document-store.js";
import type { Logger } from "./logger.js";
import type { LspClient } from "./lsp-client.js";

/** What a feature may use. Features never see the connection. */
export interface FeatureContext {
  readonly client: LspClient;
  readonly logger: Logger;
  readonly documents: DocumentStore;
  /**
   * Settings in effect; with a path, those of the workspace folder containing it (multi-root:
   * each folder's project file), else the first folder's.
   */
  config(path?: string): SeclspConfig;
  /** The workspace's project config file the settings are layered on, if any. */
  projectConfigFile?(): string | undefined;
  /** Read the settings again (project files included); open documents are re-analyzed if they changed. */
  reloadSettings?(): Promise<void>;
  clientCapabilities(): ClientCapabilities;
  /** Findings currently shown for a document (merged, suppressions applied). */
  findings(uri: string): Finding[];
  /** Publish a backend's findings for a document version; false when that version is stale. */
  updateFindings(uri: string, source: FindingSource, version: number, findings: Finding[]): boolean;
  /** Analyzers this server runs: the embedded one, then each feature's (for debug info). */
  analyzers(): Analyzer[];
  /** Absolute paths of the client's workspace folders (file: ones). */
  workspaceFolders(): string[];
  /**
   * Findings of the embedded analyzer for a file that is not open (workspace scan, watcher), with
   * the settings open documents get; keeps no parse tree around. Empty when it is disabled.
   */
  analyzeClosedFile(path: string, text: string): Finding[];
  /**
   * The same findings without blocking the server: from the result cache shared with `seclsp
   * check` when the file is unchanged, else analyzed in the worker threads. Absent: use
   * `analyzeClosedFile`.
   */
  analyzeClosedFileAsync?(path: string, text: string): Promise<Finding[]>;
  /**
   * A closed file's findings as an open document would show them (suppressions, rule selection,
   * `onlyNew`, with its workspace folder's settings). Absent: suppressions only.
   */
  presentClosedFile?(
    path: string,
    uri: string,
    text: string,
    findings: Finding[],
  ): { findings: Finding[]; diagnostics: Diagnostic[] };
}

export interface CommandRequest {
  token: CancellationToken;
  /** The client's work-done token for this request, for `client.withProgress`. */
  workDoneToken?: ProgressToken;
}

export type CommandHandler = (args: unknown[], context: FeatureContext, request: CommandRequest) => unknown;

/**
 * One user-visible capability (suppress, debug info, explain, CodeQL on save ...), in its own
 * file under `lsp/features/`, listed once in `features/index.ts`. The server registers its
 * commands, asks it for code actions and tells it about saves.
 */
export interface LspFeature {
  readonly name: string;
  readonly commands?: Partial<Record<CommandId, CommandHandler>>;
  /** Extra code action kinds this feature produces (announced in the capabilities). */
  readonly codeActionKinds?: string[];
  codeActions?(params: CodeActionParams, context: FeatureContext): CodeAction[] | Promise<CodeAction[]>;
  onDidSave?(document: TextDocument, context: FeatureContext): void | Promise<void>;
  onDidClose?(uri: string, context: FeatureContext): void;
  /** The settings in effect changed (after open documents were re-analyzed). */
  onDidChangeConfiguration?(context: FeatureContext): void;
  /** The client added or removed workspace folders. */
  onDidChangeWorkspaceFolders?(context: FeatureContext): void;
  /** The server shuts down: stop watchers and background work. */
  onShutdown?(context: FeatureContext): void | Promise<void>;
  /** Analyzers this feature runs (listed by debug info). */
  analyzers?(context: FeatureContext): Analyzer[];
}
