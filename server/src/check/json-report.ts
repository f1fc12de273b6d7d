import type { Finding } from "../analysis/finding.js";
import { withDisplayPaths } from "./report-paths.js";
import type { ReportSink } from "./report-sink.js";
import type { CheckSummary, Reporter, SkippedFile } from "./reporter.js";

/** What `seclsp check --format json` prints. Paths are relative to the cwd, ranges 0-based UTF-16 like LSP. */
export interface JsonReport {
  /** seclsp's version. */
  version: string;
  findings: Finding[];
  skipped: SkippedFile[];
  filesAnalyzed: number;
}

/** Collects findings (not sources, so memory stays small) and writes one JSON document at the end. */
export class JsonReporter implements Reporter {
  private readonly findings: Finding[] = [];

  constructor(
    private readonly sink: ReportSink,
    private readonly cwd: string,
    private readonly version: string,
  ) {}

  async file(findings: Finding[]): Promise<void> {
    for (const finding of findings) this.findings.push(withDisplayPaths(finding, this.cwd));
  }

  async finish(summary: CheckSummary): Promise<void> {
    const report: JsonReport = {
      version: this.version,
      findings: this.findings,
      skipped: summary.skipped,
      filesAnalyzed: summary.filesAnalyzed,
    };
    await this.sink.write(`${JSON.stringify(report, null, 2)}\n`);
  }
}
