import { performance } from "node:perf_hooks";
import type { SourceFile } from "../analysis/analyzer.js";
import { analysisNote, NOT_ANALYZED_RULE } from "../analysis/embedded/analysis-notes.js";
import type { EmbeddedAnalyzer, EmbeddedOptions } from "../analysis/embedded/embedded-analyzer.js";
import { ruffPass } from "../analysis/embedded/ruff-pass.js";
import { ImportDependents } from "../analysis/embedded/taint/cross-file/import-dependents.js";
import { TaintWorkerHost } from "../analysis/embedded/taint-worker-host.js";
import type { DocumentFindings } from "./document-findings.js";
import type { Logger } from "./logger.js";

/**
 * Runs the embedded analyzer on open documents and publishes through `DocumentFindings`.
 *
 * In-process (`taintWorker: false`): one synchronous `analyzeText`, one publication.
 * Two-phase (`taintWorker: true`, the editor's server): the ruff pass runs here (fast, sync) and
 * is published at once; the flow phase runs in a worker thread, so requests are answered while a
 * big file is analyzed, and its findings are published when they arrive — for that version only.
 */
export class EmbeddedDocumentAnalysis {
  private readonly host: TaintWorkerHost | undefined;
  /** Flow phases not yet published, per document. */
  private readonly pending = new Map<string, Promise<void>>();
  /** Cross-file summaries: the open documents' imports, and each one's last analysis request. */
  private readonly dependents = new ImportDependents();
  private readonly lastRun = new Map<
    string,
    { uri: string; version: number; file: SourceFile; analyzer: EmbeddedAnalyzer }
  >();

  /** `roots`: the workspace folders, where imported modules' summaries come from (none: off). */
  constructor(
    private readonly findings: DocumentFindings,
    private readonly logger: Logger,
    taintWorker: boolean,
    private readonly roots: () => readonly string[] = () => [],
  ) {
    this.host = taintWorker ? new TaintWorkerHost() : undefined;
  }

  /** Start the taint worker (it loads the parser in the background). */
  warmUp(): void {
    this.host?.warmUp();
  }

  /** Analyze `file` (document `uri` at `version`) and publish. Never throws. */
  run(uri: string, version: number, file: SourceFile, analyzer: EmbeddedAnalyzer): void {
    this.analyzeDocument(uri, version, file, analyzer);
    const roots = this.roots();
    if (roots.length === 0) return;
    const before = this.lastRun.get(file.path);
    this.lastRun.set(file.path, { uri, version, file, analyzer });
    this.dependents.record(file.path, file.text, roots);
    // Open documents importing this one used its summaries: their data flow is re-checked.
    if (before && before.file.text !== file.text) this.moduleChanged(file.path);
  }

  /** A workspace module changed (an open document, or a file on disk): re-analyze its importers. */
  moduleChanged(path: string): void {
    for (const dependent of this.dependents.dependentsOf(path)) {
      const last = this.lastRun.get(dependent);
      if (last) this.analyzeDocument(last.uri, last.version, last.file, last.analyzer, true);
    }
  }

  private optionsFor(analyzer: EmbeddedAnalyzer): EmbeddedOptions {
    const roots = this.roots();
    return roots.length === 0 ? analyzer.options : { ...analyzer.options, crossFile: { roots } };
  }

  private analyzeDocument(
    uri: string,
    version: number,
    file: SourceFile,
    analyzer: EmbeddedAnalyzer,
    flowOnly = false,
  ): void {
    const options = this.optionsFor(analyzer);
    if (flowOnly && this.host) {
      this.startFlowPhase(this.host, uri, version, file, options);
      return;
    }
    try {
      const started = performance.now();
      const findings = this.host ? ruffPass.run(file, options) : analyzer.analyzeText(file, options);
      this.findings.update(uri, "embedded", version, findings);
      if (this.logger.enabled("debug")) {
        const ms = (performance.now() - started).toFixed(1);
        this.logger.debug(`seclsp: ${uri} v${version}: ${findings.length} findings in ${ms} ms`);
      }
    } catch (error) {
      // Previous diagnostics stay; the next edit retries.
      this.logger.error(`seclsp: analysis of ${uri} failed: ${describe(error)}`);
    }
    if (this.host) this.startFlowPhase(this.host, uri, version, file, options);
  }

  /** No embedded findings for this version (embedded analysis disabled). */
  clear(uri: string, version: number, path: string): void {
    this.host?.cancel(path);
    this.findings.update(uri, "embedded", version, []);
    if (this.host) this.findings.updateFlow(uri, version, []);
  }

  /** The document's current version is not analyzed (e.g. too big): stop its flow phase. */
  cancel(path: string): void {
    this.host?.cancel(path);
  }

  /** A closed document: stop its work and release its trees and caches in the worker. */
  forget(path: string): void {
    this.lastRun.delete(path);
    this.dependents.forget(path);
    this.host?.forget(path);
  }

  /** Resolves once every started flow phase was published or dropped (tests, benchmarks). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending.values());
  }

  /** The worker host (tests: fault injection, live trees); undefined in-process. */
  taintHost(): TaintWorkerHost | undefined {
    return this.host;
  }

  dispose(): void {
    this.host?.dispose();
  }

  private startFlowPhase(
    host: TaintWorkerHost,
    uri: string,
    version: number,
    file: SourceFile,
    options: EmbeddedOptions,
  ): void {
    const started = performance.now();
    const phase = host.analyze(file, options).then(
      (flow) => {
        // undefined: a newer version superseded this one; its own phase publishes.
        if (!flow) return;
        this.findings.updateFlow(uri, version, flow);
        if (this.logger.enabled("debug")) {
          const ms = (performance.now() - started).toFixed(1);
          this.logger.debug(`seclsp: ${uri} v${version}: ${flow.length} flow findings in ${ms} ms`);
        }
      },
      (error: unknown) => {
        this.logger.error(`seclsp: data-flow analysis of ${uri} failed: ${describe(error)}`);
        // The user must learn that this version's data flow was not checked.
        const note = analysisNote(
          file.path,
          file.text,
          NOT_ANALYZED_RULE,
          `data flow not analyzed: ${describe(error)}`,
        );
        this.findings.updateFlow(uri, version, [note]);
      },
    );
    const tracked = phase.finally(() => {
      if (this.pending.get(uri) === tracked) this.pending.delete(uri);
    });
    this.pending.set(uri, tracked);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
