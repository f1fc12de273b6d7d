import { stderrTail } from "../external/process-runner.js";

/** A CodeQL CLI run that failed: non-zero exit, timeout, or output we cannot read. */
export class CodeqlError extends Error {
  constructor(
    message: string,
    readonly step: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = "CodeqlError";
  }

  static failed(step: string, exitCode: number | null, stderr: string): CodeqlError {
    const meaning = EXIT_MEANINGS[exitCode ?? -1];
    const tail = stderrTail(stderr);
    return new CodeqlError(
      `codeql ${step} failed (exit ${exitCode}${meaning ? `: ${meaning}` : ""})${tail ? `:\n${tail}` : ""}`,
      step,
      exitCode,
      stderr,
    );
  }

  static timedOut(step: string, timeoutMs: number, stderr: string): CodeqlError {
    return new CodeqlError(
      `codeql ${step} timed out after ${timeoutMs} ms (seclsp.codeql.timeoutMs) and was killed`,
      step,
      null,
      stderr,
    );
  }
}

/** Documented CodeQL CLI exit codes (https://docs.github.com/en/code-security/codeql-cli/using-the-advanced-functionality-of-the-codeql-cli/exit-codes). */
const EXIT_MEANINGS: Record<number, string> = {
  2: "error reported by the CLI",
  3: "the launcher could not find the CodeQL installation",
  32: "no Python code was found to analyze",
  33: "a query evaluation timed out",
  99: "out of memory",
  100: "internal error",
};
