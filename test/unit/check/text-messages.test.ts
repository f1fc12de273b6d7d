import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findingsFromSarif, parseSarif } from "../../../server/src/analysis/sarif/import.js";
import { ReportSink } from "../../../server/src/check/report-sink.js";
import { TextReporter } from "../../../server/src/check/text-report.js";
import { CollectStream } from "./collect-stream.js";

const ROOT = path.resolve("/work/demo-python");
const fixtureText = readFileSync(
  new URL("../analysis/sarif/fixtures/demo-python.codeql.sarif", import.meta.url),
  "utf8",
);

describe("seclsp check text report messages", () => {
  it("prints CodeQL results (real CodeQL 2.19.3 SARIF) as plain text, without link markup", async () => {
    const findings = findingsFromSarif(parseSarif(fixtureText), { sourceRoot: ROOT });
    // The finding keeps CodeQL's markup; only the report renders it.
    expect(findings[0]!.message).toContain("[user-provided value](1)");
    const out = new CollectStream();
    const reporter = new TextReporter(new ReportSink(out), ROOT);
    await reporter.file(findings);
    const lines = out.text.trimEnd().split("\n");
    expect(lines).toEqual([
      "server/routes.py:16:13: error py/sql-injection [CWE-89] This SQL query depends on a user-provided value.",
      "server/routes.py:22:13: error py/sql-injection [CWE-89] This SQL query depends on a user-provided value.",
    ]);
    expect(out.text).not.toContain("](");
  });

  it("renders every link and keeps the (also: ...) suffix", async () => {
    const [finding] = findingsFromSarif(parseSarif(fixtureText), { sourceRoot: ROOT });
    const out = new CollectStream();
    await new TextReporter(new ReportSink(out), ROOT).file([
      { ...finding!, message: "[a](1) and [b\\]c](2)\nreach here. (also: ruff/S608)" },
    ]);
    expect(out.text).toBe(
      "server/routes.py:16:13: error py/sql-injection [CWE-89] a and b]c reach here. (also: ruff/S608)\n",
    );
  });
});
