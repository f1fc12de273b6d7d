import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { suppressionEdit } from "../../analysis/suppression.js";
import type { FeatureContext, LspFeature } from "../feature.js";
import { findingQuickFixes } from "./finding-quick-fixes.js";

/** Quick fix "Suppress <ruleId> on this line": adds/extends `# seclsp: ignore[<ruleId>]`. */
export const suppressFeature: LspFeature = {
  name: "suppress",
  codeActions(params, context) {
    return findingQuickFixes(params, context, (document, diagnostic, data) =>
      // A diagnostic past the end of the document is stale: there is no line to comment.
      diagnostic.range.start.line >= document.lineCount
        ? []
        : [suppressAction(document, diagnostic, data.ruleId, context)],
    );
  },
};

function suppressAction(
  document: TextDocument,
  diagnostic: Diagnostic,
  ruleId: string,
  context: FeatureContext,
): CodeAction {
  const line = diagnostic.range.start.line;
  const start = document.offsetAt({ line, character: 0 });
  const next = document.offsetAt({ line: line + 1, character: 0 });
  const text = document.getText();
  const lineText = text.slice(start, next).replace(/(\r\n|\r|\n)$/, "");
  const edit: TextEdit = {
    range: { start: { line, character: 0 }, end: document.positionAt(start + lineText.length) },
    newText: suppressionEdit(text, line, ruleId),
  };
  return {
    title: `Suppress ${ruleId} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit(document, edit, context),
  };
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
