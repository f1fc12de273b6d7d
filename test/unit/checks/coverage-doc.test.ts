import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allCheckRules } from "../../../server/src/analysis/embedded/checks/check-rules.js";
import { ruleInfo } from "../../../server/src/analysis/embedded/taint/rule-catalog.js";
import { allRules } from "../../../server/src/analysis/rules/rule-registry.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
/** CodeQL 2.19.3's Python security queries (copied from the shared fixtures). */
const TSV = readFileSync(join(import.meta.dirname, "codeql-python-queries-all.tsv"), "utf8");
const DOC = readFileSync(join(ROOT, "docs", "coverage.md"), "utf8");

interface Query {
  id: string;
  cwes: string[];
  securitySeverity: number;
  suite: string;
}

const queries: Query[] = TSV.trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [id, cwes, , severity, , , suite] = line.split("\t");
    return {
      id: id!,
      cwes: cwes!.split(",").map((c) => `CWE-${Number(c.slice(4))}`),
      securitySeverity: Number(severity),
      suite: suite!,
    };
  });

const rows = [...DOC.matchAll(/^\| (py\/\S+) \| (\w+) \| (\w+) \| (.+) \|$/gm)].map((m) => ({
  id: m[1]!,
  suite: m[2]!,
  status: m[3]!,
  reason: m[4]!,
}));

/** CodeQL ids some embedded reporter (taint engine incl. checks and experimental passes, ruff) gives. */
const reported = new Set(
  allRules()
    .filter((r) => r.aliases.some((a) => a.tool === "taint" || a.tool === "ruff"))
    .map((r) => r.id),
);

describe("docs/coverage.md", () => {
  it("has one row per CodeQL Python security query, with its suite", () => {
    expect(queries.length).toBeGreaterThan(60);
    expect(rows.map((r) => r.id).sort()).toEqual(queries.map((q) => q.id).sort());
    for (const q of queries) expect(rows.find((r) => r.id === q.id)?.suite).toBe(q.suite);
  });

  it("says 'not' exactly for the ids no embedded rule reports, and gives a reason", () => {
    for (const row of rows) {
      expect(["implemented", "partial", "not"]).toContain(row.status);
      expect(row.reason.length).toBeGreaterThan(10);
      expect({ id: row.id, reported: row.status !== "not" }).toEqual({
        id: row.id,
        reported: reported.has(row.id),
      });
    }
  });

  it("uses CodeQL's CWEs and security-severity for the regex, cipher and polynomial-redos rules", () => {
    const ours = [...allCheckRules(), ruleInfo("py/polynomial-redos")];
    for (const rule of ours) {
      const query = queries.find((q) => q.id === rule.id);
      expect(query, rule.id).toBeDefined();
      expect([...rule.cwes].sort()).toEqual([...query!.cwes].sort());
      expect(rule.securitySeverity).toBe(query!.securitySeverity);
    }
  });
});
