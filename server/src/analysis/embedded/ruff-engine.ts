import { createRequire } from "node:module";
import type { Diagnostic } from "@astral-sh/ruff-wasm-nodejs";
import { MAX_SAFE_DEPTH } from "./expression-depth.js";
import { RuffTimeoutError, RuffTooDeepError, RuffTrapError, RuffWorkerHost } from "./ruff-worker-host.js";

export type RuffDiagnostic = Diagnostic;
export { RuffTimeoutError, RuffTooDeepError, RuffTrapError } from "./ruff-worker-host.js";

/**
 * Stable (non-preview) flake8-bandit rules only: preview adds the S4xx "import of a risky module"
 * rules, which flag every `import subprocess` and would drown real findings.
 */
const RUFF_SETTINGS = { "line-length": 1000, lint: { select: ["S"] } };

/** ruff stops linting a file with any syntax error; we retry this often with broken code blanked. */
const MAX_RECOVERY_ROUNDS = 4;

/**
 * Time budgets. A 2,000-line file takes ~10 ms; ruff is quadratic on some inputs (a 1 MB
 * `'a' + 'a' + …` took 16 s), so one check is cut off. Loading the wasm module takes ~1 s on an
 * idle machine and several on a loaded one, hence the separate start-up allowance.
 */
const CHECK_TIMEOUT_MS = Number(process.env.SECLSP_RUFF_TIMEOUT_MS) || 5_000;
const STARTUP_TIMEOUT_MS = 60_000;

let host: RuffWorkerHost | undefined;

/** One ruff worker per process (created on first use); replaced after a trap or a time-out. */
export function ruffHost(): RuffWorkerHost {
  host ??= new RuffWorkerHost({
    settings: RUFF_SETTINGS,
    checkTimeoutMs: CHECK_TIMEOUT_MS,
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
  });
  return host;
}

/** ruff's version string ("0.17.4"), for SARIF tool info and bug reports (no wasm loaded). */
export function ruffVersion(): string {
  const pkg = createRequire(import.meta.url)("@astral-sh/ruff-wasm-nodejs/package.json") as {
    version: string;
  };
  return pkg.version;
}

/**
 * Run ruff once (in its worker thread; the call blocks until the reply). Positions are 1-based
 * rows and 1-based UTF-16 columns. A syntax error comes back as `code: "invalid-syntax"` and then
 * ruff reports NO lint findings for the file. Throws `RuffTrapError` when the wasm traps and
 * `RuffTimeoutError` past the time budget; either way the next call gets a fresh instance.
 */
export function ruffCheck(text: string): RuffDiagnostic[] {
  return ruffHost().check(text);
}

function isSyntaxError(d: RuffDiagnostic): boolean {
  return d.code === null || d.code === "invalid-syntax";
}

export interface RuffSecurityResult {
  /** S-rule diagnostics, positions valid for the ORIGINAL text. */
  diagnostics: RuffDiagnostic[];
  /** The original text had syntax errors (some code may have gone unchecked). */
  hadSyntaxErrors: boolean;
  /** Set when ruff did not check the file (too deep, trapped, timed out): why, for the user. */
  notAnalyzed?: { reason: string; offset: number };
}

/** A check's reply, or why ruff gave none (trap, time-out, too deep). */
type RoundOutcome = RuffDiagnostic[] | RuffTrapError | RuffTimeoutError | RuffTooDeepError;

/**
 * The recovery rounds of one security check, independent of how ruff is called: yields each
 * text to check and receives its outcome; returns the result.
 */
function* securityRounds(text: string): Generator<string, RuffSecurityResult, RoundOutcome> {
  let current = text;
  let hadSyntaxErrors = false;
  for (let round = 0; ; round++) {
    const all = yield current;
    if (all instanceof RuffTooDeepError) {
      const reason = `${all.message} (ruff's limit here: ${MAX_SAFE_DEPTH})`;
      return { diagnostics: [], hadSyntaxErrors, notAnalyzed: { reason, offset: all.offset } };
    }
    if (all instanceof Error) {
      return { diagnostics: [], hadSyntaxErrors, notAnalyzed: { reason: all.message, offset: 0 } };
    }
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

/** ruff's own failures become an outcome; anything else is a bug and propagates. */
function outcomeOf(error: unknown): RoundOutcome {
  if (
    error instanceof RuffTrapError ||
    error instanceof RuffTimeoutError ||
    error instanceof RuffTooDeepError
  )
    return error;
  throw error;
}

/**
 * Security diagnostics that survive syntax errors, so findings do not vanish from the whole file
 * while the user is mid-edit: the lines around each syntax error are blanked (line breaks kept,
 * so every other position is unchanged) and ruff runs again, a few rounds at most. Never throws
 * for ruff's sake: a file nested too deeply for ruff's stack is not handed to it (the worker
 * estimates the depth first; blanking never makes a text deeper), and a trap or a time-out
 * becomes `notAnalyzed`. Blocks until done (CLI, tests).
 */
export function ruffSecurityCheck(text: string): RuffSecurityResult {
  const rounds = securityRounds(text);
  let step = rounds.next();
  for (let round = 0; !step.done; round++) {
    let outcome: RoundOutcome;
    try {
      outcome = ruffHost().check(step.value, round === 0 ? { depthLimit: MAX_SAFE_DEPTH } : {});
    } catch (error) {
      outcome = outcomeOf(error);
    }
    step = rounds.next(outcome);
  }
  return step.value;
}

/**
 * `ruffSecurityCheck` without blocking the calling thread (the LSP server). Resolves undefined
 * when `stale()` becomes true before a round is sent (a newer text replaced this one).
 */
export async function ruffSecurityCheckAsync(
  text: string,
  stale?: () => boolean,
): Promise<RuffSecurityResult | undefined> {
  const rounds = securityRounds(text);
  let step = rounds.next();
  for (let round = 0; !step.done; round++) {
    let outcome: RoundOutcome;
    try {
      const options = round === 0 ? { depthLimit: MAX_SAFE_DEPTH } : {};
      const diagnostics = await ruffHost().checkAsync(step.value, options, stale);
      if (!diagnostics) return undefined;
      outcome = diagnostics;
    } catch (error) {
      outcome = outcomeOf(error);
    }
    step = rounds.next(outcome);
  }
  return step.value;
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
