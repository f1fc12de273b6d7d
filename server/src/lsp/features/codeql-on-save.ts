import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { MessageType } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { CodeqlAnalyzer } from "../../analysis/codeql/codeql-analyzer.js";
import { isInside } from "../../analysis/codeql/project-layout.js";
import { ProjectRunQueue, type QueuedOutcome } from "../../analysis/codeql/project-run-queue.js";
import { type ProjectCodeqlResult, runCodeqlOnProject } from "../../analysis/codeql/run-codeql-on-project.js";
import { createAnalyzer } from "../../analysis/create-analyzers.js";
import type { Finding } from "../../analysis/finding.js";
import { reconcileFindings } from "../../analysis/on-save-scheduler.js";
import { visibleFindings } from "../../analysis/visible-findings.js";
import { CommandIds } from "../command-ids.js";
import { documentPath } from "../document-path.js";
import type { CommandHandler, FeatureContext, LspFeature } from "../feature.js";
import { findingToDiagnostic } from "../finding-diagnostic.js";
import { owningFolder } from "../workspace-folders.js";
import { createBackendOnSaveFeature } from "./backend-on-save.js";

type FeatureOptions = { env?: NodeJS.ProcessEnv; workDir?: string };

/** One workspace folder's CodeQL project: its run queue and what it published for closed files. */
interface ProjectState {
  queue: ProjectRunQueue<ProjectCodeqlResult>;
  /** The file whose save asked for the next run (decides the package of a narrowed layout). */
  savedFile?: string;
  /** Closed files with CodeQL diagnostics we published: path → URI (replaced by each run). */
  published: Map<string, string>;
}

/** Per server (features are module objects; tests run many servers in one process). */
interface ServerState {
  analyzer?: CodeqlAnalyzer;
  analyzerKey: string;
  projects: Map<string, ProjectState>;
  shown: Set<string>;
}

/**
 * CodeQL diagnostics on save (and `seclsp.runCodeql`) when the CLI is found. Default scope
 * `project`: the saved file's whole workspace folder is the source root (flows across modules),
 * and findings are published for every file of it. Scopes `file`/`workspace`, and files outside
 * any workspace folder, take the per-document path of backend-on-save.
 */
export function createCodeqlOnSaveFeature(options: FeatureOptions = {}): LspFeature {
  const perDocument = createBackendOnSaveFeature({
    name: "codeql-on-save",
    source: "codeql",
    title: "CodeQL",
    mode: (config) => config.codeql.mode,
    scope: (config) => (config.codeql.scope === "workspace" ? "workspace" : "file"),
    configKey: (config) => JSON.stringify(config.codeql),
    createAnalyzer: (config) => createAnalyzer("codeql", config, options),
    runCommand: CommandIds.runCodeql,
  });
  const states = new WeakMap<FeatureContext, ServerState>();
  const stateOf = (context: FeatureContext): ServerState => {
    let state = states.get(context);
    if (!state) {
      state = { analyzerKey: "", projects: new Map(), shown: new Set() };
      states.set(context, state);
    }
    return state;
  };

  /** The workspace folder a project-scope run covers for this file, if project scope applies. */
  const projectFolder = (uri: string, context: FeatureContext): string | undefined => {
    if (!uri.startsWith("file:")) return undefined;
    const path = documentPath(uri);
    // Each workspace folder's own settings (multi-root): its project file may set another scope.
    if (context.config(path).codeql.scope !== "project") return undefined;
    return owningFolder(path, context.workspaceFolders());
  };

  const runCommand: CommandHandler = async (args, context, request) => {
    const folders = context.workspaceFolders();
    const uri = typeof args[0] === "string" ? args[0] : undefined;
    const targets =
      uri !== undefined
        ? [projectFolder(uri, context)].filter((f): f is string => f !== undefined)
        : context.config().codeql.scope === "project"
          ? folders
          : [];
    if (targets.length === 0) return perDocument.commands?.[CommandIds.runCodeql]?.(args, context, request);
    const outcomes = await Promise.all(
      targets.map((folder) =>
        requestRun(folder, uri ? documentPath(uri) : undefined, context, stateOf(context)),
      ),
    );
    const results = outcomes.map((outcome, i) => ({
      folder: targets[i] as string,
      status: outcome?.status ?? "unavailable",
      files: outcome?.status === "done" ? outcome.value.files.size : 0,
      findings: outcome?.status === "done" ? outcome.value.findings.length : 0,
      ...(outcome?.status === "failed" ? { error: outcome.error.message } : {}),
    }));
    // The command's visible answer: one line per folder (unavailable/failed already warned once).
    const done = results.filter((r) => r.status === "done");
    if (done.length > 0) {
      const lines = done.map((r) => `${basename(r.folder)}: ${r.findings} finding(s) in ${r.files} file(s)`);
      context.client.showMessage(MessageType.Info, `seclsp: CodeQL: ${lines.join("; ")}`);
    }
    return results;
  };

  /** Ask for a run of `folder` (coalesced with a running one); resolves when it was published. */
  const requestRun = async (
    folder: string,
    savedFile: string | undefined,
    context: FeatureContext,
    state: ServerState,
  ): Promise<QueuedOutcome<ProjectCodeqlResult> | undefined> => {
    const config = context.config(folder);
    const mode = config.codeql.mode;
    if (mode === "off") return undefined;
    const analyzer = analyzerFor(context, state, config);
    const available = await analyzer.available();
    if (available !== true) {
      const reason = typeof available === "string" ? available : "CodeQL is not available";
      once(context, state, mode === "on" ? MessageType.Warning : MessageType.Info, `seclsp: ${reason}`);
      return undefined;
    }
    let project = state.projects.get(folder);
    if (!project) {
      const created: ProjectState = {
        published: new Map(),
        queue: new ProjectRunQueue((signal) => runProject(folder, created, context, state, signal)),
      };
      project = created;
      state.projects.set(folder, project);
    }
    if (savedFile !== undefined) project.savedFile = savedFile;
    const outcome = await project.queue.request();
    if (outcome.status === "failed") {
      context.logger.error(`seclsp: CodeQL failed for ${folder}: ${outcome.error.message}`);
      once(
        context,
        state,
        MessageType.Warning,
        `seclsp: CodeQL failed: ${outcome.error.message.split("\n", 1)[0]} (embedded results are still shown)`,
      );
    }
    return outcome;
  };

  /** One run: snapshot the buffers now (the newest state wins), analyze, publish every file. */
  const runProject = (
    folder: string,
    project: ProjectState,
    context: FeatureContext,
    state: ServerState,
    signal: AbortSignal,
  ): Promise<ProjectCodeqlResult> => {
    const config = context.config(folder);
    const buffers = new Map<string, string>();
    for (const document of context.documents.all()) {
      if (document.uri.startsWith("file:")) buffers.set(documentPath(document.uri), document.getText());
    }
    return context.client.withProgress(`CodeQL: ${basename(folder)}`, async (progress) => {
      const onCancel = () => project.queue.cancel();
      progress.signal.addEventListener("abort", onCancel, { once: true });
      try {
        progress.report("preparing the source root");
        const result = await runCodeqlOnProject(folder, {
          ...options,
          config,
          buffers,
          analyzer: analyzerFor(context, state, config),
          signal,
          ...(project.savedFile !== undefined ? { savedFile: project.savedFile } : {}),
          onPhase: (phase) =>
            progress.report(phase === "create" ? "creating the database" : "running the queries"),
          onProblem: (message) => context.logger.debug(`seclsp: CodeQL layout: ${message}`),
          onWaitForOtherRun: () => progress.report("waiting for another seclsp run on this folder"),
        });
        if (result.narrowed) {
          once(
            context,
            state,
            MessageType.Info,
            `seclsp: ${folder} has more than ${config.codeql.maxProjectFiles} Python files; CodeQL analyzes ` +
              `only ${result.scopeRoot} on save. Raise seclsp.codeql.maxProjectFiles to analyze the whole ` +
              `folder, or set seclsp.codeql.scope to "file".`,
          );
        }
        if (!signal.aborted) publishProject(folder, project, result, context);
        return result;
      } finally {
        progress.signal.removeEventListener("abort", onCancel);
      }
    });
  };

  const analyzerFor = (
    context: FeatureContext,
    state: ServerState,
    config = context.config(),
  ): CodeqlAnalyzer => {
    const key = JSON.stringify(config.codeql);
    if (!state.analyzer || key !== state.analyzerKey) {
      state.analyzer = createAnalyzer("codeql", config, options);
      state.analyzerKey = key;
    }
    return state.analyzer;
  };

  return {
    ...perDocument,
    analyzers: (context) =>
      context.config().codeql.scope === "project"
        ? [analyzerFor(context, stateOf(context))]
        : (perDocument.analyzers?.(context) ?? []),
    onDidSave(document, context) {
      const folder = projectFolder(document.uri, context);
      if (folder === undefined || !isPython(document)) return perDocument.onDidSave?.(document, context);
      // In the background: saving must never wait for CodeQL.
      void requestRun(folder, documentPath(document.uri), context, stateOf(context)).catch((error: unknown) =>
        context.logger.error(`seclsp: CodeQL on save failed: ${String(error)}`),
      );
    },
    onDidChangeConfiguration(context) {
      // Another scope or CodeQL off: what project runs published for closed files goes.
      const config = context.config();
      if (config.codeql.scope === "project" && config.codeql.mode !== "off") return;
      const state = stateOf(context);
      for (const project of state.projects.values()) {
        project.queue.dispose();
        for (const [path, uri] of project.published) clearClosed(path, uri, context);
      }
      state.projects.clear();
    },
    onDidChangeWorkspaceFolders(context) {
      const state = stateOf(context);
      const folders = context.workspaceFolders();
      for (const [folder, project] of state.projects) {
        if (folders.includes(folder)) continue;
        project.queue.dispose();
        for (const [path, uri] of project.published) clearClosed(path, uri, context);
        state.projects.delete(folder);
      }
    },
    onShutdown(context) {
      for (const project of stateOf(context).projects.values()) project.queue.dispose();
      return perDocument.onShutdown?.(context);
    },
    commands: { ...perDocument.commands, [CommandIds.runCodeql]: runCommand },
  };

  function once(context: FeatureContext, state: ServerState, type: MessageType, message: string): void {
    if (state.shown.has(message)) return;
    state.shown.add(message);
    if (type === MessageType.Info) context.logger.info(message);
    else context.client.showMessage(type, message);
  }
}

/**
 * Publish a project run: open documents through the normal merge (moved to their current lines,
 * or dropped where edited since); closed files as workspace diagnostics merged with the embedded
 * analyzer's. Each run replaces the last: files without findings now (fixed, deleted, excluded)
 * lose their CodeQL diagnostics.
 */
function publishProject(
  folder: string,
  project: ProjectState,
  result: ProjectCodeqlResult,
  context: FeatureContext,
): void {
  const byFile = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const open = new Map<string, TextDocument>();
  for (const document of context.documents.all()) {
    if (document.uri.startsWith("file:")) open.set(documentPath(document.uri), document);
  }
  for (const [path, document] of open) {
    if (!isInside(path, folder) || owningFolder(path, context.workspaceFolders()) !== folder) continue;
    const analyzed = result.files.get(path);
    const own = analyzed === undefined ? [] : (byFile.get(path) ?? []);
    const findings = analyzed === undefined ? [] : reconcileFindings(own, analyzed, document.getText());
    context.updateFindings(document.uri, "codeql", document.version, findings);
    project.published.delete(path);
  }
  const relatedInformation =
    context.clientCapabilities().textDocument?.publishDiagnostics?.relatedInformation === true;
  const previous = new Map(project.published);
  project.published.clear();
  for (const [path, findings] of byFile) {
    if (open.has(path)) continue;
    const text = result.files.get(path);
    if (text === undefined) continue;
    const uri = previous.get(path) ?? pathToFileURL(path).href;
    const shown = visibleFindings(text, [...context.analyzeClosedFile(path, text), ...findings]);
    context.client.publishDiagnostics({
      uri,
      diagnostics: shown.map((finding) =>
        findingToDiagnostic(finding, { documentUri: uri, relatedInformation }),
      ),
    });
    project.published.set(path, uri);
  }
  for (const [path, uri] of previous) {
    if (project.published.has(path) || open.has(path)) continue;
    // Still in the project: keep the embedded analyzer's view of it; deleted or excluded: nothing.
    const text = result.files.get(path);
    if (text === undefined) clearClosed(path, uri, context);
    else {
      const shown = visibleFindings(text, context.analyzeClosedFile(path, text));
      context.client.publishDiagnostics({
        uri,
        diagnostics: shown.map((finding) =>
          findingToDiagnostic(finding, { documentUri: uri, relatedInformation }),
        ),
      });
    }
  }
}

function clearClosed(path: string, uri: string, context: FeatureContext): void {
  const isOpen = context.documents.all().some((document) => documentPath(document.uri) === path);
  if (!isOpen) context.client.publishDiagnostics({ uri, diagnostics: [] });
}

function isPython(document: TextDocument): boolean {
  return document.languageId === "python" || /\.pyi?$/i.test(document.uri);
}

export const codeqlOnSaveFeature: LspFeature = createCodeqlOnSaveFeature();
