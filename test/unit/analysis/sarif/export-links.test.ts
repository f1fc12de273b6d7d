// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../../../server/src/analysis/embedded/wasm-tuning.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import type * as sarif from "sarif";
import { describe, expect, it } from "vitest";
import { EmbeddedAnalyzer } from "../../../../server/src/analysis/embedded/embedded-analyzer.js";
import type { Finding } from "../../../../server/src/analysis/finding.js";
import { toSarif } from "../../../../server/src/analysis/sarif/export.js";
import { findingsFromSarif, parseSarif } from "../../../../server/src/analysis/sarif/import.js";

const fixtureText = readFileSync(new URL("./fixtures/demo-python.codeql.sarif", import.meta.url), "utf8");
const ROOT = path.resolve("/work/demo-python");

/** Any `](n)` is an embedded link to a related location (SARIF 2.1.0 §3.11.6): it must resolve. */
function expectLinksResolve(log: sarif.Log): number {
  let links = 0;
  for (const run of log.runs) {
    for (const result of run.results ?? []) {
      const related = result.relatedLocations ?? [];
      const ids = related.map((location) => location.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(Number.isInteger(id) && id! >= 0).toBe(true);
      for (const match of (result.message.text ?? "").matchAll(/\]\((\d+)\)/g)) {
        links++;
        const target = related.find((location) => location.id === Number(match[1]));
        expect(target, `link (${match[1]}) in "${result.message.text}"`).toBeDefined();
        expect(target!.physicalLocation?.artifactLocation?.uri).toMatch(/\S/);
        expect(target!.physicalLocation?.region?.startLine).toBeGreaterThanOrEqual(1);
      }
    }
  }
  return links;
}

function exported(findings: Finding[]): sarif.Log {
  // Through JSON, as a file on disk would be.
  return JSON.parse(
    JSON.stringify(toSarif(findings, { toolVersion: "0.0.0-test", baseUri: ROOT })),
  ) as sarif.Log;
}

describe("exported SARIF embedded links", () => {
  const codeql = findingsFromSarif(parseSarif(fixtureText), { sourceRoot: ROOT });

  it("re-exports CodeQL's [user-provided value](1) with relatedLocations id 1 at the source", () => {
    const log = exported(codeql);
    expect(expectLinksResolve(log)).toBe(2);
    const result = log.runs[0]!.results![0]!;
    expect(result.message.text).toBe("This SQL query depends on a [user-provided value](1).");
    // The same place CodeQL's own relatedLocations entry names: routes.py line 2, columns 19-26.
    expect(result.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: "server/routes.py", uriBaseId: "%SRCROOT%" },
          region: { startLine: 2, startColumn: 19, endLine: 2, endColumn: 26 },
        },
        message: { text: "user-provided value" },
      },
    ]);
  });

  it("round-trips: importing the export gives the same messages and flows", () => {
    const again = findingsFromSarif(exported(codeql), { sourceRoot: ROOT });
    expect(again.map((f) => f.message)).toEqual(codeql.map((f) => f.message));
    expect(again.map((f) => f.flow?.length)).toEqual(codeql.map((f) => f.flow?.length));
  });

  it("links the embedded taint engine's source the same way", async () => {
    await EmbeddedAnalyzer.ready();
    const text = [
      "from flask import Flask, request",
      "import sqlite3",
      "app = Flask(__name__)",
      "",
      "@app.route('/u')",
      "def user():",
      "    name = request.args.get('name')",
      "    conn = sqlite3.connect('db')",
      `    return conn.execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall()`,
      "",
    ].join("\n");
    const findings = new EmbeddedAnalyzer().analyzeText({ path: path.join(ROOT, "app.py"), text });
    const sql = findings.filter((f) => f.ruleId === "py/sql-injection");
    expect(sql.length).toBeGreaterThan(0);
    expect(sql[0]!.message).toMatch(/\]\(1\)/);
    const log = exported(findings);
    expect(expectLinksResolve(log)).toBeGreaterThanOrEqual(1);
    const related = log.runs[0]!.results!.find((r) => r.ruleId === "py/sql-injection")!.relatedLocations![0]!;
    const source = sql[0]!.flow![0]!.range;
    expect(related.physicalLocation!.region).toMatchObject({
      startLine: source.start.line + 1,
      startColumn: source.start.character + 1,
    });
  });

  it("writes plain text, not a dangling link, when a link has no flow step", () => {
    const base = codeql[0]!;
    const withoutFlow: Finding = { ...base, fingerprint: "a" };
    delete withoutFlow.flow;
    const pastTheFlow: Finding = {
      ...base,
      fingerprint: "b",
      message: "from [here](1) and [there](9)",
      flow: base.flow!.slice(0, 2),
    };
    const log = exported([withoutFlow, pastTheFlow]);
    expect(expectLinksResolve(log)).toBe(0);
    const [first, second] = log.runs[0]!.results!;
    expect(first!.message.text).toBe("This SQL query depends on a user-provided value.");
    expect(second!.message.text).toBe("from here and there");
    expect(first!.relatedLocations).toBeUndefined();
    expect(second!.relatedLocations).toBeUndefined();
  });
});
