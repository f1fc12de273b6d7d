/** The one finding model every backend produces and every consumer (LSP, CLI, bench) reads. */

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based column in UTF-16 code units (LSP's default position encoding). */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Same start and end, character for character. */
export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

export type Severity = "error" | "warning" | "note";

export type FindingSource = "embedded" | "codeql" | "bandit";

/** A tool that reports problems: `ruff` and `taint` are the embedded analyzer's two engines. */
export type ReporterTool = "ruff" | "bandit" | "taint" | "codeql";

/** Who reported a finding, under the tool's own name for the rule ("S608", "B608", "py/sql-injection"). */
export interface Reporter {
  tool: ReporterTool;
  ruleId: string;
}

export interface FlowStep {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  /** CodeQL's query id where CodeQL has an equivalent query ("py/sql-injection"), else the tool's own id ("ruff/S311"). */
  ruleId: string;
  /** Normalized "CWE-89" (no leading zeros). */
  cwes: string[];
  severity: Severity;
  /** CodeQL's security-severity (0-10) when known. */
  securitySeverity?: number;
  message: string;
  /** Absolute path (or URI), consistent per backend. */
  file: string;
  range: Range;
  /** Source → sink steps for flow findings. */
  flow?: FlowStep[];
  source: FindingSource;
  /** Stable across unrelated edits: rule + normalized snippet (+ occurrence index). */
  fingerprint: string;
  helpUri?: string;
  /**
   * Every report merged into this finding, the kept one first (each analyzer fills in one entry;
   * `mergeFindings` unions them). Provenance lives here, never in `message`. Optional only so
   * that hand-made findings (test fakes, SARIF from other tools) need not spell it out: read it
   * through `reportersOf`, which derives the one reporter from `source` and `ruleId`.
   */
  reporters?: Reporter[];
}

export const SEVERITY_RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };
