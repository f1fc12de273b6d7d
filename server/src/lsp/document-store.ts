import type { TextDocument } from "vscode-languageserver-textdocument";

/** Open documents by URI. `TextDocuments<TextDocument>` satisfies it; tests use a plain map. */
export interface DocumentStore {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}
