import { MessageType } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { EmbeddedAnalyzer } from "../../analysis/embedded/embedded-analyzer.js";
import { visibleFindings } from "../../analysis/visible-findings.js";
import { createWorkflowContext, describeWorkflowError } from "../../workflows/context.js";
import type { WorkflowContext } from "../../workflows/types.js";
import { documentPath } from "../document-path.js";
import type { CommandRequest, FeatureContext } from "../feature.js";

/**
 * The glue between an LSP command and a workflow: a WorkflowContext built from the current
 * settings, `$/progress` with cancellation (the request's CancellationToken and the progress's own
 * cancel button both abort), and one clear message for every failure — the server keeps serving.
 */

/** What a failed or cancelled LLM command returns (the editor also gets a showMessage). */
export interface LlmCommandFailure {
  ok: false;
  error: string;
  cancelled?: boolean;
}

/**
 * Re-analysis of candidate code for verification: the server's embedded analyzer (same settings,
 * suppressions and merge as the diagnostics). CodeQL is not run here: a verify round would take
 * tens of seconds per candidate; the user's next save runs it on the applied fix.
 */
export function candidateAnalyzer(context: FeatureContext, uri: string): WorkflowContext["analyze"] {
  const embedded =
    context
      .analyzers()
      .find((analyzer): analyzer is EmbeddedAnalyzer => analyzer instanceof EmbeddedAnalyzer) ??
    new EmbeddedAnalyzer({
      threatModel: context.config().threatModel,
      ignoreRules: context.config().embedded.ignoreRules,
    });
  const path = documentPath(uri);
  return async (code, signal) => {
    await EmbeddedAnalyzer.ready();
    signal?.throwIfAborted();
    return visibleFindings(code, embedded.analyzeText({ path, text: code }));
  };
}

/** Run `work` under `$/progress` with a WorkflowContext; failures become a message and a result. */
export async function runLlmCommand<T>(
  title: string,
  context: FeatureContext,
  request: CommandRequest,
  uri: string,
  work: (ctx: WorkflowContext) => Promise<T>,
): Promise<T | LlmCommandFailure> {
  const cancelled = new AbortController();
  const subscription = request.token.onCancellationRequested(() =>
    cancelled.abort(new Error("cancelled by the user")),
  );
  try {
    return await context.client.withProgress(
      title,
      async (progress) => {
        const ctx = createWorkflowContext(context.config(), {
          logger: context.logger,
          analyze: candidateAnalyzer(context, uri),
          signal: AbortSignal.any([cancelled.signal, progress.signal]),
          onProgress: (message) => {
            progress.report(message);
            context.logger.debug(`seclsp: ${title}: ${message}`);
          },
        });
        return work(ctx);
      },
      request.workDoneToken,
    );
  } catch (error) {
    const aborted = cancelled.signal.aborted || isAbort(error);
    const message = aborted
      ? `seclsp: ${title} cancelled`
      : `seclsp: ${title} failed: ${describeWorkflowError(error)}`;
    context.client.showMessage(aborted ? MessageType.Info : MessageType.Error, message);
    if (!aborted) context.logger.error(error instanceof Error ? (error.stack ?? message) : message);
    return { ok: false, error: message, ...(aborted ? { cancelled: true } : {}) };
  } finally {
    subscription.dispose();
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || /abort|cancel/i.test(error.message));
}

export function isFailure(value: unknown): value is LlmCommandFailure {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

/** The open document, or a clear error. */
export function openDocument(context: FeatureContext, uri: string): TextDocument {
  const document = context.documents.get(uri);
  if (!document) throw new Error(`${uri} is not open in the editor`);
  return document;
}
