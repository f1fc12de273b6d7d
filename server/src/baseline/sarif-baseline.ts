import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { isPlainObject } from "../config/settings-keys.js";

/** The partialFingerprints key seclsp writes (analysis/sarif/export.ts). */
export const FINGERPRINT_KEY = "seclsp/v1";

/** One known finding: where it was (as the report wrote it) and its stable fingerprint. */
export interface BaselineEntry {
  /** Path relative to the report's %SRCROOT% with forward slashes, or an absolute path. */
  path: string;
  fingerprint: string;
}

/** The file is not a SARIF report seclsp can use as a baseline; the message says why. */
export class BaselineError extends Error {}

/**
 * Read a baseline: a SARIF 2.1.0 log written by `seclsp check --format sarif`. Anything else
 * (not JSON, another SARIF version, another tool's report, results without seclsp fingerprints)
 * is refused with a BaselineError, because silently matching nothing would report every finding.
 */
export async function readSarifBaseline(path: string): Promise<BaselineEntry[]> {
  let text: string;
  try {
    text = await readRegularFile(path);
  } catch (error) {
    throw new BaselineError(`cannot read baseline ${path}: ${(error as Error).message}`);
  }
  let log: unknown;
  try {
    log = JSON.parse(text);
  } catch {
    throw new BaselineError(
      `baseline ${path} is not JSON (expected a SARIF report from seclsp check --format sarif)`,
    );
  }
  return parseSarifBaseline(log, path);
}

/** The entries of an already parsed SARIF log (see `readSarifBaseline`). */
export function parseSarifBaseline(log: unknown, name: string): BaselineEntry[] {
  const notOurs = (why: string) =>
    new BaselineError(
      `baseline ${name} ${why}; create one with: seclsp check PATHS --format sarif -o ${name}`,
    );
  if (!isPlainObject(log) || !Array.isArray(log.runs)) throw notOurs("is not a SARIF log (no runs)");
  if (log.version !== "2.1.0") throw notOurs(`is SARIF version ${String(log.version)}, not 2.1.0`);
  const runs = log.runs.filter(isPlainObject);
  const driverOf = (run: Record<string, unknown>) => {
    const tool = run.tool;
    const driver = isPlainObject(tool) ? tool.driver : undefined;
    return isPlainObject(driver) && typeof driver.name === "string" ? driver.name : "?";
  };
  // seclsp always writes a run named "seclsp" for its own analyzer, even when clean.
  if (!runs.some((run) => driverOf(run) === "seclsp")) {
    throw notOurs(`was written by ${runs.map(driverOf).join(", ") || "no tool"}, not by seclsp`);
  }
  const entries: BaselineEntry[] = [];
  for (const run of runs) {
    const results = Array.isArray(run.results) ? run.results : [];
    for (const [index, result] of results.entries()) {
      const fingerprint =
        isPlainObject(result) && isPlainObject(result.partialFingerprints)
          ? result.partialFingerprints[FINGERPRINT_KEY]
          : undefined;
      const path = isPlainObject(result) ? resultPath(result) : undefined;
      if (typeof fingerprint !== "string" || path === undefined) {
        throw notOurs(`has a result (${driverOf(run)} #${index}) without a seclsp fingerprint or location`);
      }
      entries.push({ path, fingerprint });
    }
  }
  return entries;
}

function resultPath(result: Record<string, unknown>): string | undefined {
  const [location] = Array.isArray(result.locations) ? result.locations : [];
  const physical = isPlainObject(location) ? location.physicalLocation : undefined;
  const artifact = isPlainObject(physical) ? physical.artifactLocation : undefined;
  if (!isPlainObject(artifact) || typeof artifact.uri !== "string") return undefined;
  const uri = artifact.uri;
  if (/^file:/i.test(uri)) return fileURLToPath(uri);
  // Relative to %SRCROOT%, whose absolute value is machine-specific: matching uses the suffix.
  return uri.split("/").map(decodeURIComponent).join("/");
}

/** Bigger baselines are refused: they would be held in memory whole. */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

/** O_NONBLOCK + fstat: a FIFO named in a project file's `baseline` must not hang the server. */
async function readRegularFile(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error("not a regular file");
    if (info.size > MAX_BASELINE_BYTES) throw new Error(`${info.size} bytes is too big`);
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}
