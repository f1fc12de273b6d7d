import { MessageType, type WorkspaceEdit } from "vscode-languageserver/node.js";
import type { TextEdit } from "../../workflows/compute-edit.js";
import type { FeatureContext } from "../feature.js";

export interface ApplyOutcome {
  applied: boolean;
  /** The document moved on while the model worked: nothing was sent. */
  stale?: boolean;
  /** Why the client refused the edit (its failureReason, when given). */
  refused?: string;
}

/**
 * Send model-written edits for exactly the document version they were computed on. If the user
 * typed since (the server's copy is newer), nothing is sent and the user is told; the client also
 * gets a versioned TextDocumentEdit, so it refuses the edit if a change is still in flight.
 */
export async function applyVersionedEdits(
  context: FeatureContext,
  uri: string,
  version: number,
  edits: TextEdit[],
  label: string,
): Promise<ApplyOutcome> {
  const current = context.documents.get(uri);
  if (!current || current.version !== version) {
    const now = current ? `version ${current.version}` : "closed";
    context.client.showMessage(
      MessageType.Warning,
      `seclsp: ${label} not applied: the document changed while the model was working ` +
        `(computed on version ${version}, now ${now}). Nothing was changed; run it again.`,
    );
    return { applied: false, stale: true };
  }
  const edit: WorkspaceEdit = context.clientCapabilities().workspace?.workspaceEdit?.documentChanges
    ? { documentChanges: [{ textDocument: { uri, version }, edits }] }
    : // Clients without documentChanges cannot check versions; the check above is all we have.
      { changes: { [uri]: edits } };
  const result = await context.client.applyEdit({ label: `seclsp: ${label}`, edit });
  if (!result.applied) {
    const refused = result.failureReason ?? "the editor refused the edit (the document probably changed)";
    context.client.showMessage(MessageType.Warning, `seclsp: ${label} not applied: ${refused}`);
    return { applied: false, refused };
  }
  return { applied: true };
}
