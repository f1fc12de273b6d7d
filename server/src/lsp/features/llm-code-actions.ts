import type { CodeAction, CodeActionParams, Diagnostic } from "vscode-languageserver/node.js";
import type { Finding } from "../../analysis/finding.js";
import type { FindingRef } from "../../workflows/finding-ref.js";
import type { FeatureContext } from "../feature.js";
import { findingQuickFixes } from "./finding-quick-fixes.js";

/**
 * Quick fixes for each seclsp finding in the request, one per (rule, line). Listing never calls a
 * model: each action only carries a `command` whose arguments are `[uri, ref, ...]` (`ref` is the
 * diagnostic's FindingRef), which runs the workflow when the user picks it (works in every client,
 * including those without codeAction/resolve such as eglot 1.9).
 */
export function llmCodeActions(
  params: CodeActionParams,
  context: FeatureContext,
  make: (diagnostic: Diagnostic, finding: Finding, ref: FindingRef) => CodeAction[],
): CodeAction[] {
  return findingQuickFixes(params, context, (_document, diagnostic, finding, ref) =>
    make(diagnostic, finding, ref),
  );
}
