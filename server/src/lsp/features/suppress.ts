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
import { diagnosticData } from "../finding-diagnostic.js";

/** Quick fix "Suppress <ruleId> on this line": adds/extends `# seclsp: ignore[<ruleId>]`. */
export const suppressFeature: LspFeature = {
  name: "suppress",
  codeActions(params, context) {
    if (!wants(params.context.only, CodeActionKind.QuickFix)) return [];
    const document = context.documents.get(params.textDocument.uri);
    if (!document) return [];
    const actions: CodeAction[] = [];
    const seen = new Set<string>();
    for (const diagnostic of params.context.diagnostics) {
      const data = diagnosticData(diagnostic);
      if (!data) continue;
      const line = diagnostic.range.start.line;
      const key = `${line}\0${data.ruleId}`;
      if (seen.has(key) || line >= document.lineCount) continue;
      seen.add(key);
      actions.push(suppressAction(document, diagnostic, data.ruleId, context));
    }
    return actions;
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

/** `only` filters by kind prefix: "quickfix" matches "quickfix.x"; no filter means everything. */
export function wants(only: string[] | undefined, kind: string): boolean {
  return (
    !only || only.length === 0 || only.some((prefix) => kind === prefix || kind.startsWith(`${prefix}.`))
  );
}
