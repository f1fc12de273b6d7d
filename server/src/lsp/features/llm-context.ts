import { MessageType } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { createAnalyzer } from "../../analysis/create-analyzers.js";
import { EmbeddedAnalyzer } from "../../analysis/embedded/embedded-analyzer.js";
import type { Finding } from "../../analysis/finding.js";
import { visibleFindings } from "../../analysis/visible-findings.js";
import { ConsentRequiredError } from "../../llm/consent.js";
import { LlmError } from "../../llm/errors.js";
import { NoCodeError } from "../../llm/extract-code.js";
import { createModelRoles } from "../../llm/model-roles.js";
import type { LlmCallRecord } from "../../llm/types.js";
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
    createAnalyzer("embedded", context.config());
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
        const ctx: WorkflowContext = {
          models: createModelRoles(context.config(), { logger: context.logger }),
          analyze: candidateAnalyzer(context, uri),
          signal: AbortSignal.any([cancelled.signal, progress.signal]),
          onProgress: (message) => {
            progress.report(message);
            context.logger.debug(`seclsp: ${title}: ${message}`);
          },
        };
        return work(ctx);
      },
      request.workDoneToken,
    );
  } catch (error) {
    const aborted = cancelled.signal.aborted || isAbort(error);
    const message = aborted
      ? `seclsp: ${title} cancelled`
      : `seclsp: ${title} failed: ${describeLlmError(error)}`;
    context.client.showMessage(aborted ? MessageType.Info : MessageType.Error, message);
    if (!aborted) context.logger.error(error instanceof Error ? (error.stack ?? message) : message);
    return { ok: false, error: message, ...(aborted ? { cancelled: true } : {}) };
  } finally {
    subscription.dispose();
  }
}

/** A message the user can act on (consent: exactly what to set; timeouts, 429 …: what happened). */
export function describeLlmError(error: unknown): string {
  if (error instanceof ConsentRequiredError) return error.message;
  if (error instanceof LlmError) return `${error.message} (${error.kind})`;
  if (error instanceof NoCodeError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || /abort|cancel/i.test(error.message));
}

export function isFailure(value: unknown): value is LlmCommandFailure {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

/** Model usage of a run, for the log (never message contents). */
export function describeCalls(calls: LlmCallRecord[]): string {
  const tokens = calls.reduce((sum, c) => sum + c.usage.promptTokens + c.usage.completionTokens, 0);
  const cached = calls.filter((c) => c.cached).length;
  return `${calls.length} model call(s), ${tokens} tokens, ${cached} from cache`;
}

/** The open document, or a clear error. */
export function openDocument(context: FeatureContext, uri: string): TextDocument {
  const document = context.documents.get(uri);
  if (!document) throw new Error(`${uri} is not open in the editor`);
  return document;
}

/** The finding shown at `uri` that the command targets (by fingerprint, else rule + line). */
export function findTarget(
  context: FeatureContext,
  uri: string,
  target: { fingerprint?: string; ruleId?: string; line?: number },
): Finding | undefined {
  const shown = context.findings(uri);
  if (target.fingerprint) {
    const exact = shown.find((f) => f.fingerprint === target.fingerprint);
    if (exact) return exact;
  }
  const sameRule = shown.filter((f) => target.ruleId === undefined || f.ruleId === target.ruleId);
  if (target.line !== undefined) {
    const onLine = sameRule.find((f) => f.range.start.line === target.line);
    if (onLine) return onLine;
    return undefined;
  }
  return target.ruleId !== undefined && !target.fingerprint ? sameRule[0] : undefined;
}
