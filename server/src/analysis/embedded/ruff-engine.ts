// Must stay the first import: V8 flags apply only to wasm modules compiled after them.
import "./wasm-tuning.js";
import { type Diagnostic, PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";

export type RuffDiagnostic = Diagnostic;

/**
 * Stable (non-preview) flake8-bandit rules only: preview adds the S4xx "import of a risky module"
 * rules, which flag every `import subprocess` and would drown real findings.
 */
const RUFF_SETTINGS = { "line-length": 1000, lint: { select: ["S"] } };

/** ruff stops linting a file with any syntax error; we retry this often with broken code blanked. */
const MAX_RECOVERY_ROUNDS = 4;

let workspace: Workspace | undefined;

/** One ruff Workspace per process: creating it costs ~150 ms, checks reuse it. */
function ruffWorkspace(): Workspace {
  workspace ??= new Workspace(RUFF_SETTINGS, PositionEncoding.Utf16);
  return workspace;
}

/** ruff's version string ("0.17.4"), for SARIF tool info and bug reports. */
export function ruffVersion(): string {
  return Workspace.version();
}

/**
 * Run ruff once. Positions are 1-based rows and 1-based UTF-16 columns. A syntax error comes back
 * as `code: "invalid-syntax"` and then ruff reports NO lint findings for the file. If the wasm
 * traps (a ruff panic) the instance may be poisoned, so it is dropped and the error rethrown; the
 * next call starts a fresh one.
 */
export function ruffCheck(text: string): RuffDiagnostic[] {
  try {
    return ruffWorkspace().check(text) as RuffDiagnostic[];
  } catch (error) {
    workspace = undefined;
    throw error;
  }
}

function isSyntaxError(d: RuffDiagnostic): boolean {
  return d.code === null || d.code === "invalid-syntax";
}

export interface RuffSecurityResult {
  /** S-rule diagnostics, positions valid for the ORIGINAL text. */
  diagnostics: RuffDiagnostic[];
  /** The original text had syntax errors (some code may have gone unchecked). */
  hadSyntaxErrors: boolean;
}

/**
 * Security diagnostics that survive syntax errors, so findings do not vanish from the whole file
 * while the user is mid-edit: the lines around each syntax error are blanked (line breaks kept,
 * so every other position is unchanged) and ruff runs again, a few rounds at most.
 */
export function ruffSecurityCheck(text: string): RuffSecurityResult {
  let current = text;
  let hadSyntaxErrors = false;
  for (let round = 0; ; round++) {
    const all = ruffCheck(current);
    const syntax = all.filter(isSyntaxError);
    if (syntax.length === 0) return { diagnostics: all, hadSyntaxErrors };
    hadSyntaxErrors = true;
    if (round === MAX_RECOVERY_ROUNDS) return { diagnostics: [], hadSyntaxErrors };
    current = blankBrokenCode(
      current,
      syntax.map((d) => d.start_location.row - 1),
    );
  }
}

const LINE = /[^\r\n]*(?:\r\n|\r|\n|$)/g;

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)![0].length;
}

/**
 * Blank each error line plus the block it opens (following lines indented deeper). An error on a
 * blank line or past the last code line (an unclosed bracket or block) blanks the top-level
 * statement around it.
 */
function blankBrokenCode(text: string, errorRows: number[]): string {
  const pieces = text.match(LINE) ?? [text];
  const contents = pieces.map((p) => p.replace(/[\r\n]+$/, ""));
  const isCode = (i: number) => contents[i]!.trim() !== "" && !contents[i]!.trimStart().startsWith("#");
  let lastCode = contents.length - 1;
  while (lastCode >= 0 && !isCode(lastCode)) lastCode--;
  const blank = new Set<number>();
  for (const row of errorRows) {
    if (row > lastCode || !isCode(row)) {
      // Blank the top-level statement the error sits in, up to the next top-level statement.
      const topLevel = (i: number) => isCode(i) && indentOf(contents[i]!) === 0;
      let start = Math.min(row, lastCode);
      while (start > 0 && !topLevel(start)) start--;
      let end = row + 1;
      while (end < contents.length && !topLevel(end)) end++;
      for (let i = Math.max(0, start); i < end; i++) blank.add(i);
      continue;
    }
    blank.add(row);
    const indent = indentOf(contents[row]!);
    for (let i = row + 1; i < contents.length && (!isCode(i) || indentOf(contents[i]!) > indent); i++)
      blank.add(i);
  }
  return pieces
    .map((piece, i) => {
      if (!blank.has(i)) return piece;
      const lineBreak = piece.slice(contents[i]!.length);
      // After a lone \r, a bare \n would fuse into one \r\n break and shift every later line.
      return lineBreak.startsWith("\n") && pieces[i - 1]?.endsWith("\r") ? ` ${lineBreak}` : lineBreak;
    })
    .join("");
}
