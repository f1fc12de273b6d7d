import type { Diagnostic } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding, FindingSource } from "../analysis/finding.js";
import { mergeFindings } from "../analysis/merge.js";
import { applySuppressions } from "../analysis/suppression.js";
import type { DocumentStore } from "./document-store.js";
import { findingToDiagnostic } from "./finding-diagnostic.js";
import type { LspClient } from "./lsp-client.js";

interface DocumentState {
  /** Each backend's latest findings and the document version they were computed on. */
  slices: Map<FindingSource, { version: number; findings: Finding[] }>;
  /** Replaces all findings (e.g. "file too big") for one version. */
  notice?: { version: number; diagnostic: Diagnostic };
  /** What was last published: merged, suppressions applied. */
  published: Finding[];
}

/**
 * Per-document store of findings by source (embedded now; CodeQL/Bandit later update their own
 * slice) and the one place that publishes diagnostics. Only slices computed on the document's
 * current version are published, so a slow backend can never show ranges from older text.
 */
export class DocumentFindings {
  private readonly states = new Map<string, DocumentState>();

  constructor(
    private readonly documents: DocumentStore,
    private readonly client: LspClient,
    private readonly relatedInformation: () => boolean,
  ) {}

  /** Record `source`'s findings for `version` and publish; false (nothing published) if the document moved on. */
  update(uri: string, source: FindingSource, version: number, findings: Finding[]): boolean {
    const document = this.documents.get(uri);
    if (!document || document.version !== version) return false;
    const state = this.state(uri);
    state.slices.set(source, { version, findings });
    state.notice = undefined;
    this.publish(document, state);
    return true;
  }

  /** Show `diagnostic` instead of any findings for this version (the file was not analyzed). */
  replaceWithNotice(uri: string, version: number, diagnostic: Diagnostic): boolean {
    const document = this.documents.get(uri);
    if (!document || document.version !== version) return false;
    const state = this.state(uri);
    state.slices.clear();
    state.notice = { version, diagnostic };
    this.publish(document, state);
    return true;
  }

  /** The findings currently shown for `uri` (merged, suppressions applied). */
  current(uri: string): Finding[] {
    return this.states.get(uri)?.published ?? [];
  }

  /** Forget a document and clear its diagnostics in the editor (on close). */
  clear(uri: string): void {
    this.states.delete(uri);
    this.client.publishDiagnostics({ uri, diagnostics: [] });
  }

  private state(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) {
      state = { slices: new Map(), published: [] };
      this.states.set(uri, state);
    }
    return state;
  }

  private publish(document: TextDocument, state: DocumentState): void {
    const { version, uri } = document;
    if (state.notice?.version === version) {
      state.published = [];
      this.client.publishDiagnostics({ uri, version, diagnostics: [state.notice.diagnostic] });
      return;
    }
    const fresh = [...state.slices.values()].filter((slice) => slice.version === version);
    const findings = mergeFindings(
      applySuppressions(
        document.getText(),
        fresh.flatMap((slice) => slice.findings),
      ),
    );
    state.published = findings;
    const options = { documentUri: uri, relatedInformation: this.relatedInformation() };
    this.client.publishDiagnostics({
      uri,
      version,
      diagnostics: findings.map((finding) => findingToDiagnostic(finding, options)),
    });
  }
}
