import type { CodeAction, CodeActionParams, Diagnostic } from "vscode-languageserver/node.js";
import type { FeatureContext } from "../feature.js";
import type { DiagnosticData } from "../finding-diagnostic.js";
import { findingQuickFixes } from "./finding-quick-fixes.js";

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
  return findingQuickFixes(params, context, (_document, diagnostic, data) =>
    make(diagnostic, data, {
      fingerprint: data.fingerprint,
      ruleId: data.ruleId,
      line: diagnostic.range.start.line,
    }),
  );
}
