import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as sarif from "sarif";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { GithubReporter } from "../../../server/src/check/github-report.js";
import { type GitlabIssue, GitlabReporter } from "../../../server/src/check/gitlab-report.js";
import { ReportSink } from "../../../server/src/check/report-sink.js";
import { check, MD5, PICKLE, writeFiles } from "./check-project.js";
import { CollectStream } from "./collect-stream.js";

let dir = "";
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "seclsp-ci-formats-")));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: "py/sql-injection",
    cwes: ["CWE-89"],
    severity: "error",
    message: "SQL built from input",
    file: "/work/proj/app.py",
    range: { start: { line: 4, character: 8 }, end: { line: 4, character: 30 } },
    source: "embedded",
    fingerprint: "0123456789abcdef",
    ...overrides,
  };
}

describe("--format github", () => {
  it("writes one workflow command per finding with 1-based positions and runner escaping", async () => {
    const out = new CollectStream();
    const reporter = new GithubReporter(new ReportSink(out), "/work/proj");
    await reporter.file([
      finding({}),
      finding({
        severity: "note",
        file: "/work/proj/a,b:c.py",
        message: "100% bad\n::error::forged",
        ruleId: "ruff/S311",
        cwes: [],
      }),
      finding({ severity: "warning" }),
    ]);
    await reporter.finish({ findings: 3, filesAnalyzed: 2, skipped: [] });
    const lines = out.text.split("\n").filter((l) => l !== "");
    expect(lines[0]).toBe(
      "::error file=app.py,line=5,col=9,endLine=5,endColumn=31,title=seclsp py/sql-injection [CWE-89]::SQL built from input",
    );
    // A newline in a message cannot start a second command; ',' and ':' cannot end a property.
    expect(lines[1]).toBe(
      "::notice file=a%2Cb%3Ac.py,line=5,col=9,endLine=5,endColumn=31,title=seclsp ruff/S311::100%25 bad%0A::error::forged",
    );
    expect(lines[2]).toMatch(/^::warning file=app\.py,/);
    expect(lines).toHaveLength(3);
  });
});

describe("--format gitlab", () => {
  it("writes Code Quality issues with the documented fields and unique fingerprints", async () => {
    const out = new CollectStream();
    const reporter = new GitlabReporter(new ReportSink(out), "/work/proj");
    await reporter.file([
      finding({}),
      finding({ file: "/work/proj/b.py", severity: "warning" }),
      finding({
        file: "/work/proj/b.py",
        severity: "note",
        fingerprint: "fedcba9876543210",
        message: "a\nb",
      }),
    ]);
    await reporter.finish({ findings: 3, filesAnalyzed: 2, skipped: [] });
    const issues = JSON.parse(out.text) as GitlabIssue[];
    expect(issues).toHaveLength(3);
    for (const issue of issues) {
      // docs.gitlab.com Code Quality report format: these keys, these types, these severities.
      expect(Object.keys(issue).sort()).toEqual([
        "check_name",
        "description",
        "fingerprint",
        "location",
        "severity",
      ]);
      expect(typeof issue.description).toBe("string");
      expect(issue.description).not.toMatch(/\n/);
      expect(typeof issue.check_name).toBe("string");
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(["info", "minor", "major", "critical", "blocker"]).toContain(issue.severity);
      expect(issue.location.path).not.toMatch(/^\//);
      expect(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1).toBe(true);
    }
    expect(issues.map((i) => i.severity)).toEqual(["critical", "major", "minor"]);
    // Same seclsp fingerprint in two files: still distinct issues for GitLab.
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(3);
    expect(issues[0]!.location).toEqual({ path: "app.py", lines: { begin: 5, end: 5 } });
  });

  it("writes an empty array for a clean run (GitLab needs valid JSON)", async () => {
    const root = await writeFiles(join(dir, "clean"), { "m.py": "x = 1\n" });
    const result = await check(root, { format: "gitlab" });
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
  });
});

describe("--format sarif", { timeout: 180_000 }, () => {
  it("has the SARIF 2.1.0 required shape and a seclsp fingerprint on every result", async () => {
    const root = await writeFiles(join(dir, "sarif"), { "a.py": MD5, "pkg/b.py": PICKLE });
    const result = await check(root, { format: "sarif" });
    const log = JSON.parse(result.stdout) as sarif.Log;
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(Array.isArray(log.runs) && log.runs.length > 0).toBe(true);
    let results = 0;
    for (const run of log.runs) {
      expect(typeof run.tool.driver.name).toBe("string");
      const rules = run.tool.driver.rules ?? [];
      for (const rule of rules) expect(typeof rule.id).toBe("string");
      for (const r of run.results ?? []) {
        results++;
        expect(typeof r.message.text).toBe("string");
        expect(["none", "note", "warning", "error"]).toContain(r.level);
        expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
        const physical = r.locations![0]!.physicalLocation!;
        expect(physical.artifactLocation!.uriBaseId).toBe("%SRCROOT%");
        expect(physical.artifactLocation!.uri).toMatch(/^(a|pkg\/b)\.py$/);
        expect(physical.region!.startLine).toBeGreaterThanOrEqual(1);
        expect(physical.region!.startColumn).toBeGreaterThanOrEqual(1);
        expect(r.partialFingerprints?.["seclsp/v1"]).toMatch(/^[0-9a-f]{16}$/);
      }
      expect(run.originalUriBaseIds?.["%SRCROOT%"]?.uri).toMatch(/^file:\/\/.*\/$/);
    }
    expect(results).toBe(2);
  });
});
