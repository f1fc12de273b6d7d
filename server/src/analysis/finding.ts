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

export type Severity = "error" | "warning" | "note";

export type FindingSource = "embedded" | "codeql" | "bandit";

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
  /** Tool-specific code the finding came from (ruff "S608", bandit "B608"), when different from ruleId. */
  toolCode?: string;
}

export const SEVERITY_RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };
