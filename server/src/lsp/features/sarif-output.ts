import { randomBytes } from "node:crypto";
import { lstat, open, readFile, realpath, rename, rm } from "node:fs/promises";
import path from "node:path";
import { ErrorCodes, ResponseError } from "vscode-languageserver/node.js";

/** Marker in the SARIF log's property bag: the file was written by `seclsp.exportSarif`. */
export const EXPORT_MARKER = "seclsp/exportedBy";
export const EXPORT_MARKER_VALUE = "seclsp.exportSarif";

/** Existing files larger than this are not read to check whether they are ours. */
const MAX_CHECKED_BYTES = 256 * 1024 * 1024;

/**
 * Write `content` to `output` for `seclsp.exportSarif` without ever destroying user work: a new
 * file is created exclusively; an existing file is replaced only when it is a SARIF log seclsp
 * wrote (our marker, or a run whose driver is "seclsp"), and never when it is a Python file, an
 * open document, a symbolic link or not a regular file. Replacement goes through a temporary file
 * in the same directory and a rename, so a crash leaves the old file or the new one.
 */
export async function writeSarifOutput(output: string, content: string, openPaths: string[]): Promise<void> {
  if (/\.pyi?w?$/i.test(output)) refuse(output, "it is a Python file");
  const real = await realpath(output).catch(() => output);
  if (openPaths.some((open) => open === output || open === real)) refuse(output, "it is open in the editor");
  const existing = await lstat(output).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!existing) {
    await writeExclusive(output, content);
    return;
  }
  if (existing.isSymbolicLink()) refuse(output, "it is a symbolic link");
  if (!existing.isFile()) refuse(output, "it is not a regular file");
  if (existing.size > MAX_CHECKED_BYTES || !isOurSarif(await readFile(output, "utf8"))) {
    refuse(output, "it exists and is not a SARIF file written by seclsp");
  }
  const temporary = path.join(
    path.dirname(output),
    `.${path.basename(output)}.${randomBytes(6).toString("hex")}.tmp`,
  );
  try {
    await writeExclusive(temporary, content);
    await rename(temporary, output);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function isOurSarif(text: string): boolean {
  let log: unknown;
  try {
    log = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof log !== "object" || log === null) return false;
  const { properties, runs } = log as { properties?: Record<string, unknown>; runs?: unknown };
  if (properties?.[EXPORT_MARKER] === EXPORT_MARKER_VALUE) return true;
  return (
    Array.isArray(runs) &&
    runs.some(
      (run) => (run as { tool?: { driver?: { name?: unknown } } } | null)?.tool?.driver?.name === "seclsp",
    )
  );
}

async function writeExclusive(file: string, content: string): Promise<void> {
  const handle = await open(file, "wx", 0o644);
  try {
    await handle.writeFile(content, "utf8");
  } finally {
    await handle.close();
  }
}

function refuse(output: string, why: string): never {
  throw new ResponseError(
    ErrorCodes.InvalidParams,
    `seclsp.exportSarif refused to write ${output}: ${why}. Choose a new .sarif file name (or delete the file first).`,
  );
}
