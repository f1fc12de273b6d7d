import type * as sarif from "sarif";
import { describe, expect, it } from "vitest";
import { ruffPass } from "../../../server/src/analysis/embedded/ruff-pass.js";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { cweTag, toSarif } from "../../../server/src/analysis/sarif/export.js";
import { findingsFromSarif } from "../../../server/src/analysis/sarif/import.js";
import { finding, range } from "./finding-builders.js";

const ROOT = "/work/proj";

/** Structural checks every SARIF 2.1.0 consumer relies on. */
function expectValidSarif(log: sarif.Log): void {
  expect(log.version).toBe("2.1.0");
  expect(log.$schema).toMatch(/sarif-2\.1\.0/);
  for (const run of log.runs) {
    expect(run.tool.driver.name).toMatch(/\S/);
    expect(run.columnKind).toBe("utf16CodeUnits");
    const rules = run.tool.driver.rules ?? [];
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.shortDescription?.text).toMatch(/\S/);
      expect(rule.helpUri).toMatch(/^https:\/\//);
      const tags = rule.properties?.tags ?? [];
      expect(tags[0]).toBe("security");
      for (const tag of tags.slice(1)) expect(tag).toMatch(/^external\/cwe\/cwe-\d{3,}$/);
      const score = rule.properties?.["security-severity"];
      if (score !== undefined) expect(score).toMatch(/^\d+\.\d$/);
      expect(["error", "warning", "note"]).toContain(rule.defaultConfiguration?.level);
    }
    for (const result of run.results ?? []) {
      expect(rules[result.ruleIndex!]?.id).toBe(result.ruleId);
      expect(["error", "warning", "note"]).toContain(result.level);
      expect(result.message.text).toMatch(/\S/);
      expect(result.partialFingerprints?.["seclsp/v1"]).toMatch(/\S/);
      const locations = [
        ...(result.locations ?? []),
        ...(result.codeFlows ?? []).flatMap((cf) =>
          cf.threadFlows.flatMap((tf) => tf.locations.map((l) => l.location!)),
        ),
      ];
      expect(result.locations).toHaveLength(1);
      for (const location of locations) {
        const region = location.physicalLocation!.region!;
        expect(region.startLine).toBeGreaterThanOrEqual(1);
        expect(region.startColumn).toBeGreaterThanOrEqual(1);
        expect(region.endLine).toBeGreaterThanOrEqual(region.startLine!);
        expect(location.physicalLocation!.artifactLocation!.uri).toMatch(/\S/);
      }
    }
  }
}

const taint = finding({
  ruleId: "py/sql-injection",
  severity: "error",
  securitySeverity: 8.8,
  message: "This SQL query depends on a user-provided value.",
  file: `${ROOT}/app/views.py`,
  range: range(9, 19, 24),
  flow: [
    { file: `${ROOT}/app/views.py`, range: range(7, 8, 20), message: "request.args" },
    { file: `${ROOT}/app/views.py`, range: range(9, 19, 24), message: "sink" },
  ],
  fingerprint: "t1",
});
const pattern = finding({
  file: `${ROOT}/app/db.py`,
  range: range(3, 4, 30),
  fingerprint: "p1",
});
const codeql = finding({
  source: "codeql",
  ruleId: "py/flask-debug",
  cwes: ["CWE-215", "CWE-489"],
  severity: "error",
  securitySeverity: 7.5,
  message: "A Flask app appears to be run in debug mode.",
  file: `${ROOT}/run.py`,
  range: range(0, 8, 18),
  fingerprint: "c1",
});

describe("toSarif", () => {
  it("emits one valid run per source in a fixed order", () => {
    const log = toSarif([codeql, pattern, taint], { toolVersion: "0.1.0", baseUri: ROOT });
    expectValidSarif(log);
    expect(log.runs.map((r) => r.tool.driver.name)).toEqual(["seclsp", "CodeQL"]);
    expect(log.runs[0]!.tool.driver.semanticVersion).toBe("0.1.0");
    expect(log.runs[0]!.results!.map((r) => r.ruleId)).toEqual(["ruff/S608", "py/sql-injection"]);
    expect(log.runs[0]!.tool.driver.rules!.map((r) => r.id)).toEqual(["py/sql-injection", "ruff/S608"]);
  });

  it("describes rules like CodeQL: CWE tags, security-severity string, help link", () => {
    const log = toSarif([taint, pattern], { toolVersion: "0.1.0" });
    const [sql, s608] = log.runs[0]!.tool.driver.rules!;
    expect(sql).toMatchObject({
      id: "py/sql-injection",
      shortDescription: { text: "SQL query built from user-controlled sources" },
      helpUri: "https://codeql.github.com/codeql-query-help/python/py-sql-injection/",
      properties: { tags: ["security", "external/cwe/cwe-089"], "security-severity": "8.8" },
    });
    expect(s608).toMatchObject({
      id: "ruff/S608",
      name: "hardcoded-sql-expression",
      shortDescription: { text: "SQL built with string formatting" },
      helpUri: "https://docs.astral.sh/ruff/rules/hardcoded-sql-expression/",
      defaultConfiguration: { level: "warning" },
    });
    expect(s608!.properties!["security-severity"]).toBeUndefined();
  });

  it("writes 1-based UTF-16 regions, relative URIs under %SRCROOT% and code flows", () => {
    const log = toSarif([taint], { toolVersion: "0.1.0", baseUri: ROOT });
    const run = log.runs[0]!;
    expect(run.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///work/proj/" } });
    const result = run.results![0]!;
    expect(result.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "app/views.py", uriBaseId: "%SRCROOT%" },
      region: { startLine: 10, startColumn: 20, endLine: 10, endColumn: 25 },
    });
    const steps = result.codeFlows![0]!.threadFlows[0]!.locations;
    expect(
      steps.map((s) => [s.location!.message!.text, s.location!.physicalLocation!.region!.startLine]),
    ).toEqual([
      ["request.args", 8],
      ["sink", 10],
    ]);
  });

  it("keeps files outside the base, and files without a base, as absolute file URIs", () => {
    const outside = { ...pattern, file: "/elsewhere/x y.py" };
    const log = toSarif([outside], { toolVersion: "1", baseUri: `file://${ROOT}` });
    expect(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation).toEqual({
      uri: "file:///elsewhere/x%20y.py",
    });
  });

  it("emits an empty run for a clean scan and for requested sources", () => {
    expectValidSarif(toSarif([], { toolVersion: "1" }));
    expect(
      toSarif([], { toolVersion: "1" }).runs.map((r) => [r.tool.driver.name, r.results!.length]),
    ).toEqual([["seclsp", 0]]);
    expect(
      toSarif([pattern], { toolVersion: "1", sources: ["bandit"] }).runs.map((r) => r.tool.driver.name),
    ).toEqual(["seclsp", "Bandit"]);
  });

  it("puts CWEs not shared by every result of a rule on the result", () => {
    const merged = { ...pattern, cwes: ["CWE-89", "CWE-20"], fingerprint: "p2", range: range(5, 0, 3) };
    const log = toSarif([pattern, merged], { toolVersion: "1" });
    expect(log.runs[0]!.tool.driver.rules![0]!.properties!.tags).toEqual([
      "security",
      "external/cwe/cwe-089",
    ]);
    expect(log.runs[0]!.results!.map((r) => r.properties?.tags)).toEqual([
      undefined,
      ["external/cwe/cwe-020"],
    ]);
  });

  it("round-trips through the SARIF importer (ids, CWEs, levels, ranges, flows)", () => {
    const text = 'import pickle, requests\nx = "😀"; pickle.loads(d)\r\nrequests.get(u, verify=False)\n';
    const embedded = ruffPass.run({ path: `${ROOT}/m.py`, text }, { threatModel: "library" });
    const all: Finding[] = [...embedded, taint, codeql];
    const log = JSON.parse(JSON.stringify(toSarif(all, { toolVersion: "1", baseUri: ROOT }))) as sarif.Log;
    expectValidSarif(log);
    const back = log.runs.flatMap((run, i) =>
      findingsFromSarif(
        { ...log, runs: [run] },
        { source: i === 0 ? "embedded" : "codeql", sourceRoot: ROOT },
      ),
    );
    const key = (f: Finding) => ({
      ruleId: f.ruleId,
      file: f.file,
      cwes: [...f.cwes].sort(),
      severity: f.severity,
      securitySeverity: f.securitySeverity,
      range: f.range,
      message: f.message,
      flow: f.flow?.map((s) => [s.file, s.range, s.message]),
    });
    expect(back.map(key)).toEqual(all.map(key));
  });

  it("spells CWE tags like CodeQL", () => {
    expect(cweTag("CWE-89")).toBe("external/cwe/cwe-089");
    expect(cweTag("CWE-1333")).toBe("external/cwe/cwe-1333");
    expect(cweTag("nope")).toBeUndefined();
  });
});
