import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { loadPythonParser } from "../../analysis/embedded/taint/python-parser.js";
import type { Finding } from "../../analysis/finding.js";
import { applySuppressions, suppressionEdit, suppressionLine } from "../../analysis/suppression.js";
import type { FeatureContext, LspFeature } from "../feature.js";
import { CommentEditCheck } from "./comment-edit-check.js";
import { findingQuickFixes } from "./finding-quick-fixes.js";

/**
 * Quick fix "Suppress <ruleId> on this line": adds/extends `# seclsp: ignore[<ruleId>]` on the
 * line `suppressionLine` picks (where the statement's backslash or string continuation ends, so
 * the comment never lands inside a string or after a `\`). The edit is offered only when the
 * edited file parses as before, the comment is a real comment, and it silences the finding.
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
    let check: CommentEditCheck | undefined;
    return findingQuickFixes(params, context, (document, diagnostic, data, finding) => {
      check ??= new CommentEditCheck(parser, document.getText());
      const action = suppressAction(document, diagnostic, data.ruleId, finding, check, context);
      return action ? [action] : [];
    });
  },
};

function suppressAction(
  document: TextDocument,
  diagnostic: Diagnostic,
  ruleId: string,
  finding: Finding,
  check: CommentEditCheck,
  context: FeatureContext,
): CodeAction | undefined {
  const text = document.getText();
  // A finding past the end of the document is stale: there is no line to comment.
  if (finding.range.end.line >= document.lineCount) return undefined;
  const problems: string[] = [];
  const preferred = suppressionLine(text, finding.range);
  for (const line of new Set([preferred, finding.range.start.line, finding.range.end.line])) {
    const edit = lineEdit(document, line, suppressionEdit(text, line, ruleId));
    if (edit.newText === lineText(document, line)) continue;
    const edited = replaceLine(document, line, edit.newText);
    const problem =
      applySuppressions(edited, [finding]).length > 0
        ? `a comment on line ${line + 1} would not silence it`
        : check.problem(edited, line, /seclsp\s*:\s*ignore/i);
    if (problem) {
      problems.push(problem);
      continue;
    }
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

/** Replaces line `line` up to (not including) its line break: nothing else is touched. */
function lineEdit(document: TextDocument, line: number, newText: string): TextEdit {
  const start = document.offsetAt({ line, character: 0 });
  const end = document.positionAt(start + lineText(document, line).length);
  return { range: { start: { line, character: 0 }, end }, newText };
}

function replaceLine(document: TextDocument, line: number, newText: string): string {
  const text = document.getText();
  const start = document.offsetAt({ line, character: 0 });
  return text.slice(0, start) + newText + text.slice(start + lineText(document, line).length);
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
