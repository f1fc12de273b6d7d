import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import {
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type DidChangeConfigurationParams,
  ErrorCodes,
  type ExecuteCommandParams,
  type InitializeParams,
  type InitializeResult,
  MessageType,
  ResponseError,
  type WorkspaceFoldersChangeEvent,
} from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Analyzer } from "../analysis/analyzer.js";
import { EmbeddedAnalyzer } from "../analysis/embedded/embedded-analyzer.js";
import type { Finding, FindingSource } from "../analysis/finding.js";
import { KnownFindings } from "../baseline/known-findings.js";
import { DEFAULT_CONFIG, type SeclspConfig } from "../config/schema.js";
import { workspaceProjectConfig } from "../config/workspace-project-config.js";
import { AnalysisScheduler } from "./analysis-scheduler.js";
import { serverCapabilities } from "./capabilities.js";
import { AnswerTrackingClient } from "./command-answer.js";
import { assertCommandInWorkspace } from "./command-scope.js";
import { DocumentFilter } from "./document-filter.js";
import { DocumentFindings } from "./document-findings.js";
import { documentPath } from "./document-path.js";
import type { DocumentStore } from "./document-store.js";
import type { CommandHandler, CommandRequest, FeatureContext, LspFeature } from "./feature.js";
import { FEATURES } from "./features/index.js";
import { skippedFileDiagnostic } from "./finding-diagnostic.js";
import { Logger, levelFromEnv } from "./logger.js";
import type { LspClient } from "./lsp-client.js";
import { resolveSettings } from "./settings.js";
import { seclspVersion } from "./version-info.js";
import { WorkspaceFolders } from "./workspace-folders.js";

export interface SeclspServerOptions {
  client: LspClient;
  documents: DocumentStore;
  features?: readonly LspFeature[];
}

/**
 * The language server's logic. It talks to the editor only through `LspClient` and receives
 * already-applied document events, so it runs in-process in tests without any transport.
 */
export class SeclspServer {
  readonly logger: Logger;
  private readonly client: LspClient;
  private readonly documents: DocumentStore;
  private readonly features: readonly LspFeature[];
  /** Command id → handler. A Map: ids come from the client ("constructor", "__proto__" are not commands). */
  private readonly commands = new Map<string, CommandHandler>();
  private readonly findings: DocumentFindings;
  private readonly scheduler: AnalysisScheduler;
  /** Last version analyzed per document: open fires both open and change events for one version. */
  private readonly analyzedVersion = new Map<string, number>();
  private readonly context: FeatureContext;
  private readonly filter = new DocumentFilter();
  private readonly folders = new WorkspaceFolders();
  private config: SeclspConfig = DEFAULT_CONFIG;
  private embedded = new EmbeddedAnalyzer({ threatModel: DEFAULT_CONFIG.threatModel });
  private capabilities: ClientCapabilities = {};
  private initializationOptions: unknown;
  private shownProblems = "";
  /** The workspace's project config file in effect, for debug info. */
  private projectFile: string | undefined;
  /** The `onlyNew` settings the known-findings filter was built for. */
  private knownFor = "";

  constructor(options: SeclspServerOptions) {
    this.client = options.client;
    this.documents = options.documents;
    this.features = options.features ?? FEATURES;
    for (const feature of this.features) {
      for (const [id, handler] of Object.entries(feature.commands ?? {})) {
        if (handler && !this.commands.has(id)) this.commands.set(id, handler);
      }
    }
    this.logger = new Logger(this.client, levelFromEnv() ?? DEFAULT_CONFIG.logLevel);
    this.findings = new DocumentFindings(
      this.documents,
      this.client,
      () => this.capabilities.textDocument?.publishDiagnostics?.relatedInformation === true,
    );
    this.scheduler = new AnalysisScheduler((uri) => this.analyze(uri));
    this.context = {
      client: this.client,
      logger: this.logger,
      documents: this.documents,
      config: () => this.config,
      projectConfigFile: () => this.projectFile,
      clientCapabilities: () => this.capabilities,
      findings: (uri) => this.findings.current(uri),
      updateFindings: (uri, source, version, findings) =>
        this.findings.update(uri, source, version, findings),
      analyzers: () => this.analyzers(),
      workspaceFolders: () => this.folders.paths(),
      analyzeClosedFile: (path, text) => this.analyzeClosedFile(path, text),
    };
  }

  async initialize(params: InitializeParams): Promise<InitializeResult> {
    this.capabilities = params.capabilities;
    this.initializationOptions = params.initializationOptions;
    this.filter.setWorkspace(params);
    this.folders.set(params);
    // Problems are reported once, in initialized(), together with the client's own settings.
    this.applyConfig(resolveSettings(this.initializationOptions, undefined).config);
    // The taint engine's parser loads asynchronously; until then analyzeText is ruff-only.
    // Waiting here (once, ~100 ms) makes the very first diagnostics complete and deterministic.
    await EmbeddedAnalyzer.ready().catch((error: unknown) =>
      this.logger.error(`seclsp: taint engine unavailable, ruff rules only: ${describe(error)}`),
    );
    return {
      capabilities: serverCapabilities(this.features),
      serverInfo: { name: "seclsp", version: seclspVersion() },
    };
  }

  async initialized(): Promise<void> {
    await this.loadSettings(undefined);
  }

  async didChangeConfiguration(params: DidChangeConfigurationParams): Promise<void> {
    await this.loadSettings(params.settings);
  }

  /** `workspace/didChangeWorkspaceFolders`. */
  didChangeWorkspaceFolders(event: WorkspaceFoldersChangeEvent): void {
    this.folders.change(event);
    const workspaceFolders = this.folders
      .paths()
      .map((path) => ({ uri: pathToFileURL(path).href, name: path }));
    this.filter.setWorkspace({ workspaceFolders, rootUri: null });
    for (const feature of this.features) feature.onDidChangeWorkspaceFolders?.(this.context);
  }

  didOpen(document: TextDocument): void {
    if (!this.filter.accepts(document)) return;
    this.scheduler.runNow(document.uri);
  }

  didChangeContent(document: TextDocument): void {
    if (!this.filter.accepts(document) || this.analyzedVersion.get(document.uri) === document.version) return;
    this.scheduler.schedule(document.uri, this.config.debounceMs);
  }

  async didSave(document: TextDocument): Promise<void> {
    if (!this.filter.accepts(document)) return;
    this.findings.refreshKnown(document.uri);
    // Saving ends the debounce; an already analyzed version needs no second embedded run.
    if (this.scheduler.pending(document.uri) || this.analyzedVersion.get(document.uri) !== document.version) {
      this.scheduler.runNow(document.uri);
    }
    for (const feature of this.features) {
      if (!feature.onDidSave) continue;
      await Promise.resolve(feature.onDidSave(document, this.context)).catch((error: unknown) =>
        this.logger.error(`seclsp: ${feature.name} on save failed: ${describe(error)}`),
      );
    }
  }

  didClose(uri: string): void {
    this.scheduler.cancel(uri);
    this.analyzedVersion.delete(uri);
    this.embedded.forget(documentPath(uri));
    this.findings.clear(uri);
    for (const feature of this.features) feature.onDidClose?.(uri, this.context);
  }

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const context = this.currentFindingsContext([params.textDocument?.uri]);
    const actions: CodeAction[] = [];
    for (const feature of this.features) {
      if (!feature.codeActions) continue;
      try {
        actions.push(...(await feature.codeActions(params, context)));
      } catch (error) {
        this.logger.error(`seclsp: ${feature.name} code actions failed: ${describe(error)}`);
      }
    }
    return actions;
  }

  /**
   * Code actions and commands see the findings shown for each named document's current version:
   * a pending (debounced) analysis runs first, so neither acts on lines of older text while a
   * debounce is waiting; if the findings still lag (the analysis failed), they see none.
   */
  private currentFindingsContext(uris: readonly unknown[]): FeatureContext {
    const open = new Set<string>();
    for (const uri of uris) {
      const document = typeof uri === "string" ? this.documents.get(uri) : undefined;
      if (!document || open.has(document.uri)) continue;
      open.add(document.uri);
      if (this.filter.accepts(document) && (this.scheduler.pending(document.uri) || this.lags(document))) {
        this.scheduler.runNow(document.uri);
      }
    }
    if (open.size === 0) return this.context;
    return {
      ...this.context,
      findings: (target) => {
        const document = open.has(target) ? this.documents.get(target) : undefined;
        return document && this.lags(document) ? [] : this.findings.current(target);
      },
    };
  }

  /** The shown findings are not placed on the document's current version. */
  private lags(document: TextDocument): boolean {
    return this.findings.publishedVersion(document.uri) !== document.version;
  }

  async executeCommand(params: ExecuteCommandParams, request: CommandRequest): Promise<unknown> {
    const handler = typeof params.command === "string" ? this.commands.get(params.command) : undefined;
    if (!handler) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `seclsp: unknown command ${JSON.stringify(params.command)} (known: ${[...this.commands.keys()].sort().join(", ")})`,
      );
    }
    const args = Array.isArray(params.arguments) ? params.arguments : [];
    assertCommandInWorkspace(params.command, args, this.folders.paths());
    const client = new AnswerTrackingClient(this.client);
    const context = this.currentFindingsContext(commandDocumentUris(args));
    const result = await handler(args, { ...context, client }, request);
    // Errors are shown by every client (they answer the request); a result may not be.
    if (!client.answered) this.client.showMessage(MessageType.Info, `seclsp: ${params.command} done`);
    return result;
  }

  async shutdown(): Promise<void> {
    this.scheduler.cancelAll();
    for (const feature of this.features) {
      await Promise.resolve(feature.onShutdown?.(this.context)).catch((error: unknown) =>
        this.logger.error(`seclsp: ${feature.name} shutdown failed: ${describe(error)}`),
      );
    }
  }

  /** Settings in effect (initializationOptions overlaid with the client's `seclsp` section). */
  currentConfig(): SeclspConfig {
    return this.config;
  }

  /** Findings currently shown for `uri` (merged, suppressions applied). */
  findingsFor(uri: string): Finding[] {
    return this.findings.current(uri);
  }

  /** A backend's findings for one document version; false (dropped) when that version is stale. */
  updateFindings(uri: string, source: FindingSource, version: number, findings: Finding[]): boolean {
    return this.findings.update(uri, source, version, findings);
  }

  analyzers(): Analyzer[] {
    return [this.embedded, ...this.features.flatMap((feature) => feature.analyzers?.(this.context) ?? [])];
  }

  private async loadSettings(pushed: unknown): Promise<void> {
    let clientSettings = pushed;
    if (this.capabilities.workspace?.configuration) {
      try {
        clientSettings = await this.client.getConfiguration("seclsp");
      } catch (error) {
        this.logger.warn(`seclsp: workspace/configuration failed, using pushed settings: ${describe(error)}`);
      }
    }
    const project = await workspaceProjectConfig(this.folders.paths()[0]);
    this.projectFile = project.projectFile;
    const resolved = resolveSettings(this.initializationOptions, clientSettings, project.settings);
    const { config } = resolved;
    const problems = [...project.problems, ...resolved.problems];
    const report = problems.join("\n");
    if (report !== this.shownProblems) {
      this.shownProblems = report;
      if (report)
        this.client.showMessage(MessageType.Warning, `seclsp: invalid settings ignored:\n${report}`);
    }
    const changed = JSON.stringify(config) !== JSON.stringify(this.config);
    this.setKnownFindings(config);
    this.applyConfig(config);
    if (changed) {
      this.reanalyzeAll();
      for (const feature of this.features) feature.onDidChangeConfiguration?.(this.context);
    }
  }

  /** Rebuild the rule selection / `onlyNew` view when its settings changed; it re-publishes when ready. */
  private setKnownFindings(config: SeclspConfig): void {
    const { onlyNew, baseline, newSince, knownFindings, select, ignore, severity } = config;
    const key = JSON.stringify([onlyNew, baseline, newSince, knownFindings, select, ignore, severity]);
    if (key === this.knownFor) return;
    this.knownFor = key;
    const known = KnownFindings.create(
      config,
      () => this.findings.republishAll(),
      (message) => this.client.showMessage(MessageType.Warning, message),
    );
    this.findings.setView({ known, knownStyle: knownFindings, selection: { select, ignore, severity } });
  }

  private applyConfig(config: SeclspConfig): void {
    this.config = config;
    this.filter.setExclude(config.exclude);
    this.logger.level = levelFromEnv() ?? config.logLevel;
    this.embedded = new EmbeddedAnalyzer({
      threatModel: config.threatModel,
      ignoreRules: config.embedded.ignoreRules,
    });
  }

  private reanalyzeAll(): void {
    for (const document of this.documents.all()) {
      this.analyzedVersion.delete(document.uri);
      if (this.filter.accepts(document)) this.scheduler.runNow(document.uri);
      else if (this.findings.has(document.uri)) this.findings.clear(document.uri);
    }
  }

  private analyzeClosedFile(path: string, text: string): Finding[] {
    if (!this.config.embedded.enabled) return [];
    try {
      return this.embedded.analyzeText({ path, text });
    } finally {
      // Parse trees are kept for open documents only (a workspace holds thousands of files).
      if (!this.documents.all().some((document) => documentPath(document.uri) === path))
        this.embedded.forget(path);
    }
  }

  /** Analyze the document's current text with the embedded analyzer and publish. Never throws. */
  private analyze(uri: string): void {
    const document = this.documents.get(uri);
    if (!document) return;
    const { version } = document;
    this.analyzedVersion.set(uri, version);
    const text = document.getText();
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > this.config.maxFileBytes) {
      this.findings.replaceWithNotice(uri, version, skippedFileDiagnostic(bytes, this.config.maxFileBytes));
      return;
    }
    if (!this.config.embedded.enabled) {
      this.findings.update(uri, "embedded", version, []);
      return;
    }
    try {
      const started = performance.now();
      const findings = this.embedded.analyzeText({ path: documentPath(uri), text });
      this.findings.update(uri, "embedded", version, findings);
      if (this.logger.enabled("debug")) {
        const ms = (performance.now() - started).toFixed(1);
        this.logger.debug(`seclsp: ${uri} v${version}: ${findings.length} findings in ${ms} ms`);
      }
    } catch (error) {
      // Previous diagnostics stay; the next edit retries.
      this.logger.error(`seclsp: analysis of ${uri} failed: ${describe(error)}`);
    }
  }
}

/** The document URIs a command names: string arguments and the `uri` of object arguments. */
function commandDocumentUris(args: readonly unknown[]): unknown[] {
  return args.map((arg) =>
    typeof arg === "object" && arg !== null && !Array.isArray(arg) ? (arg as { uri?: unknown }).uri : arg,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
