import { resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type CancellationToken,
  ErrorCodes,
  MessageType,
  ResponseError,
} from "vscode-languageserver/node.js";
import type { Finding } from "../../analysis/finding.js";
import { visibleFindings } from "../../analysis/visible-findings.js";
import { walkPythonFiles } from "../../files/discover-python-files.js";
import { GitignoreRules } from "../../files/gitignore-rules.js";
import { readSourceFile } from "../../files/read-source-file.js";
import { CommandIds } from "../command-ids.js";
import { documentPath } from "../document-path.js";
import type { CommandRequest, FeatureContext, LspFeature } from "../feature.js";
import { findingToDiagnostic, skippedFileDiagnostic } from "../finding-diagnostic.js";
import type { ProgressReporter } from "../lsp-client.js";
import { inWorkspaceScope, owningFolder } from "../workspace-folders.js";
import { type WatchBatch, WorkspaceWatcher } from "../workspace-watcher.js";

/** What `seclsp.scanWorkspace` answers. */
export interface ScanSummary {
  /** Python files covered: closed ones analyzed from disk plus open ones (their buffer's findings). */
  files: number;
  /** Findings shown for those files. */
  findings: number;
  /** Files not analyzed: too big (`maxFileBytes`) or unreadable. */
  skipped: number;
  cancelled: boolean;
}

type FileOutcome = { status: "published"; findings: number } | { status: "skipped" | "open" | "gone" };

/**
 * Per server (features are shared module objects; tests run many servers in one process), keyed
 * by the server's document store: commands get their own FeatureContext object each.
 */
interface WorkspaceState {
  /** A complete scan ran: closed files are kept up to date from then on. */
  scanned: boolean;
  /** The folders of the last scan (the workspace folders, or those the command named). */
  folders: string[];
  /** Closed files whose diagnostics we published, by path → URI (to clear them later). */
  published: Map<string, string>;
  scan?: AbortController;
  watcher?: { key: string; started: Promise<WorkspaceWatcher | undefined> };
}

const states = new WeakMap<FeatureContext["documents"], WorkspaceState>();

function stateOf(context: FeatureContext): WorkspaceState {
  let state = states.get(context.documents);
  if (!state) {
    state = { scanned: false, folders: [], published: new Map() };
    states.set(context.documents, state);
  }
  return state;
}

/**
 * `seclsp.scanWorkspace [folder...]`: analyze every Python file of the workspace folders (or of the
 * given folders) with the embedded analyzer and publish diagnostics for closed files too. Files
 * open in the editor are not read from disk: their buffer's analysis is the truth. After a complete
 * scan, a chokidar watcher keeps closed files current when they change on disk (git checkout,
 * generators); a closed file's diagnostics stay until it is deleted, excluded, or opened (then the
 * document's own analysis takes over; on close it is analyzed from disk again).
 */
export const workspaceScanFeature: LspFeature = {
  name: "workspace-scan",
  commands: {
    [CommandIds.scanWorkspace]: (args, context, request) => scanWorkspace(args, context, request),
  },
  onDidClose(uri, context) {
    const state = stateOf(context);
    if (!state.scanned || !uri.startsWith("file:")) return;
    const path = documentPath(uri);
    void (async () => {
      const config = context.config(path);
      if (await inWorkspaceScope(path, state.folders, config.exclude)) {
        await analyzeFromDisk(path, context, state);
      }
    })().catch((error: unknown) =>
      context.logger.error(`seclsp: re-analysis of ${path} failed: ${String(error)}`),
    );
  },
  onDidChangeConfiguration(context) {
    const state = stateOf(context);
    if (state.scanned) refreshInBackground(state.folders, context);
  },
  onDidChangeWorkspaceFolders(context) {
    if (stateOf(context).scanned) refreshInBackground(context.workspaceFolders(), context);
  },
  async onShutdown(context) {
    const state = stateOf(context);
    state.scan?.abort();
    const watcher = await state.watcher?.started;
    state.watcher = undefined;
    await watcher?.close();
  },
};

async function scanWorkspace(
  args: unknown[],
  context: FeatureContext,
  request: CommandRequest,
): Promise<ScanSummary> {
  const workspace = context.workspaceFolders();
  const folders = folderArguments(args) ?? workspace;
  // With workspace folders, a named folder must lie inside them (no scanning /etc by command).
  const outside = folders.find(
    (folder) => workspace.length > 0 && !workspace.includes(folder) && !owningFolder(folder, workspace),
  );
  if (outside !== undefined) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `seclsp.scanWorkspace: ${outside} is outside the workspace folders`,
    );
  }
  if (folders.length === 0) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      "seclsp.scanWorkspace: the client named no workspace folder; pass the folder as the first argument",
    );
  }
  const summary = await scan(folders, context, request.token, request);
  context.client.showMessage(MessageType.Info, describeScan(summary));
  return summary;
}

/** The scan's one-line answer ("seclsp: scanned 120 Python files: 7 findings, 2 skipped"). */
export function describeScan(summary: ScanSummary): string {
  const files = summary.files === 1 ? "1 Python file" : `${summary.files} Python files`;
  const findings = summary.findings === 1 ? "1 finding" : `${summary.findings} findings`;
  const skipped = summary.skipped > 0 ? `, ${summary.skipped} skipped (too big or unreadable)` : "";
  return summary.cancelled
    ? `seclsp: workspace scan cancelled after ${files}: ${findings}${skipped}`
    : `seclsp: scanned ${files}: ${findings}${skipped}`;
}

/** A rescan after settings or folders changed: same rules, no request to answer. */
function refreshInBackground(folders: string[], context: FeatureContext): void {
  void scan(folders, context, undefined, {}).catch((error: unknown) =>
    context.logger.error(`seclsp: workspace rescan failed: ${String(error)}`),
  );
}

async function scan(
  folders: string[],
  context: FeatureContext,
  token: CancellationToken | undefined,
  request: Pick<CommandRequest, "workDoneToken">,
): Promise<ScanSummary> {
  const state = stateOf(context);
  // A newer scan supersedes a running one.
  state.scan?.abort();
  const controller = new AbortController();
  state.scan = controller;
  const cancelListener = token?.onCancellationRequested(() => controller.abort());
  try {
    return await context.client.withProgress(
      "seclsp: scanning workspace",
      async (progress) => {
        progress.signal.addEventListener("abort", () => controller.abort(), { once: true });
        const summary = await scanFolders(folders, context, state, controller.signal, progress);
        if (!summary.cancelled) {
          state.scanned = true;
          state.folders = folders;
          ensureWatcher(folders, context, state);
        }
        return summary;
      },
      request.workDoneToken,
    );
  } finally {
    cancelListener?.dispose();
    if (state.scan === controller) state.scan = undefined;
  }
}

async function scanFolders(
  folders: string[],
  context: FeatureContext,
  state: WorkspaceState,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<ScanSummary> {
  const summary: ScanSummary = { files: 0, findings: 0, skipped: 0, cancelled: false };
  // Discover first (for a percentage); cancellation is checked between files here too.
  progress.report("discovering Python files", 0);
  const paths: string[] = [];
  for (const folder of folders) {
    const walk = walkPythonFiles([folder], {
      // Each folder's own `exclude` (multi-root: its project file's).
      exclude: context.config(folder).exclude,
      cwd: folder,
      onProblem: (problem) => context.logger.warn(`seclsp: scan: ${problem.path}: ${problem.reason}`),
    });
    for await (const path of walk) {
      if (signal.aborted) break;
      paths.push(path);
    }
  }
  let lastPercent = -1;
  for (const [index, path] of paths.entries()) {
    if (signal.aborted) break;
    const outcome = await analyzeFromDisk(path, context, state);
    if (outcome.status === "published") {
      summary.files++;
      summary.findings += outcome.findings;
    } else if (outcome.status === "open") {
      summary.files++;
      summary.findings += context.findings(openUri(path, context) ?? "").length;
    } else {
      summary.skipped++;
    }
    const percent = Math.floor(((index + 1) / paths.length) * 100);
    if (percent !== lastPercent) {
      lastPercent = percent;
      progress.report(`${index + 1}/${paths.length} files`, percent);
    }
    // Let edits, saves and the cancel request in between files.
    await new Promise((resolve) => setImmediate(resolve));
  }
  summary.cancelled = signal.aborted;
  if (!summary.cancelled) {
    // Files shown before that this scan did not find: deleted, newly excluded, or folder removed.
    const found = new Set(paths);
    for (const path of [...state.published.keys()]) if (!found.has(path)) clearClosed(path, context, state);
  }
  return summary;
}

/** Read a closed file, analyze it and publish; an open file is left to the document's analysis. */
async function analyzeFromDisk(
  path: string,
  context: FeatureContext,
  state: WorkspaceState,
): Promise<FileOutcome> {
  if (openUri(path, context)) return { status: "open" };
  const config = context.config(path);
  let source: Awaited<ReturnType<typeof readSourceFile>>;
  try {
    source = await readSourceFile(path, { maxFileBytes: config.maxFileBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      clearClosed(path, context, state);
      return { status: "gone" };
    }
    context.logger.warn(`seclsp: scan: cannot read ${path}: ${String(error)}`);
    return { status: "skipped" };
  }
  // The file may have been opened while it was read: the buffer wins.
  if (openUri(path, context)) return { status: "open" };
  const uri = state.published.get(path) ?? pathToFileURL(path).href;
  if (source.skipped) {
    context.client.publishDiagnostics({
      uri,
      diagnostics: [skippedFileDiagnostic(source.bytes, config.maxFileBytes)],
    });
    state.published.set(path, uri);
    return { status: "skipped" };
  }
  const raw = context.analyzeClosedFileAsync
    ? await context.analyzeClosedFileAsync(path, source.text)
    : context.analyzeClosedFile(path, source.text);
  // Opened while it was analyzed: the buffer wins.
  if (openUri(path, context)) return { status: "open" };
  // The same view as open documents: rule selection, severity overrides, `onlyNew`.
  const shown =
    context.presentClosedFile?.(path, uri, source.text, raw) ??
    plainDiagnostics(uri, source.text, raw, context);
  context.client.publishDiagnostics({ uri, diagnostics: shown.diagnostics });
  state.published.set(path, uri);
  return { status: "published", findings: shown.findings.length };
}

/** Suppressions only (a context without `presentClosedFile`). */
function plainDiagnostics(uri: string, text: string, raw: Finding[], context: FeatureContext) {
  const findings = visibleFindings(text, raw);
  const options = {
    documentUri: uri,
    relatedInformation:
      context.clientCapabilities().textDocument?.publishDiagnostics?.relatedInformation === true,
  };
  return { findings, diagnostics: findings.map((finding) => findingToDiagnostic(finding, options)) };
}

/** Clear a closed file's diagnostics (an open file's belong to its document). */
function clearClosed(path: string, context: FeatureContext, state: WorkspaceState): void {
  const uri = state.published.get(path);
  if (uri === undefined) return;
  state.published.delete(path);
  if (!openUri(path, context)) context.client.publishDiagnostics({ uri, diagnostics: [] });
}

/** The URI of the open document for `path`, compared by path (clients encode URIs differently). */
function openUri(path: string, context: FeatureContext): string | undefined {
  return context.documents.all().find((document) => documentPath(document.uri) === path)?.uri;
}

/** Start (or restart, when folders or excludes changed) the watcher after a complete scan. */
function ensureWatcher(folders: string[], context: FeatureContext, state: WorkspaceState): void {
  // What every folder excludes is not watched; each changed path is then checked against its own
  // folder's patterns (onWatchBatch).
  const excludes = folders.map((folder) => context.config(folder).exclude);
  const exclude = (excludes[0] ?? []).filter((pattern) => excludes.every((list) => list.includes(pattern)));
  const key = JSON.stringify([folders, excludes]);
  if (state.watcher?.key === key) return;
  const previous = state.watcher?.started;
  const started = (async () => {
    await (await previous)?.close();
    return WorkspaceWatcher.start({
      folders,
      exclude,
      onBatch: (batch) => onWatchBatch(batch, folders, context, state),
      onError: (error) => context.logger.warn(`seclsp: file watcher: ${String(error)}`),
    });
  })().catch((error: unknown) => {
    context.logger.error(`seclsp: cannot watch the workspace: ${String(error)}`);
    return undefined;
  });
  state.watcher = { key, started };
}

async function onWatchBatch(
  batch: WatchBatch,
  folders: string[],
  context: FeatureContext,
  state: WorkspaceState,
): Promise<void> {
  for (const deleted of batch.deleted) {
    for (const path of [...state.published.keys()]) {
      if (path === deleted || path.startsWith(deleted + sep)) clearClosed(path, context, state);
    }
  }
  // One .gitignore cache per batch: a changed .gitignore is read afresh next time.
  const gitignore = new GitignoreRules();
  for (const path of batch.changed) {
    if (openUri(path, context)) continue;
    if (await inWorkspaceScope(path, folders, context.config(path).exclude, gitignore))
      await analyzeFromDisk(path, context, state);
    else clearClosed(path, context, state);
    await new Promise((resolve) => setImmediate(resolve));
  }
  context.logger.debug(
    `seclsp: file watcher: ${batch.changed.length} changed, ${batch.deleted.length} deleted outside the editor`,
  );
}

/** Optional first argument: a folder (path or file: URI) or a list of them, instead of the workspace folders. */
function folderArguments(args: unknown[]): string[] | undefined {
  const first = args[0];
  const list = typeof first === "string" ? [first] : Array.isArray(first) ? first : undefined;
  if (!list) return undefined;
  if (!list.every((item): item is string => typeof item === "string" && item !== "")) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      "seclsp.scanWorkspace: folders must be paths or file: URIs",
    );
  }
  return list.map((item) => resolve(documentPath(item)));
}
