import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
} from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding } from "../../analysis/finding.js";
import type { FindingRef } from "../../workflows/finding-ref.js";
import type { FeatureContext } from "../feature.js";
import { findingToDiagnostic } from "../finding-diagnostic.js";

/** `only` filters by kind prefix: "quickfix" matches "quickfix.x"; no filter means everything. */
export function wants(only: string[] | undefined, kind: string): boolean {
  return (
    !only || only.length === 0 || only.some((prefix) => kind === prefix || kind.startsWith(`${prefix}.`))
  );
}

/**
 * The lines a code-action request covers (first ≤ last), or undefined for a malformed range.
 * Actions are computed from these lines, not from `context.diagnostics`: clients send those only
 * when the cursor is on the flagged characters (eglot sends [] at the end of the line), some send
 * every diagnostic of the file, and some send diagnostics another version of the text produced.
 */
export function requestedLines(params: CodeActionParams): { first: number; last: number } | undefined {
  const start = params.range?.start?.line;
  const end = params.range?.end?.line;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return undefined;
  return { first: Math.min(start, end), last: Math.max(start, end) };
}

/**
 * Most findings one request gets actions for. Every Suppress action is verified by a parse, so a
 * select-all over a file with thousands of findings would take seconds; the first ones (by line)
 * in the range are listed, which is more than a menu can show anyway.
 */
export const MAX_FINDINGS_PER_REQUEST = 50;

/** The shown findings whose lines intersect the requested lines (the first MAX_FINDINGS_PER_REQUEST by line). */
export function findingsInRequest(params: CodeActionParams, context: FeatureContext): Finding[] {
  const lines = requestedLines(params);
  const uri = params.textDocument?.uri;
  if (!lines || typeof uri !== "string") return [];
  return context
    .findings(uri)
    .filter((finding) => finding.range.start.line <= lines.last && finding.range.end.line >= lines.first)
    .sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    )
    .slice(0, MAX_FINDINGS_PER_REQUEST);
}

/**
 * Quick fixes for the server's own findings on the requested lines, built once per (rule, line):
 * a line may carry several reports of one problem. `diagnostic` is the one published for the
 * finding (so clients link the action to it) and `ref` its `data`, the FindingRef a command
 * argument carries. Nothing when the client did not ask for quick fixes or the document is not open.
 */
export function findingQuickFixes(
  params: CodeActionParams,
  context: FeatureContext,
  make: (document: TextDocument, diagnostic: Diagnostic, finding: Finding, ref: FindingRef) => CodeAction[],
): CodeAction[] {
  if (!wants(params.context?.only, CodeActionKind.QuickFix)) return [];
  const uri = params.textDocument?.uri;
  const document = typeof uri === "string" ? context.documents.get(uri) : undefined;
  if (!document) return [];
  const options = {
    documentUri: document.uri,
    version: document.version,
    relatedInformation:
      context.clientCapabilities().textDocument?.publishDiagnostics?.relatedInformation === true,
  };
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const finding of findingsInRequest(params, context)) {
    const key = `${finding.range.start.line}\0${finding.ruleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const diagnostic = findingToDiagnostic(finding, options);
    actions.push(...make(document, diagnostic, finding, diagnostic.data as FindingRef));
  }
  return actions;
}
