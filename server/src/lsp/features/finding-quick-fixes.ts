import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
} from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { FeatureContext } from "../feature.js";
import { type DiagnosticData, diagnosticData } from "../finding-diagnostic.js";

/** `only` filters by kind prefix: "quickfix" matches "quickfix.x"; no filter means everything. */
export function wants(only: string[] | undefined, kind: string): boolean {
  return (
    !only || only.length === 0 || only.some((prefix) => kind === prefix || kind.startsWith(`${prefix}.`))
  );
}

/**
 * Quick fixes for the seclsp diagnostics of a code-action request, built once per (rule, line):
 * the request may carry several diagnostics of one problem (e.g. a merged finding's reporters).
 * Nothing when the client did not ask for quick fixes or the document is not open.
 */
export function findingQuickFixes(
  params: CodeActionParams,
  context: FeatureContext,
  make: (document: TextDocument, diagnostic: Diagnostic, data: DiagnosticData) => CodeAction[],
): CodeAction[] {
  if (!wants(params.context.only, CodeActionKind.QuickFix)) return [];
  const document = context.documents.get(params.textDocument.uri);
  if (!document) return [];
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const diagnostic of params.context.diagnostics) {
    const data = diagnosticData(diagnostic);
    if (!data) continue;
    const key = `${diagnostic.range.start.line}\0${data.ruleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    actions.push(...make(document, diagnostic, data));
  }
  return actions;
}
