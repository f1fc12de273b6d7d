import { access } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import type { InitializeParams, WorkspaceFoldersChangeEvent } from "vscode-languageserver/node.js";
import { DEFAULT_SKIP_DIRS, PYTHON_EXTENSIONS, VIRTUALENV_MARKER } from "../files/default-skip-dirs.js";
import { createExcludeMatcher } from "../files/exclude-globs.js";
import { GitignoreRules } from "../files/gitignore-rules.js";
import { documentPath } from "./document-path.js";

/**
 * The workspace folders the client named (initialize `workspaceFolders`, else `rootUri`), kept up
 * to date by `workspace/didChangeWorkspaceFolders`. Only file: folders count: they are scanned
 * and watched on disk.
 */
export class WorkspaceFolders {
  private uris: string[] = [];

  set(params: Pick<InitializeParams, "workspaceFolders" | "rootUri">): void {
    const uris =
      params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.uris = [...new Set(uris.filter((uri) => uri.startsWith("file:")))];
  }

  change(event: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(event.removed.map((folder) => folder.uri));
    const kept = this.uris.filter((uri) => !removed.has(uri));
    const added = event.added.map((folder) => folder.uri).filter((uri) => uri.startsWith("file:"));
    this.uris = [...new Set([...kept, ...added])];
  }

  /** Absolute paths of the folders, in the client's order. */
  paths(): string[] {
    return this.uris.map(documentPath);
  }
}

/**
 * Whether a workspace scan would pick `path`: a .py/.pyw file inside one of `folders`, under no
 * skipped folder (.venv, node_modules, .git, a virtualenv), not matched by `exclude` and not
 * gitignored. The same rules as `discoverPythonFiles`, asked for one path (watcher events, closing
 * a document). Pass one `gitignore` per batch of questions: it caches the .gitignore files it read.
 */
export async function inWorkspaceScope(
  path: string,
  folders: readonly string[],
  exclude: readonly string[],
  gitignore: GitignoreRules = new GitignoreRules(),
): Promise<boolean> {
  if (!PYTHON_EXTENSIONS.includes(extname(path))) return false;
  const root = owningFolder(path, folders);
  if (root === undefined) return false;
  const excluded = createExcludeMatcher(exclude);
  const parts = relative(root, path).split(sep);
  let current = root;
  for (const [index, part] of parts.entries()) {
    current = join(current, part);
    const isDir = index < parts.length - 1;
    if (isDir && (DEFAULT_SKIP_DIRS.has(part) || (await exists(join(current, VIRTUALENV_MARKER)))))
      return false;
    if (excluded(current, [root]) || (await gitignore.ignores(current, isDir, root))) return false;
  }
  return true;
}

/** The deepest folder containing `path` (nested workspace folders: the inner one's rules apply). */
export function owningFolder(path: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const folder of folders) {
    const rel = relative(folder, path);
    if (rel === "" || rel.startsWith("..") || rel.startsWith(sep)) continue;
    if (best === undefined || folder.length > best.length) best = folder;
  }
  return best;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
