import { pathToFileURL } from "node:url";
import type { Finding } from "../analysis/finding.js";
import { toSarif } from "../analysis/sarif/export.js";
import type { ReportSink } from "./report-sink.js";
import type { CheckSummary, Reporter } from "./reporter.js";

/** SARIF 2.1.0 (the format GitHub code scanning and most CI dashboards read), written at the end. */
export class SarifReporter implements Reporter {
  private readonly findings: Finding[] = [];

  constructor(
    private readonly sink: ReportSink,
    private readonly cwd: string,
    private readonly version: string,
  ) {}

  async file(findings: Finding[]): Promise<void> {
    this.findings.push(...findings);
  }

  async finish(_summary: CheckSummary): Promise<void> {
    const baseUri = pathToFileURL(this.cwd.endsWith("/") ? this.cwd : `${this.cwd}/`).href;
    const log = toSarif(this.findings, { toolVersion: this.version, baseUri });
    await this.sink.write(`${JSON.stringify(log, null, 2)}\n`);
  }
}
