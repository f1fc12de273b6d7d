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
import { DEFAULT_CONFIG, type SeclspConfig } from "../config/schema.js";
import { AnalysisScheduler } from "./analysis-scheduler.js";
import { serverCapabilities } from "./capabilities.js";
import { ClosedFileResults } from "./closed-file-results.js";
import { AnswerTrackingClient } from "./command-answer.js";
import { assertCommandInWorkspace, commandDocumentUris } from "./command-scope.js";
import { DocumentFilter } from "./document-filter.js";
import { DocumentFindings, presentFindings } from "./document-findings.js";
import { documentPath } from "./document-path.js";
import type { DocumentStore } from "./document-store.js";
import { EmbeddedDocumentAnalysis } from "./embedded-document-analysis.js";
import type { CommandHandler, CommandRequest, FeatureContext, LspFeature } from "./feature.js";
import { FEATURES } from "./features/index.js";
import { skippedFileDiagnostic } from "./finding-diagnostic.js";
import { Logger, levelFromEnv } from "./logger.js";
import type { LspClient } from "./lsp-client.js";
import { memoryReport, type ServerMemoryReport } from "./memory-report.js";
import { ServerSettings } from "./server-settings.js";
import { resolveSettings } from "./settings.js";
import { seclspVersion } from "./version-info.js";
import { WorkspaceFolders } from "./workspace-folders.js";

export interface SeclspServerOptions {
  client: LspClient;
  documents: DocumentStore;
  features?: readonly LspFeature[];
  /**
   * Run the data-flow phase in a worker thread and publish diagnostics in two phases (ruff first).
   * The editor's server does; in-process tests default to one synchronous publication.
   */
  taintWorker?: boolean;
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
  private readonly embeddedAnalysis: EmbeddedDocumentAnalysis;
  /** Closed files' findings through the result cache shared with `seclsp check`. */
  private readonly closedResults: ClosedFileResults;
  /** Last version analyzed per document: open fires both open and change events for one version. */
  private readonly analyzedVersion = new Map<string, number>();
  private readonly context: FeatureContext;
  private readonly filter = new DocumentFilter();
  private readonly folders = new WorkspaceFolders();
  /** Each workspace folder's settings, finding view and embedded analyzer. */
  private readonly settings: ServerSettings;
  /** Settings the client last pushed (re-read when workspace folders change). */
  private pushedSettings: unknown;
  private capabilities: ClientCapabilities = {};
  private initializationOptions: unknown;

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
    this.embeddedAnalysis = new EmbeddedDocumentAnalysis(
      this.findings,
      this.logger,
      options.taintWorker ?? false,
      () => this.folders.paths(),
    );
    this.settings = new ServerSettings(this.client, this.logger, this.findings);
    this.scheduler = new AnalysisScheduler((uri) => this.analyze(uri));
    this.closedResults = new ClosedFileResults(this.logger);
    this.filter.setExclude((path) => this.settings.configFor(path).exclude);
    this.context = {
      client: this.client,
      logger: this.logger,
      documents: this.documents,
      config: (path) => (path === undefined ? this.settings.config : this.settings.configFor(path)),
      projectConfigFile: () => this.settings.projectFile(),
      reloadSettings: () => this.loadSettings(this.pushedSettings),
      clientCapabilities: () => this.capabilities,
      findings: (uri) => this.findings.current(uri),
      updateFindings: (uri, source, version, findings) =>
        this.findings.update(uri, source, version, findings),
      analyzers: () => this.analyzers(),
      workspaceFolders: () => this.folders.paths(),
      analyzeClosedFile: (path, text) => this.analyzeClosedFile(path, text),
      analyzeClosedFileAsync: async (path, text) => {
        const config = this.settings.configFor(path);
        if (!config.embedded.enabled) return [];
        const folder = this.settings.folderOf(path);
        return this.closedResults.findings(
          path,
          text,
          config,
          folder,
          () => this.embeddedAnalysis.analyzeClosed({ path, text }, this.settings.embeddedFor(config)),
          this.folders.paths(),
        );
      },
      presentClosedFile: (path, uri, text, findings) =>
        presentFindings(this.settings.viewFor(path), path, text, findings, {
          documentUri: uri,
          relatedInformation: this.capabilities.textDocument?.publishDiagnostics?.relatedInformation === true,
        }),
    };
  }

  async initialize(params: InitializeParams): Promise<InitializeResult> {
    this.capabilities = params.capabilities;
    this.initializationOptions = params.initializationOptions;
    this.filter.setWorkspace(params);
    this.folders.set(params);
    // Problems are reported once, in initialized(), together with the client's own settings.
    this.settings.apply(resolveSettings(this.initializationOptions, undefined).config);
    this.embeddedAnalysis.warmUp();
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
    this.pushedSettings = params.settings;
    await this.loadSettings(params.settings);
  }

  /** `workspace/didChangeWorkspaceFolders`. */
  async didChangeWorkspaceFolders(event: WorkspaceFoldersChangeEvent): Promise<void> {
    this.folders.change(event);
    const workspaceFolders = this.folders
      .paths()
      .map((path) => ({ uri: pathToFileURL(path).href, name: path }));
    this.filter.setWorkspace({ workspaceFolders, rootUri: null });
    // A new folder brings its own project file; features hear about the folders, not a settings change.
    await this.loadSettings(this.pushedSettings, { notifyFeatures: false });
    for (const feature of this.features) feature.onDidChangeWorkspaceFolders?.(this.context);
  }

  didOpen(document: TextDocument): void {
    if (!this.filter.accepts(document)) return;
    this.scheduler.runNow(document.uri);
  }

  didChangeContent(document: TextDocument): void {
    if (!this.filter.accepts(document) || this.analyzedVersion.get(document.uri) === document.version) return;
    this.scheduler.schedule(document.uri, this.settings.configFor(documentPath(document.uri)).debounceMs);
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
    for (const analyzer of this.settings.analyzers()) analyzer.forget(documentPath(uri));
    this.embeddedAnalysis.forget(documentPath(uri));
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
      if (!this.filter.accepts(document)) continue;
      // Lagging while this version's analysis runs in the workers is not a failure: starting it
      // again would only cancel the flow phase and publish a third time for the version.
      const failed = this.lags(document) && !this.embeddedAnalysis.inFlight(document.uri);
      if (this.scheduler.pending(document.uri) || failed) this.scheduler.runNow(document.uri);
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
    this.embeddedAnalysis.dispose();
    await this.closedResults.close();
    for (const feature of this.features) {
      await Promise.resolve(feature.onShutdown?.(this.context)).catch((error: unknown) =>
        this.logger.error(`seclsp: ${feature.name} shutdown failed: ${describe(error)}`),
      );
    }
  }

  /** Settings in effect (initializationOptions overlaid with the client's `seclsp` section). */
  currentConfig(): SeclspConfig {
    return this.settings.config;
  }

  /** The closed-file result cache's counters (tests, debug info); undefined without a cache. */
  closedFileCacheStats(): ReturnType<ClosedFileResults["stats"]> {
    return this.closedResults.stats();
  }

  /**
   * Resolves once no debounced analysis waits and every started data-flow phase was published or
   * dropped (tests, benchmarks). A small file's flow phase starts only after its ruff phase, so the
   * runs still waiting for their debounce must be counted too.
   */
  async analysesSettled(): Promise<void> {
    for (;;) {
      while (this.scheduler.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await this.embeddedAnalysis.settled();
      if (this.scheduler.size === 0) return;
    }
  }

  /** The taint worker's host when the flow phase runs in a worker (tests: faults, live trees). */
  taintWorkerHost(): ReturnType<EmbeddedDocumentAnalysis["taintHost"]> {
    return this.embeddedAnalysis.taintHost();
  }

  /** Heap figures per thread and the per-document maps' sizes (`seclsp/debugMemory`, tests). */
  memoryReport(collect = false): Promise<ServerMemoryReport> {
    const documentState = () => ({
      openDocuments: this.documents.all().length,
      analyzedVersions: this.analyzedVersion.size,
      findingStates: this.findings.size,
      scheduledRuns: this.scheduler.size,
      ...this.embeddedAnalysis.documentState(),
    });
    return memoryReport({ ...this.embeddedAnalysis.workerMemory(), documentState }, collect);
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
    return [
      this.settings.embedded,
      ...this.features.flatMap((feature) => feature.analyzers?.(this.context) ?? []),
    ];
  }

  private async loadSettings(pushed: unknown, options = { notifyFeatures: true }): Promise<void> {
    const changed = await this.settings.load({
      folders: this.folders.paths(),
      initializationOptions: this.initializationOptions,
      pushed,
      askClient: this.capabilities.workspace?.configuration === true,
    });
    if (changed) {
      this.reanalyzeAll();
      if (options.notifyFeatures)
        for (const feature of this.features) feature.onDidChangeConfiguration?.(this.context);
    }
  }

  private reanalyzeAll(): void {
    for (const document of this.documents.all()) {
      this.analyzedVersion.delete(document.uri);
      if (this.filter.accepts(document)) this.scheduler.runNow(document.uri);
      else if (this.findings.has(document.uri)) this.findings.clear(document.uri);
    }
  }

  private analyzeClosedFile(path: string, text: string): Finding[] {
    const config = this.settings.configFor(path);
    if (!config.embedded.enabled) return [];
    const analyzer = this.settings.embeddedFor(config);
    try {
      return analyzer.analyzeText({ path, text });
    } finally {
      // Parse trees are kept for open documents only (a workspace holds thousands of files).
      if (!this.documents.all().some((document) => documentPath(document.uri) === path))
        analyzer.forget(path);
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
    const path = documentPath(uri);
    const config = this.settings.configFor(path);
    if (bytes > config.maxFileBytes) {
      this.embeddedAnalysis.cancel(path);
      this.findings.replaceWithNotice(uri, version, skippedFileDiagnostic(bytes, config.maxFileBytes));
      return;
    }
    if (!config.embedded.enabled) {
      this.embeddedAnalysis.clear(uri, version, path);
      return;
    }
    this.embeddedAnalysis.run(uri, version, { path, text }, this.settings.embeddedFor(config));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
