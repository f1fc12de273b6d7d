/**
 * Ruff's S108 flags every string under `/tmp`; the risk is a program creating or opening a file
 * at a predictable name another local user can plant first. A literal passed to a call (`open`,
 * `mkdir`, `FileHandler`, …), assigned to a name or given as a keyword or default value can be
 * that file name; the same text as a dict value of build metadata or an element of a test table
 * is only data, and the temporary directory itself (`"/tmp"`) is where files go, not a name.
 */

/** A shared temporary directory itself (`"/tmp"`). */
const TEMP_DIRECTORY = /^\/(?:tmp|var\/tmp|usr\/tmp|dev\/shm)\/?$/;

/** Text before the literal that makes it a call argument, an assignment or a keyword/default. */
const USED_AS_NAME = /(?:[\w\])]\s*\(\s*|[\w\])]\s*\([^()]*,\s*|[^=!<>]=\s*)$/;

export type TempPathUse = "directory" | "data" | "file";

/**
 * How the literal at `column` of line `row` (0-based) is used. `value` is the literal's string
 * value when it is a plain literal.
 */
export function tempPathUse(
  lines: readonly string[],
  row: number,
  column: number,
  value?: string,
): TempPathUse {
  if (value !== undefined && TEMP_DIRECTORY.test(value)) return "directory";
  let before = (lines[row] ?? "").slice(0, column);
  // The literal opens its line (a wrapped call): what ends the previous code line decides.
  for (let r = row - 1; before.trim() === "" && r >= 0 && r >= row - 3; r--) before = lines[r] ?? "";
  // Only the end matters; a bounded tail keeps the regex linear on hostile multi-megabyte lines.
  return USED_AS_NAME.test(before.slice(-400).trimEnd()) ? "file" : "data";
}
