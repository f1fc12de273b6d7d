import type { Finding } from "../analysis/finding.js";

/** A file the check did not analyze, and why ("not found", "2500000 bytes > maxFileBytes (2000000)"). */
export interface SkippedFile {
  /** Display path (relative to the cwd). */
  file: string;
  reason: string;
}

export interface CheckSummary {
  findings: number;
  filesAnalyzed: number;
  skipped: SkippedFile[];
}

/** One output format of `seclsp check`. Files arrive one at a time, in discovery order. */
export interface Reporter {
  /** The (suppressed, merged) findings of one analyzed file, absolute paths. */
  file(findings: Finding[]): Promise<void>;
  finish(summary: CheckSummary): Promise<void>;
}

export type ReportFormat = "text" | "json" | "sarif" | "github" | "gitlab";
export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "json", "sarif", "github", "gitlab"];
