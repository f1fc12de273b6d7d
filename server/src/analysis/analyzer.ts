import type { Finding, FindingSource } from "./finding.js";

export interface SourceFile {
  /** Absolute path (or URI) that findings will carry in `Finding.file`. */
  path: string;
  text: string;
}

/**
 * A backend that turns Python sources into findings. Implementations must not throw for bad
 * input (syntax errors, odd encodings): they return what they can. They reject only on real
 * failures (tool crashed, timed out) or when `signal` aborts.
 */
export interface Analyzer {
  readonly name: FindingSource;
  /** true, or a human-readable reason why this analyzer cannot run here (shown once). */
  available(): Promise<boolean | string>;
  analyze(files: SourceFile[], signal: AbortSignal): Promise<Finding[]>;
}

/** Which data the analyzers treat as untrusted (like CodeQL's threat models). */
export type ThreatModel = "remote" | "local" | "library";
