import { type Diagnostic, DiagnosticSeverity, DiagnosticTag } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { mergeRuffTwins } from "../analysis/embedded/embedded-analyzer.js";
import type { Finding, FindingSource } from "../analysis/finding.js";
import { prepareFingerprints } from "../analysis/fingerprint.js";
import { reconcileFindings } from "../analysis/on-save-scheduler.js";
import { sameData } from "../analysis/same-data.js";
import { visibleFindings } from "../analysis/visible-findings.js";
import { KnownFindings } from "../baseline/known-findings.js";
import { applyRuleSelection } from "../config/rule-selection.js";
import type { SeclspConfig } from "../config/schema.js";
import { documentPath } from "./document-path.js";
import type { DocumentStore } from "./document-store.js";
import { type DiagnosticOptions, findingToDiagnostic } from "./finding-diagnostic.js";
import type { LspClient } from "./lsp-client.js";

/** How stored findings are shown: see `DocumentFindings.setView`. */
export interface FindingView {
  known: KnownFindings;
  knownStyle: SeclspConfig["knownFindings"];
  selection: Pick<SeclspConfig, "select" | "ignore" | "severity">;
}

const DEFAULT_VIEW: FindingView = {
  known: KnownFindings.off(),
  knownStyle: "hint",
  selection: { select: [], ignore: [], severity: {} },
};

/**
 * The embedded analyzer's slow phase (data flow, run in a worker) has its own slice: the fast
 * phase ("embedded", ruff) is published first, the flow findings when they arrive.
 */
const FLOW = "embedded-flow";
type SliceKey = FindingSource | typeof FLOW;

interface Slice {
  version: number;
  text: string;
  findings: Finding[];
}

interface DocumentState {
  /** Each backend's latest findings, with the document version and text they are placed on. */
  slices: Map<SliceKey, Slice>;
  /** Replaces all findings (e.g. "file too big") for one version. */
  notice?: { version: number; diagnostic: Diagnostic };
  /** What was last published: merged, suppressions applied. */
  published: Finding[];
  /** The document version `published` is placed on. */
  publishedVersion?: number;
  /** The diagnostics last sent and the view they were made with (see `store`). */
  sent?: { version: number; view: FindingView; relatedInformation: boolean; diagnostics: Diagnostic[] };
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
  /** A slice's findings carried to a newer text, kept from `prepare` for the publication that follows. */
  private readonly carried = new WeakMap<Slice, { text: string; findings: Finding[] }>();
  /**
   * Project settings applied when publishing: rule selection, then `onlyNew` (known findings
   * hidden or faded). Per document: in a multi-root workspace each folder has its own project file.
   */
  private viewFor: (uri: string) => FindingView = () => DEFAULT_VIEW;

  constructor(
    private readonly documents: DocumentStore,
    private readonly client: LspClient,
    private readonly relatedInformation: () => boolean,
  ) {}

  /** Record `source`'s findings for `version` and publish; false (nothing published) if the document moved on. */
  update(uri: string, source: FindingSource, version: number, findings: Finding[]): boolean {
    return this.store(uri, source, version, findings);
  }

  /**
   * The embedded flow phase's findings for `version` (false if the document moved on). Until they
   * arrive, the previous flow findings are shown moved with their lines (dropped where lines
   * changed), so a finding outside the edit is never removed and re-added.
   */
  updateFlow(uri: string, version: number, findings: Finding[]): boolean {
    return this.store(uri, FLOW, version, findings);
  }

  /**
   * Work the next publication of `version` would do, done now while the caller waits for an
   * analysis (the editor's thread is idle while ruff checks the text): the other sources' findings
   * carried to the new text, and the text's lines and scopes for fingerprints. Changes nothing shown.
   */
  prepare(uri: string, version: number): void {
    const document = this.documents.get(uri);
    const state = this.states.get(uri);
    if (!document || document.version !== version || !state) return;
    const text = document.getText();
    for (const slice of state.slices.values()) if (slice.version !== version) this.carry(slice, text);
    prepareFingerprints(text);
  }

  /** `slice`'s findings moved with their lines to `text` (dropped where their lines changed). */
  private carry(slice: Slice, text: string): Finding[] {
    const known = this.carried.get(slice);
    if (known?.text === text) return known.findings;
    const findings = reconcileFindings(slice.findings, slice.text, text);
    this.carried.set(slice, { text, findings });
    return findings;
  }

  /** Whether `version` is still the document's current version (work for older ones is dropped). */
  isCurrent(uri: string, version: number): boolean {
    return this.documents.get(uri)?.version === version;
  }

  private store(uri: string, source: SliceKey, version: number, findings: Finding[]): boolean {
    const document = this.documents.get(uri);
    if (!document || document.version !== version) return false;
    const state = this.state(uri);
    const unchanged = this.confirmsShown(uri, state, source, version, findings);
    state.slices.set(source, { version, text: document.getText(), findings });
    state.notice = undefined;
    if (unchanged) {
      // The same diagnostics again (each phase publishes once per version; clients count on it).
      this.client.publishDiagnostics({ uri, version, diagnostics: unchanged });
      return true;
    }
    this.publish(document, state);
    return true;
  }

  /**
   * The diagnostics last sent when `findings` are exactly what `source` already contributed to
   * them on this version (typically the flow phase finding what the fast publication showed,
   * moved with their lines): publishing them again needs no merge, suppression or conversion
   * (~5 ms on the main thread at 20,000 lines).
   */
  private confirmsShown(
    uri: string,
    state: DocumentState,
    source: SliceKey,
    version: number,
    findings: Finding[],
  ): Diagnostic[] | undefined {
    const sent = state.sent;
    const previous = state.slices.get(source);
    if (
      !sent ||
      sent.version !== version ||
      state.publishedVersion !== version ||
      state.notice !== undefined ||
      previous?.version !== version ||
      sent.view !== this.viewFor(uri) ||
      sent.relatedInformation !== this.relatedInformation() ||
      !sameData(previous.findings, findings)
    )
      return undefined;
    return sent.diagnostics;
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

  /** Documents with stored findings (0 once all are closed). */
  get size(): number {
    return this.states.size;
  }

  /** Whether anything was published for `uri` since it was opened. */
  has(uri: string): boolean {
    return this.states.has(uri);
  }

  /** New selection / `onlyNew` settings: publish every open document again (no re-analysis needed). */
  setView(view: FindingView | ((uri: string) => FindingView)): void {
    this.viewFor = typeof view === "function" ? view : () => view;
    this.republishAll();
  }

  /** A document was saved: `onlyNew: "git"` re-reads its text at the ref (a commit may have moved it). */
  refreshKnown(uri: string): void {
    this.viewFor(uri).known.refresh(documentPath(uri));
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
    state.sent = undefined;
    if (state.notice?.version === version) {
      state.published = [];
      this.client.publishDiagnostics({ uri, version, diagnostics: [state.notice.diagnostic] });
      return;
    }
    const text = document.getText();
    for (const [source, slice] of state.slices) {
      if (slice.version === version) continue;
      state.slices.set(source, { version, text, findings: this.carry(slice, text) });
    }
    const others = [...state.slices.entries()].filter(([source]) => source !== "embedded" && source !== FLOW);
    const all = [...this.embeddedFindings(state), ...others.flatMap(([, slice]) => slice.findings)];
    const view = this.viewFor(uri);
    const relatedInformation = this.relatedInformation();
    const shown = presentFindings(view, documentPath(uri), text, all, {
      documentUri: uri,
      version,
      relatedInformation,
    });
    state.published = shown.findings;
    state.sent = { version, view, relatedInformation, diagnostics: shown.diagnostics };
    this.client.publishDiagnostics({ uri, version, diagnostics: shown.diagnostics });
  }

  /** Both embedded phases, a ruff finding and its taint twin merged as `analyzeText` does. */
  private embeddedFindings(state: DocumentState): Finding[] {
    const fast = state.slices.get("embedded")?.findings ?? [];
    const flow = state.slices.get(FLOW)?.findings;
    // The flow phase ran on this document: patterns it did not confirm become notes (ruff-twins.ts).
    return flow ? mergeRuffTwins([...fast, ...flow], true) : fast;
  }
}

/**
 * What the editor shows for one file's raw findings: suppressions, rule selection (`select`,
 * `ignore`, `severity`), then `onlyNew` (known findings hidden or faded). Open documents and the
 * workspace scan's closed files both go through here, so they never disagree.
 */
export function presentFindings(
  view: FindingView,
  path: string,
  text: string,
  raw: Finding[],
  options: DiagnosticOptions,
): { findings: Finding[]; diagnostics: Diagnostic[] } {
  const findings = applyRuleSelection(visibleFindings(text, raw), view.selection);
  const { fresh, known } = view.known.classify(path, text, findings);
  const diagnostics = fresh.map((finding) => findingToDiagnostic(finding, options));
  if (view.knownStyle === "hint") {
    for (const finding of known) {
      const diagnostic = findingToDiagnostic(finding, options);
      diagnostic.severity = DiagnosticSeverity.Hint;
      diagnostic.tags = [DiagnosticTag.Unnecessary];
      diagnostic.message = `(known) ${diagnostic.message}`;
      diagnostics.push(diagnostic);
    }
  }
  return { findings, diagnostics };
}
