import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Parser } from "web-tree-sitter";
import type { Finding } from "../../analysis/finding.js";
import { SuppressionPlanner } from "../../analysis/suppression.js";
import { ParseCache } from "../../python/parse-cache.js";
import { loadPythonParser } from "../../python/parser.js";
import type { FeatureContext, LspFeature } from "../feature.js";
import { CommentEditCheck } from "./comment-edit-check.js";
import { findingQuickFixes } from "./finding-quick-fixes.js";

/** The comment every suppress edit adds or extends (see SuppressionPlanner.edit). */
const DIRECTIVE = "# seclsp: ignore[";

/**
 * Quick fix "Suppress <ruleId> on this line": adds/extends `# seclsp: ignore[<ruleId>]` on the
 * line `SuppressionPlanner.line` picks (where the statement's backslash or string continuation
 * ends, so the comment never lands inside a string or after a `\`). The edit is offered only when
 * it silences the finding, the comment is a real comment, and the file parses as before.
 */
export const suppressFeature: LspFeature = {
  name: "suppress",
  async codeActions(params, context) {
    const parser = await loadPythonParser().catch((error: unknown) => {
      context.logger.warn(
        `seclsp: suppress: Python parser unavailable, no suppress action: ${String(error)}`,
      );
      return undefined;
    });
    if (!parser) return [];
    let shared: { planner: SuppressionPlanner; check: CommentEditCheck } | undefined;
    return findingQuickFixes(params, context, (document, diagnostic, finding) => {
      if (!shared) {
        const text = document.getText();
        const tree = treesOf(context, parser).parse(document.uri, text);
        if (!tree) return [];
        shared = { planner: new SuppressionPlanner(text), check: new CommentEditCheck(parser, text, tree) };
      }
      const action = suppressAction(document, diagnostic, finding.ruleId, finding, shared, context);
      return action ? [action] : [];
    });
  },
  onDidClose(uri, context) {
    trees.get(context.documents)?.forget(uri);
  },
  onShutdown(context) {
    trees.get(context.documents)?.clear();
  },
};

/**
 * The last parse tree of each open document, per server (keyed by its document store): the next
 * request on the same text reuses it, an edited text is re-parsed incrementally.
 */
const trees = new WeakMap<FeatureContext["documents"], ParseCache>();

function treesOf(context: FeatureContext, parser: Parser): ParseCache {
  let cache = trees.get(context.documents);
  if (!cache) {
    cache = new ParseCache(parser);
    trees.set(context.documents, cache);
  }
  return cache;
}

function suppressAction(
  document: TextDocument,
  diagnostic: Diagnostic,
  ruleId: string,
  finding: Finding,
  { planner, check }: { planner: SuppressionPlanner; check: CommentEditCheck },
  context: FeatureContext,
): CodeAction | undefined {
  // A finding past the end of the document is stale: there is no line to comment.
  if (finding.range.end.line >= document.lineCount) return undefined;
  const problems: string[] = [];
  for (const line of new Set([
    planner.line(finding.range),
    finding.range.start.line,
    finding.range.end.line,
  ])) {
    const newText = planner.edit(line, ruleId);
    const start = document.offsetAt({ line, character: 0 });
    const end = start + lineText(document, line).length;
    if (newText === document.getText().slice(start, end)) continue;
    const problem = !planner.silences(line, newText, finding)
      ? `a comment on line ${line + 1} would not silence it`
      : check.problem({ start, end, newText, commentAt: newText.lastIndexOf(DIRECTIVE) }, line);
    if (problem) {
      problems.push(problem);
      continue;
    }
    // Only the line's text up to its line break is replaced: nothing else is touched.
    const edit: TextEdit = {
      range: { start: { line, character: 0 }, end: document.positionAt(end) },
      newText,
    };
    return {
      title: `Suppress ${ruleId} on this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(document, edit, context),
    };
  }
  context.logger.debug(
    `seclsp: no suppress action for ${ruleId} at line ${finding.range.start.line + 1}: ${problems.join("; ")}`,
  );
  return undefined;
}

function lineText(document: TextDocument, line: number): string {
  const start = document.offsetAt({ line, character: 0 });
  const next = document.offsetAt({ line: line + 1, character: 0 });
  return document
    .getText()
    .slice(start, next)
    .replace(/(\r\n|\r|\n)$/, "");
}

/** A versioned edit (refused by the client if the user typed since), or plain changes for old clients. */
function workspaceEdit(document: TextDocument, edit: TextEdit, context: FeatureContext): WorkspaceEdit {
  if (context.clientCapabilities().workspace?.workspaceEdit?.documentChanges) {
    return {
      documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: [edit] }],
    };
  }
  return { changes: { [document.uri]: [edit] } };
}
