import { fileURLToPath, pathToFileURL } from "node:url";

/** The path analyzers see for a document: a file system path for file: URIs, the URI otherwise. */
export function documentPath(uri: string): string {
  if (!uri.startsWith("file:")) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** A Finding.file (path or URI) as a URI; `documentUri` is reused when it names the same file. */
export function locationUri(file: string, documentUri: string): string {
  if (file === documentUri || file === documentPath(documentUri)) return documentUri;
  // A scheme needs 2+ letters, so a Windows drive ("C:\...") is treated as a path.
  if (/^[a-z][a-z0-9+.-]+:/i.test(file)) return file;
  return pathToFileURL(file).href;
}
