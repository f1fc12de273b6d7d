import path from "node:path";
import { ErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import { CommandIds } from "./command-ids.js";
import { documentPath } from "./document-path.js";
import { owningFolder } from "./workspace-folders.js";

/** Commands whose positional string arguments are file paths (read or written on disk). */
const PATH_ARGUMENTS = new Map<string, number[]>([
  [CommandIds.exportSarif, [0, 1]],
  [CommandIds.loadSarif, [0, 1]],
]);

/**
 * Commands act only inside the workspace: every `file:` URI among the arguments (a string, or the
 * `uri` of an object argument) and every path argument of the SARIF commands must lie in one of
 * the workspace folders, so a crafted command cannot read, write or send files elsewhere
 * (~/.ssh, /etc). Without workspace folders (single-file mode) there is nothing to check against.
 */
export function assertCommandInWorkspace(command: string, args: unknown[], folders: readonly string[]): void {
  if (folders.length === 0) return;
  const locations: string[] = [];
  for (const [index, arg] of args.entries()) {
    const value = typeof arg === "object" && arg !== null ? (arg as { uri?: unknown }).uri : arg;
    if (typeof value !== "string") continue;
    if (/^file:/i.test(value)) locations.push(safePath(value));
    else if (PATH_ARGUMENTS.get(command)?.includes(index) && value !== "")
      locations.push(path.resolve(value));
  }
  for (const location of locations) {
    if (owningFolder(location, folders) === undefined && !folders.includes(location)) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `seclsp: ${command} refused: ${location} is outside the workspace folders (${folders.join(", ")})`,
      );
    }
  }
}

function safePath(uri: string): string {
  try {
    return path.resolve(documentPath(uri));
  } catch {
    // An unparsable file: URI is outside everything.
    return uri;
  }
}

/** The document URIs a command names: string arguments and the `uri` of object arguments. */
export function commandDocumentUris(args: readonly unknown[]): unknown[] {
  return args.map((arg) =>
    typeof arg === "object" && arg !== null && !Array.isArray(arg) ? (arg as { uri?: unknown }).uri : arg,
  );
}
