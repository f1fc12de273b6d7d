import { mkdir, readdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A file as it is laid out in CodeQL's temporary source root. */
export interface RootEntry {
  /** Forward-slash path relative to the source root; always ends in .py (the extractor's filter). */
  rel: string;
  text: string;
  /** What findings carry in `Finding.file` (the caller's path, URI or snippet id). */
  original: string;
}

/**
 * Lay out files so CodeQL sees the same relative structure (packages, relative imports): paths
 * relative to their deepest common directory. Non-file URIs (untitled:) go under `_untitled/`.
 */
export function layoutFiles(files: { path: string; text: string }[]): RootEntry[] {
  const absolute = files.map((file) => toFsPath(file.path));
  const real = absolute.filter((p): p is string => p !== undefined);
  const common = commonDirectory(real);
  const used = new Set<string>();
  return files.map((file, i) => {
    const fsPath = absolute[i];
    let rel =
      fsPath !== undefined && common !== undefined
        ? path.relative(common, fsPath).split(path.sep).join("/")
        : `_untitled/${sanitizeName(file.path)}`;
    if (!rel.endsWith(".py")) rel += ".py";
    rel = unique(rel, used);
    return { rel, text: file.text, original: file.path };
  });
}

/** One file per snippet, named after the snippet id so cached SARIF stays valid across runs. */
export function layoutSnippets(snippets: { id: string; code: string }[]): RootEntry[] {
  const used = new Set<string>();
  return snippets.map((snippet) => {
    let rel = sanitizeName(snippet.id);
    if (!rel.endsWith(".py")) rel += ".py";
    return { rel: unique(rel, used), text: snippet.code, original: snippet.id };
  });
}

export async function writeSourceRoot(root: string, entries: RootEntry[]): Promise<void> {
  for (const entry of entries) {
    const target = path.join(root, ...entry.rel.split("/"));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, entry.text, "utf8");
  }
}

/**
 * Make a persistent source root hold exactly `entries`: write what changed, delete files (and
 * emptied folders) no longer in the project. Reusing the folder keeps a save of a large project
 * from rewriting thousands of unchanged files. Returns how many files were written and removed.
 */
export async function syncSourceRoot(
  root: string,
  entries: RootEntry[],
): Promise<{ written: number; removed: number }> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const wanted = new Map(entries.map((entry) => [entry.rel, entry.text]));
  let removed = 0;
  const prune = async (dir: string, relDir: string): Promise<boolean> => {
    let empty = true;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const rel = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && (await prune(full, rel))) {
        await rmdir(full);
      } else if (entry.isDirectory() || wanted.has(rel)) {
        empty = false;
      } else {
        await rm(full, { force: true });
        removed++;
      }
    }
    return empty;
  };
  await prune(root, "");
  let written = 0;
  for (const entry of entries) {
    const target = path.join(root, ...entry.rel.split("/"));
    const current = await readFile(target, "utf8").catch(() => undefined);
    if (current === entry.text) continue;
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, entry.text, { encoding: "utf8", mode: 0o600 });
    written++;
  }
  return { written, removed };
}

function toFsPath(file: string): string | undefined {
  if (/^file:/i.test(file)) return fileURLToPath(file);
  // Another scheme (untitled:, vscode-notebook-cell:): not a file. A drive letter is one letter.
  if (/^[a-z][a-z0-9+.-]+:/i.test(file)) return undefined;
  return path.resolve(file);
}

function commonDirectory(paths: string[]): string | undefined {
  if (paths.length === 0) return undefined;
  let common = path.dirname(paths[0]!);
  for (const p of paths.slice(1)) {
    while (common !== path.dirname(common) && !p.startsWith(common + path.sep)) common = path.dirname(common);
  }
  return common;
}

function sanitizeName(name: string): string {
  const cleaned = name
    .replace(/^[a-z][a-z0-9+.-]*:/i, "")
    .replace(/[^A-Za-z0-9_.-]+/g, "_")
    .replace(/^\.+/, "_");
  return cleaned === "" ? "snippet" : cleaned.slice(0, 120);
}

function unique(rel: string, used: Set<string>): string {
  let candidate = rel;
  for (let n = 2; used.has(candidate); n++) candidate = rel.replace(/\.py$/, `_${n}.py`);
  used.add(candidate);
  return candidate;
}
