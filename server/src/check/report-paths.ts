import { isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding } from "../analysis/finding.js";

/** How a path is shown in reports: relative to the cwd with forward slashes ("src/app.py"). */
export function displayPath(file: string, cwd: string): string {
  const path = file.startsWith("file://") ? fileURLToPath(file) : file;
  if (!isAbsolute(path)) return toSlashes(path);
  const rel = relative(cwd, path);
  return toSlashes(rel === "" ? path : rel);
}

/** A copy of the finding whose paths (and flow step paths) are display paths. */
export function withDisplayPaths(finding: Finding, cwd: string): Finding {
  const copy: Finding = { ...finding, file: displayPath(finding.file, cwd) };
  if (finding.flow) copy.flow = finding.flow.map((step) => ({ ...step, file: displayPath(step.file, cwd) }));
  return copy;
}

function toSlashes(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
