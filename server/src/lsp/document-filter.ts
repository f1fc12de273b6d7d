import { dirname } from "node:path";
import type { InitializeParams } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { createExcludeMatcher } from "../files/exclude-globs.js";
import { documentPath } from "./document-path.js";

/**
 * Which open documents seclsp analyzes: Python ones (languageId or extension) that the user's
 * `seclsp.exclude` globs do not match. The defaults the CLI skips (.venv, node_modules, ...) are
 * not applied: opening a file in the editor is like naming it on the command line.
 */
export class DocumentFilter {
  private excludeFor: (path: string) => readonly string[] = () => [];
  /** One matcher per pattern list (settings objects are replaced, never mutated, on reload). */
  private readonly matchers = new WeakMap<readonly string[], ReturnType<typeof createExcludeMatcher>>();
  private bases: string[] = [];

  /** Workspace folders are the bases for patterns with a slash (`tests/**`). */
  setWorkspace(params: Pick<InitializeParams, "workspaceFolders" | "rootUri">): void {
    const uris =
      params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.bases = uris.filter((uri) => uri.startsWith("file:")).map(documentPath);
  }

  /** The `exclude` globs that apply to a file: one list, or its workspace folder's (multi-root). */
  setExclude(patterns: readonly string[] | ((path: string) => readonly string[])): void {
    this.excludeFor = typeof patterns === "function" ? patterns : () => patterns;
  }

  accepts(document: TextDocument): boolean {
    if (document.languageId !== "python" && !/\.pyi?$/i.test(document.uri)) return false;
    if (!document.uri.startsWith("file:")) return true;
    return !this.isExcluded(documentPath(document.uri));
  }

  /** The file or any folder above it (up to a workspace folder, or the root) matches a pattern. */
  private isExcluded(path: string): boolean {
    const patterns = this.excludeFor(path);
    let excluded = this.matchers.get(patterns);
    if (!excluded) {
      excluded = createExcludeMatcher(patterns);
      this.matchers.set(patterns, excluded);
    }
    for (let current = path; ; current = dirname(current)) {
      if (excluded(current, this.bases)) return true;
      if (this.bases.includes(current) || dirname(current) === current) return false;
    }
  }
}
