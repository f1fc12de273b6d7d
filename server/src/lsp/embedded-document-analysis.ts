import { performance } from "node:perf_hooks";
import type { SourceFile } from "../analysis/analyzer.js";
import { analysisNote, NOT_ANALYZED_RULE } from "../analysis/embedded/analysis-notes.js";
import {
  type EmbeddedAnalyzer,
  type EmbeddedOptions,
  mergeRuffTwins,
} from "../analysis/embedded/embedded-analyzer.js";
import { ruffHost } from "../analysis/embedded/ruff-engine.js";
import { ruffPassAsync } from "../analysis/embedded/ruff-pass.js";
import { ImportDependents } from "../analysis/embedded/taint/cross-file/import-dependents.js";
import { TaintWorkerHost } from "../analysis/embedded/taint-worker-host.js";
import type { Finding } from "../analysis/finding.js";
import type { DocumentFindings } from "./document-findings.js";
import type { Logger } from "./logger.js";
import type { MemorySources } from "./memory-report.js";

/** Text length (UTF-16 units, ~5,000 lines of typical code) below which the flow phase follows ruff's. */
export const SEQUENTIAL_BELOW = 120_000;

/**
 * Runs the embedded analyzer on open documents and publishes through `DocumentFindings`.
 *
 * In-process (`taintWorker: false`): one synchronous `analyzeText`, one publication.
 * Two-phase (`taintWorker: true`, the editor's server): the ruff pass runs in ruff's worker thread
 * and the flow phase in the taint worker, in parallel, so requests are answered while a big file is
 * analyzed; ruff's findings are published when they arrive, then the flow findings — each for
 * that version only.
 */
export class EmbeddedDocumentAnalysis {
  private readonly host: TaintWorkerHost | undefined;
  /** Flow phases not yet published, per document. */
  private readonly pending = new Map<string, Promise<void>>();
  private disposed = false;
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

  /** Start the workers (the taint worker loads the parser, ruff's its 10 MB wasm module in ~1 s). */
  warmUp(): void {
    if (!this.host) return;
    this.host.warmUp();
    // Else the first document opened would wait for ruff's module.
    ruffHost()
      .checkAsync("")
      .catch(() => undefined);
  }

  /** Analyze `file` (document `uri` at `version`) and publish. Never throws. */
  run(uri: string, version: number, file: SourceFile, analyzer: EmbeddedAnalyzer): void {
    const deferred = this.analyzeDocument(uri, version, file, analyzer);
    const roots = this.roots();
    if (roots.length === 0) return;
    const before = this.lastRun.get(file.path);
    this.lastRun.set(file.path, { uri, version, file, analyzer });
    this.dependents.record(file.path, file.text, roots);
    // Open documents importing this one used its summaries: their data flow is re-checked.
    // After this document's own flow phase was queued: the worker reads the new text from it.
    if (before && before.file.text !== file.text) {
      if (deferred) void deferred.then(() => this.moduleChanged(file.path));
      else this.moduleChanged(file.path);
    }
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

  /** Returns a promise when the flow phase starts after ruff's: it resolves once it was queued. */
  private analyzeDocument(
    uri: string,
    version: number,
    file: SourceFile,
    analyzer: EmbeddedAnalyzer,
    flowOnly = false,
  ): Promise<void> | undefined {
    const options = this.optionsFor(analyzer);
    if (!this.host) {
      this.publishFast(uri, version, performance.now(), () => analyzer.analyzeText(file, options));
      return undefined;
    }
    if (flowOnly) {
      this.startFlowPhase(this.host, uri, version, file, options, Promise.resolve());
      return undefined;
    }
    // Both phases start now, each in its own worker: ruff's result is published when it comes,
    // the flow phase's after it (so the editor always sees the fast phase first). A small file's
    // flow phase starts once ruff's findings are out instead: run together they share the CPU
    // (two cores, the editor's among them) and the first diagnostics wait for it, while the flow
    // phase of a small file adds only a few ms after them.
    const started = performance.now();
    const stale = () => this.disposed || !this.findings.isCurrent(uri, version);
    const fast = ruffPassAsync(file, options, stale).then(
      (findings) => {
        if (findings && !this.disposed) this.publishFast(uri, version, started, () => findings);
      },
      (error: unknown) => this.logger.error(`seclsp: analysis of ${uri} failed: ${describe(error)}`),
    );
    if (file.text.length >= SEQUENTIAL_BELOW) {
      this.startFlowPhase(this.host, uri, version, file, options, fast);
      return undefined;
    }
    // ruff's request is posted: while it runs, prepare what its publication needs (only a cache:
    // a failure here must not cost the analysis).
    try {
      this.findings.prepare(uri, version);
    } catch (error) {
      this.logger.error(`seclsp: preparing the publication of ${uri} failed: ${describe(error)}`);
    }
    // After the fast publication is on its way: the JSON-RPC writer sends it in a setImmediate
    // queued when it was published; posting this text to the flow worker and the worker's start
    // in between delayed it (~0.5 ms median at 2,000 lines, measured side by side with perf:floor).
    const published = fast.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.startFlowPhase(this.host, uri, version, file, options, fast, published);
    // Resolves after the deferred flow phase was queued (its `then` was attached first).
    return published;
  }

  private publishFast(uri: string, version: number, started: number, findings: () => Finding[]): void {
    try {
      const found = findings();
      this.findings.update(uri, "embedded", version, found);
      if (this.logger.enabled("debug")) {
        const ms = (performance.now() - started).toFixed(1);
        this.logger.debug(`seclsp: ${uri} v${version}: ${found.length} findings in ${ms} ms`);
      }
    } catch (error) {
      // Previous diagnostics stay; the next edit retries.
      this.logger.error(`seclsp: analysis of ${uri} failed: ${describe(error)}`);
    }
  }

  /**
   * The findings `analyzer.analyzeText` gives for a closed file (workspace scan, watcher), off the
   * main thread when the workers run: ruff and the flow phase in parallel, then merged the same
   * way. Keeps nothing of the file afterwards.
   */
  async analyzeClosed(file: SourceFile, analyzer: EmbeddedAnalyzer): Promise<Finding[]> {
    const host = this.host;
    const options = this.optionsFor(analyzer);
    if (host) {
      try {
        const [fast, flow] = await Promise.all([ruffPassAsync(file, options), host.analyze(file, options)]);
        if (fast && flow) return mergeRuffTwins([...fast, ...flow]);
      } finally {
        host.forget(file.path);
      }
    }
    try {
      return analyzer.analyzeText(file, options);
    } finally {
      analyzer.forget(file.path);
    }
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

  /** The document's last analysis is still running (its flow phase is not published yet). */
  inFlight(uri: string): boolean {
    return this.pending.has(uri);
  }

  /** Resolves once every started flow phase was published or dropped (tests, benchmarks). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending.values());
  }

  /** Entries of the per-document maps (memory reports: 0 once every document is closed). */
  documentState(): Record<string, number> {
    return {
      pendingFlowPhases: this.pending.size,
      lastRuns: this.lastRun.size,
      importers: this.dependents.size,
    };
  }

  /** Heap figures of the taint and ruff workers (memory reports); only running workers are asked. */
  workerMemory(): Pick<MemorySources, "taint" | "ruff"> {
    const host = this.host;
    return {
      taint: (collect) => host?.memory(collect) ?? Promise.resolve(undefined),
      // In-process, ruff's worker may not run: asking must not start one.
      ruff: (collect) => (host ? ruffHost().memory(collect) : Promise.resolve(undefined)),
    };
  }

  /** The worker host (tests: fault injection, live trees); undefined in-process. */
  taintHost(): TaintWorkerHost | undefined {
    return this.host;
  }

  dispose(): void {
    this.disposed = true;
    this.host?.dispose();
  }

  private startFlowPhase(
    host: TaintWorkerHost,
    uri: string,
    version: number,
    file: SourceFile,
    options: EmbeddedOptions,
    fast: Promise<void>,
    /** Start the phase once this resolves (small files: after the fast phase); else at once. */
    after?: Promise<void>,
  ): void {
    const started = performance.now();
    // Started after `after` only while this version is current (a newer one runs its own phase).
    const flowOf = () =>
      this.disposed || !this.findings.isCurrent(uri, version) ? undefined : host.analyze(file, options);
    const analyzed = after ? after.then(flowOf) : host.analyze(file, options);
    const phase = Promise.all([analyzed, fast]).then(
      ([flow]) => {
        // undefined: a newer version superseded this one; its own phase publishes.
        if (!flow || this.disposed) return;
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
