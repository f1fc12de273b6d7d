import {
  CodeActionKind,
  PositionEncodingKind,
  type ServerCapabilities,
  TextDocumentSyncKind,
} from "vscode-languageserver/node.js";
import type { LspFeature } from "./feature.js";

/** What seclsp announces in the initialize result. Snapshot-tested: change deliberately. */
export function serverCapabilities(features: readonly LspFeature[]): ServerCapabilities {
  const commands = features.flatMap((feature) => Object.keys(feature.commands ?? {}));
  const extraKinds = features.flatMap((feature) => feature.codeActionKinds ?? []);
  return {
    // Finding ranges are UTF-16 throughout (ruff runs with UTF-16 positions), which every client supports.
    positionEncoding: PositionEncodingKind.UTF16,
    textDocumentSync: {
      openClose: true,
      change: TextDocumentSyncKind.Incremental,
      save: { includeText: false },
    },
    codeActionProvider: {
      // No resolveProvider: every action is complete when listed (edits are cheap; LLM work runs
      // in the action's command), so there is nothing to resolve later.
      codeActionKinds: [...new Set([CodeActionKind.QuickFix, ...extraKinds])],
    },
    executeCommandProvider: { commands: [...new Set(commands)].sort() },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}
