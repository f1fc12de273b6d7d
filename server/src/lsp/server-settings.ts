import { MessageType } from "vscode-languageserver/node.js";
import { createAnalyzer } from "../analysis/create-analyzers.js";
import type { EmbeddedAnalyzer } from "../analysis/embedded/embedded-analyzer.js";
import { DEFAULT_CONFIG, type SeclspConfig } from "../config/schema.js";
import type { DocumentFindings, FindingView } from "./document-findings.js";
import { documentPath } from "./document-path.js";
import { type FolderSettings, folderSettingsFor, loadFolderSettings } from "./folder-settings.js";
import { FolderViews } from "./folder-views.js";
import { type Logger, levelFromEnv } from "./logger.js";
import type { LspClient } from "./lsp-client.js";

/** Where settings come from on one load. */
export interface SettingsSources {
  /** Workspace folders (each may have its own project file). */
  folders: readonly string[];
  initializationOptions: unknown;
  /** What the client last pushed (`workspace/didChangeConfiguration`). */
  pushed: unknown;
  /** The client answers `workspace/configuration` (then its answer wins over `pushed`). */
  askClient: boolean;
}

/**
 * The settings in effect for each workspace folder and what is derived from them: each folder's
 * finding view (rule selection, `onlyNew`) and the embedded analyzers (folders with equal threat
 * model, ignored rules and models share one).
 */
export class ServerSettings {
  /** The first workspace folder's settings (debounce, features); documents use their folder's. */
  private first: SeclspConfig = DEFAULT_CONFIG;
  /** Settings per workspace folder, each over its own project file (multi-root workspaces). */
  private scopes: FolderSettings[] = [];
  private readonly embeddedByOptions = new Map<string, EmbeddedAnalyzer>();
  private defaultEmbedded = this.embeddedFor(DEFAULT_CONFIG);
  /** Rule selection / `onlyNew` view per folder. */
  private readonly views = new FolderViews();
  private shownProblems = "";

  constructor(
    private readonly client: LspClient,
    private readonly logger: Logger,
    private readonly findings: DocumentFindings,
  ) {}

  /** The first workspace folder's settings. */
  get config(): SeclspConfig {
    return this.first;
  }

  /** The embedded analyzer of the first folder's settings. */
  get embedded(): EmbeddedAnalyzer {
    return this.defaultEmbedded;
  }

  /** The project file of the first workspace folder, if it has one. */
  projectFile(): string | undefined {
    return this.scopes[0]?.projectFile;
  }

  /** Every embedded analyzer in use (each keeps per-file caches). */
  analyzers(): Iterable<EmbeddedAnalyzer> {
    return this.embeddedByOptions.values();
  }

  /**
   * Read every folder's settings again; shows invalid settings once. True when any folder's
   * settings changed (the caller re-analyzes and tells the features).
   */
  async load(sources: SettingsSources): Promise<boolean> {
    let clientSettings = sources.pushed;
    if (sources.askClient) {
      try {
        clientSettings = await this.client.getConfiguration("seclsp");
      } catch (error) {
        this.logger.warn(`seclsp: workspace/configuration failed, using pushed settings: ${describe(error)}`);
      }
    }
    const { scopes, problems } = await loadFolderSettings(
      sources.folders,
      sources.initializationOptions,
      clientSettings,
    );
    const report = problems.join("\n");
    if (report !== this.shownProblems) {
      this.shownProblems = report;
      if (report)
        this.client.showMessage(MessageType.Warning, `seclsp: invalid settings ignored:\n${report}`);
    }
    const describeScopes = (list: FolderSettings[]) =>
      JSON.stringify(list.map((scope) => [scope.folder, scope.config]));
    const changed = describeScopes(scopes) !== describeScopes(this.scopes);
    this.scopes = scopes;
    this.setViews();
    this.apply(scopes[0]?.config ?? DEFAULT_CONFIG);
    return changed;
  }

  /** Make `config` the settings in effect (fresh analyzers: no state carried over). */
  apply(config: SeclspConfig): void {
    this.first = config;
    this.logger.level = levelFromEnv() ?? config.logLevel;
    this.embeddedByOptions.clear();
    this.defaultEmbedded = this.embeddedFor(config);
  }

  /** The settings a document or file gets: its workspace folder's. */
  configFor(path: string): SeclspConfig {
    return folderSettingsFor(path, this.scopes)?.config ?? this.first;
  }

  /** The workspace folder `path` lies in (undefined outside every folder). */
  folderOf(path: string): string | undefined {
    return folderSettingsFor(path, this.scopes)?.folder;
  }

  viewFor(path: string): FindingView {
    return this.views.viewFor(this.folderOf(path));
  }

  embeddedFor(config: SeclspConfig): EmbeddedAnalyzer {
    const key = JSON.stringify([config.threatModel, config.embedded.ignoreRules, config.models]);
    let analyzer = this.embeddedByOptions.get(key);
    if (!analyzer) {
      analyzer = createAnalyzer("embedded", config);
      this.embeddedByOptions.set(key, analyzer);
    }
    return analyzer;
  }

  /** Rebuild each folder's rule selection / `onlyNew` view whose settings changed; publish with the new ones. */
  private setViews(): void {
    const changed = this.views.update(
      this.scopes,
      () => this.findings.republishAll(),
      (message) => this.client.showMessage(MessageType.Warning, message),
    );
    if (changed) this.findings.setView((uri) => this.viewFor(documentPath(uri)));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
