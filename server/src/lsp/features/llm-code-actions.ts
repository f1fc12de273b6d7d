import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
} from "vscode-languageserver/node.js";
import type { FeatureContext } from "../feature.js";
import { type DiagnosticData, diagnosticData } from "../finding-diagnostic.js";
import { wants } from "./suppress.js";

/** What an LLM code action's command carries to find its finding again (see llm-arguments.ts). */
export interface ActionTarget {
  fingerprint: string;
  ruleId: string;
  line: number;
}

/**
 * Quick fixes for each seclsp diagnostic in the request, one per (rule, line). Listing never calls
 * a model: each action only carries a `command`, which runs the workflow when the user picks it
 * (works in every client, including those without codeAction/resolve such as eglot 1.9).
 */
export function llmCodeActions(
  params: CodeActionParams,
  context: FeatureContext,
  make: (diagnostic: Diagnostic, data: DiagnosticData, target: ActionTarget) => CodeAction[],
): CodeAction[] {
  if (!wants(params.context.only, CodeActionKind.QuickFix)) return [];
  if (!context.documents.get(params.textDocument.uri)) return [];
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const diagnostic of params.context.diagnostics) {
    const data = diagnosticData(diagnostic);
    if (!data) continue;
    const line = diagnostic.range.start.line;
    const key = `${line}\0${data.ruleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    actions.push(...make(diagnostic, data, { fingerprint: data.fingerprint, ruleId: data.ruleId, line }));
  }
  return actions;
}
