import { constants, readFileSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type * as sarif from "sarif";
import { ErrorCodes, MessageType, ResponseError } from "vscode-languageserver/node.js";
import type { Finding } from "../../analysis/finding.js";
import { reconcileFindings } from "../../analysis/on-save-scheduler.js";
import { toSarif } from "../../analysis/sarif/export.js";
import { findingsFromSarif, parseSarif, SarifParseError } from "../../analysis/sarif/import.js";
import { CommandIds } from "../command-ids.js";
import { documentPath } from "../document-path.js";
import type { LspFeature } from "../feature.js";
import { seclspVersion } from "../version-info.js";
import { EXPORT_MARKER, EXPORT_MARKER_VALUE, writeSarifOutput } from "./sarif-output.js";

/**
 * `seclsp.loadSarif [sarifFile, sourceRoot?]`: show results produced elsewhere (a CodeQL run in
 * CI) in the open documents, mapped from the file on disk to the buffer's current lines.
 * `seclsp.exportSarif [outputFile, baseDir?]`: write what is shown for the open documents (never
 * over a file that is not a SARIF log seclsp wrote, see sarif-output.ts).
 */
export const sarifCommandsFeature: LspFeature = {
  name: "sarif-commands",
  commands: {
    [CommandIds.loadSarif]: async (args, context) => {
      const sarifFile = pathArgument(args[0], "seclsp.loadSarif needs the SARIF file as its first argument");
      const sourceRoot = typeof args[1] === "string" ? toPath(args[1]) : undefined;
      const log = await readSarifFile(sarifFile);
      const diskTexts = new Map<string, string | undefined>();
      const diskText = (file: string): string | undefined => {
        if (!diskTexts.has(file)) diskTexts.set(file, readIfPresent(file));
        return diskTexts.get(file);
      };
      // Columns are converted against the text the SARIF was computed on: the file on disk.
      const exact = findingsFromSarif(log, {
        ...(sourceRoot ? { sourceRoot } : {}),
        readText: diskText,
      });
      let shown = 0;
      for (const document of context.documents.all()) {
        const file = documentPath(document.uri);
        const own = exact.filter((finding: Finding) => finding.file === file);
        if (own.length === 0) continue;
        const disk = diskText(file);
        const placed = disk === undefined ? own : reconcileFindings(own, disk, document.getText());
        if (context.updateFindings(document.uri, "codeql", document.version, placed)) shown += placed.length;
      }
      const files = new Set(exact.map((f) => f.file)).size;
      context.client.showMessage(
        MessageType.Info,
        `seclsp: loaded ${exact.length} result(s) for ${files} file(s) from ${sarifFile}; ${shown} shown in open documents`,
      );
      return { results: exact.length, shown, files };
    },
    [CommandIds.exportSarif]: async (args, context) => {
      const output = pathArgument(args[0], "seclsp.exportSarif needs the output file as its first argument");
      const baseDir = typeof args[1] === "string" ? toPath(args[1]) : undefined;
      const findings = context.documents.all().flatMap((document) => context.findings(document.uri));
      const log = toSarif(findings, {
        toolVersion: seclspVersion(),
        ...(baseDir ? { baseUri: baseDir } : {}),
      });
      log.properties = { ...log.properties, [EXPORT_MARKER]: EXPORT_MARKER_VALUE };
      const openPaths = context.documents.all().map((document) => documentPath(document.uri));
      await writeSarifOutput(output, `${JSON.stringify(log, null, 2)}\n`, openPaths);
      context.client.showMessage(
        MessageType.Info,
        `seclsp: wrote ${findings.length} finding(s) of ${openPaths.length} open document(s) to ${output}`,
      );
      return { path: output, findings: findings.length };
    },
  },
};

/** Largest SARIF file loaded (V8 cannot hold a much longer string). */
const MAX_SARIF_BYTES = 256 * 1024 * 1024;

/**
 * Read and parse the SARIF file. Errors name the file and what is wrong with it, never its
 * content: the path may be a mistake (a key file, a binary) and errors end up in logs.
 */
async function readSarifFile(file: string): Promise<sarif.Log> {
  const fail = (why: string): ResponseError<void> =>
    new ResponseError(ErrorCodes.InvalidParams, `seclsp: cannot load SARIF from ${file}: ${why}`);
  // Checked on the opened handle (no swap between check and read); non-blocking, so a FIFO does not hang the open.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: unknown) => {
    throw fail(fileErrorOf(error));
  });
  let text: string;
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw fail("not a regular file");
    if (info.size > MAX_SARIF_BYTES)
      throw fail(`${info.size} bytes, more than the ${MAX_SARIF_BYTES} loaded`);
    text = await handle.readFile("utf8").catch((error: unknown) => {
      throw fail(fileErrorOf(error));
    });
  } finally {
    await handle.close();
  }
  try {
    return parseSarif(text, "the file");
  } catch (error) {
    throw fail(error instanceof SarifParseError ? error.message : "unreadable SARIF");
  }
}

function fileErrorOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return code ?? "read failed";
}

function pathArgument(value: unknown, message: string): string {
  if (typeof value !== "string" || value === "") throw new ResponseError(ErrorCodes.InvalidParams, message);
  return toPath(value);
}

/** Largest source file read to place SARIF results (the SARIF names the paths: no devices, no FIFOs). */
const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

function readIfPresent(file: string): string | undefined {
  try {
    const info = statSync(file);
    if (!info.isFile() || info.size > MAX_SOURCE_BYTES) return undefined;
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function toPath(value: string): string {
  return /^file:/i.test(value) ? fileURLToPath(value) : path.resolve(value);
}
