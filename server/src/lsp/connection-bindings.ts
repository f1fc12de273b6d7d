import type { Connection } from "vscode-languageserver/node.js";

/** Placeholder: binds every LSP method to SeclspServer (being written). */
export function bindConnection(connection: Connection): void {
  connection.onInitialize(() => ({ capabilities: {} }));
}
