import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type CodeAction,
  CodeActionKind,
  MessageType,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { collectImports } from "../../analysis/embedded/taint/imports.js";
import { flowRulesFor } from "../../analysis/embedded/taint/models/user-models.js";
import { toSyntaxTree } from "../../analysis/embedded/taint/syntax-tree.js";
import type { Finding } from "../../analysis/finding.js";
import { appendSanitizerModel } from "../../config/model-entry.js";
import { ParseCache } from "../../python/parse-cache.js";
import { pythonParserIfReady } from "../../python/parser.js";
import { CommandIds } from "../command-ids.js";
import type { FeatureContext, LspFeature } from "../feature.js";
import { findingQuickFixes } from "./finding-quick-fixes.js";

/** Calls never worth declaring a sanitizer: conversions that keep the text. */
const NOT_SANITIZERS = new Set([
  "str",
  "repr",
  "format",
  "print",
  "list",
  "dict",
  "tuple",
  "bytes",
  "bytearray",
]);

/**
 * Quick fix on a data-flow finding whose path goes through a call to a function the engine does
 * not know (or one of this file): "Treat `clean_html` as a sanitizer for py/reflective-xss". The
 * command appends the model to the project file (`.seclsp.toml`, or `[tool.seclsp]` in the
 * pyproject.toml the settings come from) with `workspace/applyEdit`, then reloads the settings,
 * which re-analyzes the open documents. One model instead of an ignore comment on every line.
 */
export const modelActionsFeature: LspFeature = {
  name: "model-actions",
  codeActions(params, context) {
    if (!pythonParserIfReady()) return [];
    let imports: Map<string, string> | undefined;
    return findingQuickFixes(params, context, (document, diagnostic, finding) => {
      if (!finding.flow || flowRulesFor(finding.ruleId).length === 0) return [];
      imports ??= importsOf(document);
      return sanitizerCandidates(document, finding, imports).map(
        (name): CodeAction => ({
          title: `Treat \`${name}\` as a sanitizer for ${finding.ruleId}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: {
            title: `Treat ${name} as a sanitizer`,
            command: CommandIds.addModel,
            arguments: [{ function: name, rule: finding.ruleId }],
          },
        }),
      );
    });
  },
  commands: {
    [CommandIds.addModel]: async (args, context) => addSanitizerModel(args[0], context),
  },
};

function importsOf(document: TextDocument): Map<string, string> {
  const parser = pythonParserIfReady();
  if (!parser) return new Map();
  const cache = new ParseCache(parser);
  try {
    const tree = cache.parse(document.uri, document.getText());
    return tree ? collectImports(toSyntaxTree(tree, document.getText())) : new Map();
  } finally {
    cache.clear();
  }
}

/**
 * Functions called on the flow's path: for every step before the sink, the call whose argument
 * list the step opens (`clean_html(` right before it), qualified through the file's imports.
 */
export function sanitizerCandidates(
  document: TextDocument,
  finding: Finding,
  imports: ReadonlyMap<string, string>,
): string[] {
  const steps = finding.flow ?? [];
  const names: string[] = [];
  for (const step of steps.slice(0, -1)) {
    const start = step.range.start;
    if (start.line >= document.lineCount) continue;
    const before = document.getText({ start: { line: start.line, character: 0 }, end: start });
    // `def load(data)`: a parameter source opens a definition, not a call.
    if (/\bdef\s+\w+\(\s*$/.test(before)) continue;
    const callee = /([A-Za-z_][\w.]*)\(\s*$/.exec(before)?.[1];
    if (!callee || NOT_SANITIZERS.has(callee) || /^(self|cls)\./.test(callee)) continue;
    const [head, ...rest] = callee.split(".");
    const resolved = imports.get(head!);
    const name = resolved ? [resolved, ...rest].join(".") : callee;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

async function addSanitizerModel(arg: unknown, context: FeatureContext): Promise<unknown> {
  const request = arg as { function?: unknown; rule?: unknown } | undefined;
  if (typeof request?.function !== "string" || typeof request.rule !== "string") {
    throw new Error("seclsp.addModel: expected { function, rule }");
  }
  const folder = context.workspaceFolders()[0];
  const path = context.projectConfigFile?.() ?? (folder ? join(folder, ".seclsp.toml") : undefined);
  if (!path) {
    context.client.showMessage(
      MessageType.Warning,
      "seclsp: open a workspace folder to add a model to its .seclsp.toml",
    );
    return { applied: false };
  }
  const current = await readFile(path, "utf8").catch(() => undefined);
  const plan = appendSanitizerModel(path, current, { function: request.function, rules: [request.rule] });
  if (!plan.ok) {
    context.client.showMessage(
      MessageType.Warning,
      `seclsp: cannot add the model to ${path}: ${plan.reason}`,
    );
    return { applied: false };
  }
  const edit = configEdit(path, current, plan.text, context);
  if (!edit) {
    context.client.showMessage(
      MessageType.Warning,
      `seclsp: the editor cannot create ${path}; create it, then run the action again`,
    );
    return { applied: false };
  }
  const result = await context.client.applyEdit({ label: `seclsp: model for ${request.function}`, edit });
  if (!result.applied) return { applied: false };
  // The file is on disk once the client saved it; reloading re-analyzes the open documents.
  await context.reloadSettings?.();
  context.client.showMessage(
    MessageType.Info,
    `seclsp: ${request.function} is now a sanitizer for ${request.rule} (${path}); save the file if your editor left it open`,
  );
  return { applied: true, file: path };
}

/** Append at the end of an existing file (version null: not an open buffer), or create it. */
function configEdit(
  path: string,
  current: string | undefined,
  text: string,
  context: FeatureContext,
): WorkspaceEdit | undefined {
  const uri = pathToFileURL(path).href;
  const lines = (current ?? "").split(/\r\n|\r|\n/);
  const end = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  const change: TextDocumentEdit = {
    textDocument: { uri, version: null },
    edits: [{ range: { start: end, end }, newText: text }],
  };
  const workspace = context.clientCapabilities().workspace?.workspaceEdit;
  if (current !== undefined) {
    return workspace?.documentChanges ? { documentChanges: [change] } : { changes: { [uri]: change.edits } };
  }
  if (!workspace?.documentChanges || !workspace.resourceOperations?.includes("create")) return undefined;
  return { documentChanges: [{ kind: "create", uri, options: { ignoreIfExists: true } }, change] };
}
