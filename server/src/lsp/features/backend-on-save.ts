import { basename } from "node:path";
import { MessageType } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Analyzer, SourceFile } from "../../analysis/analyzer.js";
import type { Finding, FindingSource } from "../../analysis/finding.js";
import {
  OnSaveScheduler,
  reconcileFindings,
  type ScheduleOutcome,
} from "../../analysis/on-save-scheduler.js";
import type { SeclspConfig } from "../../config/schema.js";
import type { CommandId } from "../command-ids.js";
import { documentPath } from "../document-path.js";
import type { CommandHandler, FeatureContext, LspFeature } from "../feature.js";

/** How one external backend (CodeQL, Bandit) plugs into save handling. */
export interface BackendOnSaveSpec {
  /** Feature name, e.g. "codeql-on-save". */
  name: string;
  source: Exclude<FindingSource, "embedded">;
  /** Human name for messages and progress titles. */
  title: string;
  mode(config: SeclspConfig): "auto" | "on" | "off";
  /** Analyze the saved file alone, or with the other open Python documents as context. */
  scope(config: SeclspConfig): "file" | "workspace";
  /** The part of the config the analyzer depends on; a change rebuilds the analyzer. */
  configKey(config: SeclspConfig): string;
  createAnalyzer(config: SeclspConfig): Analyzer;
  /** Command that runs the backend on demand (args: [uri?]; default: every open Python document). */
  runCommand?: CommandId;
}

/**
 * Runs an external backend in the background on save: a newer save cancels the older run
 * (killing its process tree), unchanged text is answered from cache, the work shows as
 * `$/progress` and can be cancelled there, and results that arrive after the user typed are
 * moved to their current lines or dropped (`reconcileFindings`). The embedded analyzer keeps
 * answering on every change meanwhile; failures are shown once and never clear its results.
 */
export function createBackendOnSaveFeature(spec: BackendOnSaveSpec): LspFeature {
  let analyzer: Analyzer | undefined;
  let analyzerKey = "";
  const contextFiles = new Map<string, SourceFile[]>();
  const shown = new Set<string>();
  const schedulerFor = (backend: Analyzer) =>
    new OnSaveScheduler((uri, _text, signal) => backend.analyze(contextFiles.get(uri) ?? [], signal));
  let scheduler = new OnSaveScheduler(async () => []);

  /** The analyzer for these settings; new settings also start a fresh scheduler (its cache holds old results). */
  const currentAnalyzer = (config: SeclspConfig): Analyzer => {
    const key = spec.configKey(config);
    if (!analyzer || key !== analyzerKey) {
      analyzer = spec.createAnalyzer(config);
      analyzerKey = key;
      scheduler.dispose();
      scheduler = schedulerFor(analyzer);
    }
    return analyzer;
  };

  const once = (context: FeatureContext, type: MessageType, message: string): void => {
    if (shown.has(message)) return;
    shown.add(message);
    if (type === MessageType.Info) context.logger.info(message);
    else context.client.showMessage(type, message);
  };

  /** Resolves when the run has been published (or dropped); never rejects. */
  const analyzeDocument = async (
    document: TextDocument,
    context: FeatureContext,
  ): Promise<ScheduleOutcome | undefined> => {
    // Snapshot the saved state first: TextDocuments updates documents in place while we await.
    const uri = document.uri;
    const text = document.getText();
    const version = document.version;
    // The document's own workspace folder's settings (multi-root).
    const config = context.config(documentPath(uri));
    const mode = spec.mode(config);
    if (mode === "off") return undefined;
    const backend = currentAnalyzer(config);
    const available = await backend.available();
    if (available !== true) {
      const reason = typeof available === "string" ? available : `${spec.title} is not available`;
      // "auto" users did not ask for this backend: log once; "on" users did: tell them once.
      once(context, mode === "on" ? MessageType.Warning : MessageType.Info, `seclsp: ${reason}`);
      return undefined;
    }
    const files: SourceFile[] = [{ path: documentPath(uri), text }];
    if (spec.scope(config) === "workspace") {
      for (const other of context.documents.all()) {
        if (other.uri !== uri && isPython(other))
          files.push({ path: documentPath(other.uri), text: other.getText() });
      }
    }
    contextFiles.set(uri, files);
    const contextKey = files
      .slice(1)
      .map((file) => `${file.path}\0${file.text}`)
      .join("\0");
    const outcome = await context.client.withProgress(
      `${spec.title}: ${basename(documentPath(uri))}`,
      async (progress) => {
        progress.report(`running ${spec.title}`);
        const onCancel = () => scheduler.cancel(uri);
        progress.signal.addEventListener("abort", onCancel, { once: true });
        try {
          return await scheduler.schedule(uri, text, version, contextKey);
        } finally {
          progress.signal.removeEventListener("abort", onCancel);
        }
      },
    );
    publish(outcome, uri, context);
    return outcome;
  };

  const publish = (outcome: ScheduleOutcome, uri: string, context: FeatureContext): void => {
    if (outcome.status === "cancelled") return;
    if (outcome.status === "failed") {
      context.logger.error(`seclsp: ${spec.title} failed for ${uri}: ${outcome.error.message}`);
      once(
        context,
        MessageType.Warning,
        `seclsp: ${spec.title} failed: ${firstLine(outcome.error.message)} (embedded results are still shown)`,
      );
      return;
    }
    const document = context.documents.get(uri);
    if (!document) return;
    const path = documentPath(uri);
    const own = outcome.findings.filter((finding: Finding) => finding.file === path);
    const findings =
      document.version === outcome.forVersion
        ? own
        : reconcileFindings(own, outcome.analyzedText, document.getText());
    context.updateFindings(uri, spec.source, document.version, findings);
  };

  const feature: LspFeature = {
    name: spec.name,
    // For debug info: the analyzer in use, or one for the current settings (not installed: no side effects).
    analyzers: (context) => {
      const config = context.config();
      return [analyzer && analyzerKey === spec.configKey(config) ? analyzer : spec.createAnalyzer(config)];
    },
    onDidSave(document, context) {
      if (!isPython(document)) return;
      // In the background: saving must never wait for a slow backend.
      void analyzeDocument(document, context).catch((error: unknown) =>
        context.logger.error(`seclsp: ${spec.title} on save failed: ${String(error)}`),
      );
    },
    onDidClose(uri) {
      scheduler.cancel(uri);
      contextFiles.delete(uri);
    },
  };
  /** The command's answer: one line per document, or why nothing ran. */
  const describeRun = async (
    results: Array<{ uri: string; status: string; findings: number; error?: string }>,
    context: FeatureContext,
  ): Promise<[MessageType, string]> => {
    const config = context.config();
    if (results.length === 0)
      return [MessageType.Info, `seclsp: ${spec.title}: no open Python document to analyze`];
    if (spec.mode(config) === "off") {
      return [MessageType.Warning, `seclsp: ${spec.title} is turned off in the settings (mode "off")`];
    }
    if (results.every((result) => result.status === "unavailable")) {
      const available = await currentAnalyzer(config)
        .available()
        .catch((error: unknown) => String(error));
      const reason = typeof available === "string" ? available : `${spec.title} is not available`;
      return [MessageType.Warning, `seclsp: ${reason}`];
    }
    const lines = results.map((result) => {
      const name = basename(documentPath(result.uri));
      if (result.status === "done") return `${name}: ${result.findings} finding(s)`;
      if (result.status === "failed") return `${name}: failed: ${firstLine(result.error ?? "")}`;
      return `${name}: ${result.status}`;
    });
    const failed = results.some((result) => result.status === "failed");
    return [failed ? MessageType.Warning : MessageType.Info, `seclsp: ${spec.title}: ${lines.join("; ")}`];
  };

  if (spec.runCommand) {
    const run: CommandHandler = async (args, context) => {
      const requested =
        typeof args[0] === "string" ? [context.documents.get(args[0])] : context.documents.all();
      const documents = requested.filter((doc): doc is TextDocument => doc !== undefined && isPython(doc));
      const outcomes = await Promise.all(documents.map((doc) => analyzeDocument(doc, context)));
      const results = outcomes.map((outcome, i) => ({
        uri: documents[i]!.uri,
        status: outcome?.status ?? "unavailable",
        findings: outcome?.status === "done" ? outcome.findings.length : 0,
        ...(outcome?.status === "failed" ? { error: outcome.error.message } : {}),
      }));
      context.client.showMessage(...(await describeRun(results, context)));
      return results;
    };
    return { ...feature, commands: { [spec.runCommand]: run } };
  }
  return feature;
}

function isPython(document: TextDocument): boolean {
  return document.languageId === "python" || /\.pyi?$/i.test(document.uri);
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}
