import { type Diagnostic, DiagnosticSeverity, DiagnosticTag } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding, FindingSource } from "../analysis/finding.js";
import { reconcileFindings } from "../analysis/on-save-scheduler.js";
import { visibleFindings } from "../analysis/visible-findings.js";
import { KnownFindings } from "../baseline/known-findings.js";
import { applyRuleSelection } from "../config/rule-selection.js";
import type { SeclspConfig } from "../config/schema.js";
import { documentPath } from "./document-path.js";
import type { DocumentStore } from "./document-store.js";
import { findingToDiagnostic } from "./finding-diagnostic.js";
import type { LspClient } from "./lsp-client.js";

/** How stored findings are shown: see `DocumentFindings.setView`. */
export interface FindingView {
  known: KnownFindings;
  knownStyle: SeclspConfig["knownFindings"];
  selection: Pick<SeclspConfig, "select" | "ignore" | "severity">;
}

interface Slice {
  version: number;
  text: string;
  findings: Finding[];
}

interface DocumentState {
  /** Each backend's latest findings, with the document version and text they are placed on. */
  slices: Map<FindingSource, Slice>;
  /** Replaces all findings (e.g. "file too big") for one version. */
  notice?: { version: number; diagnostic: Diagnostic };
  /** What was last published: merged, suppressions applied. */
  published: Finding[];
  /** The document version `published` is placed on. */
  publishedVersion?: number;
}

/**
 * Per-document store of findings by source (the embedded analyzer on every change, CodeQL and
 * Bandit on save) and the one place that publishes diagnostics, always for the document's current
 * version. A backend may only store findings for the current version (older ones are refused).
 * When the document moves on, the other sources' slices are carried to the new text with
 * `reconcileFindings` (moved with their lines, dropped where their lines changed), so slow
 * backends keep showing while the user types and never show ranges from older text.
 */
export class DocumentFindings {
  private readonly states = new Map<string, DocumentState>();
  /** Project settings applied when publishing: rule selection, then `onlyNew` (known findings hidden or faded). */
  private view: FindingView = {
    known: KnownFindings.off(),
    knownStyle: "hint",
    selection: { select: [], ignore: [], severity: {} },
  };

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
    state.slices.set(source, { version, text: document.getText(), findings });
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

  /** The document version the shown findings are placed on (undefined before the first publish). */
  publishedVersion(uri: string): number | undefined {
    return this.states.get(uri)?.publishedVersion;
  }

  /** Whether anything was published for `uri` since it was opened. */
  has(uri: string): boolean {
    return this.states.has(uri);
  }

  /** New selection / `onlyNew` settings: publish every open document again (no re-analysis needed). */
  setView(view: FindingView): void {
    this.view = view;
    this.republishAll();
  }

  /** A document was saved: `onlyNew: "git"` re-reads its text at the ref (a commit may have moved it). */
  refreshKnown(uri: string): void {
    this.view.known.refresh(documentPath(uri));
  }

  /** Publish again what is stored (e.g. the baseline finished loading). */
  republishAll(): void {
    for (const [uri, state] of this.states) {
      const document = this.documents.get(uri);
      if (document) this.publish(document, state);
    }
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
    state.publishedVersion = version;
    if (state.notice?.version === version) {
      state.published = [];
      this.client.publishDiagnostics({ uri, version, diagnostics: [state.notice.diagnostic] });
      return;
    }
    const text = document.getText();
    for (const [source, slice] of state.slices) {
      if (slice.version === version) continue;
      state.slices.set(source, {
        version,
        text,
        findings: reconcileFindings(slice.findings, slice.text, text),
      });
    }
    const all = [...state.slices.values()].flatMap((slice) => slice.findings);
    const findings = applyRuleSelection(visibleFindings(text, all), this.view.selection);
    state.published = findings;
    const options = { documentUri: uri, version, relatedInformation: this.relatedInformation() };
    const { fresh, known } = this.view.known.classify(documentPath(uri), text, findings);
    const diagnostics = fresh.map((finding) => findingToDiagnostic(finding, options));
    if (this.view.knownStyle === "hint") {
      for (const finding of known) {
        const diagnostic = findingToDiagnostic(finding, options);
        diagnostic.severity = DiagnosticSeverity.Hint;
        diagnostic.tags = [DiagnosticTag.Unnecessary];
        diagnostic.message = `(known) ${diagnostic.message}`;
        diagnostics.push(diagnostic);
      }
    }
    this.client.publishDiagnostics({ uri, version, diagnostics });
  }
}
