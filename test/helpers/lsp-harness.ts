import type { ClientCapabilities, TextDocumentContentChangeEvent } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { DocumentStore } from "../../server/src/lsp/document-store.js";
import type { LspFeature } from "../../server/src/lsp/feature.js";
import { FEATURES } from "../../server/src/lsp/features/index.js";
import { SeclspServer } from "../../server/src/lsp/seclsp-server.js";
import { RecordingLspClient } from "./lsp-recording-client.js";

/** Open documents in memory, updated like vscode-languageserver's TextDocuments. */
export class InMemoryDocuments implements DocumentStore {
  private readonly docs = new Map<string, TextDocument>();
  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }
  all(): TextDocument[] {
    return [...this.docs.values()];
  }
  set(document: TextDocument): void {
    this.docs.set(document.uri, document);
  }
  delete(uri: string): void {
    this.docs.delete(uri);
  }
}

/** A client that supports everything the server can use. */
export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
  window: { workDoneProgress: true },
};

/**
 * The server's features minus the external on-save backends: those spawn CodeQL/Bandit when
 * installed and publish in the background, which would make in-process tests depend on the machine.
 * Their own tests add them with test settings.
 */
export const IN_PROCESS_FEATURES: readonly LspFeature[] = FEATURES.filter(
  (feature) => !["codeql-on-save", "bandit-on-save"].includes(feature.name),
);

export interface HarnessOptions {
  features?: readonly LspFeature[];
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** What workspace/configuration answers. */
  configuration?: unknown;
  workspaceFolders?: Array<{ uri: string; name: string }>;
  /** Run ruff and the data flow in worker threads, as the editor's server does (two-phase publication). */
  taintWorker?: boolean;
}

/**
 * SeclspServer in-process with a recording client. Document events follow TextDocuments' order:
 * open fires didOpen then didChangeContent; a change fires didChangeContent.
 */
export class LspHarness {
  readonly client = new RecordingLspClient();
  readonly documents = new InMemoryDocuments();
  readonly server: SeclspServer;

  constructor(features: readonly LspFeature[] = IN_PROCESS_FEATURES, taintWorker = false) {
    this.server = new SeclspServer({ client: this.client, documents: this.documents, features, taintWorker });
  }

  static async start(options: HarnessOptions = {}): Promise<LspHarness> {
    const harness = new LspHarness(options.features, options.taintWorker);
    harness.client.configuration = options.configuration;
    await harness.server.initialize({
      processId: null,
      rootUri: null,
      workspaceFolders: options.workspaceFolders ?? null,
      capabilities: options.capabilities ?? FULL_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await harness.server.initialized();
    return harness;
  }

  open(uri: string, text: string, languageId = "python"): TextDocument {
    const document = TextDocument.create(uri, languageId, 1, text);
    this.documents.set(document);
    this.server.didOpen(document);
    this.server.didChangeContent(document);
    return document;
  }

  /** Replace the whole text (or apply incremental changes) and bump the version. */
  change(uri: string, change: string | TextDocumentContentChangeEvent[]): TextDocument {
    const current = this.documents.get(uri);
    if (!current) throw new Error(`${uri} is not open`);
    const changes = typeof change === "string" ? [{ text: change }] : change;
    const document = TextDocument.update(current, changes, current.version + 1);
    this.documents.set(document);
    this.server.didChangeContent(document);
    return document;
  }

  async save(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    await this.server.didSave(document);
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.server.didClose(uri);
  }

  text(uri: string): string {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document.getText();
  }
}
