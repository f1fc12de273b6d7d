import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { banditRuleMapping } from "../../../server/src/analysis/bandit/bandit-rules.js";
import { allCheckRules, checkRuleInfo } from "../../../server/src/analysis/embedded/checks/check-rules.js";
import { RUFF_RULES } from "../../../server/src/analysis/embedded/ruff-rules.js";
import { allTaintRules } from "../../../server/src/analysis/embedded/taint/rule-catalog.js";
import { CODEQL_PROBLEMS } from "../../../server/src/analysis/rules/codeql-problems.js";
import {
  aliasesOf,
  allRules,
  ruleById,
  ruleForAlias,
} from "../../../server/src/analysis/rules/rule-registry.js";
import { SECLSP_PROBLEMS } from "../../../server/src/analysis/rules/seclsp-problems.js";

interface Query {
  cwes: string[];
  severity: string;
  securitySeverity: number;
  name: string;
  kind: string;
}

/** CodeQL 2.19.3's Python query table (id, CWEs, severity, security-severity, name, kind). */
function codeqlQueries(): Map<string, Query> {
  const tsv = readFileSync(
    new URL("../analysis/fixtures/codeql-python-queries.tsv", import.meta.url),
    "utf8",
  );
  const [header, ...lines] = tsv.trim().split("\n");
  const col = (name: string) => header!.split("\t").indexOf(name);
  const queries = new Map<string, Query>();
  for (const line of lines) {
    const cells = line.split("\t");
    queries.set(cells[col("query_id")]!, {
      cwes: cells[col("cwes")]!.split(",").map((c) => `CWE-${Number(c.slice(4))}`),
      severity: cells[col("severity")]!,
      securitySeverity: Number(cells[col("security_severity")]),
      name: cells[col("name")]!,
      kind: cells[col("kind")]!,
    });
  }
  return queries;
}

/** What a consumer derives from an alias: the fields every alias of one problem must agree on. */
function viewOf(tool: string, code: string) {
  if (tool === "ruff") {
    const m = RUFF_RULES[code]!;
    return { ruleId: m.ruleId, cwes: m.cwes, severity: m.severity, securitySeverity: m.securitySeverity };
  }
  if (tool === "bandit") {
    const m = banditRuleMapping(code);
    return { ruleId: m.ruleId, cwes: m.cwes, severity: m.severity, securitySeverity: m.securitySeverity };
  }
  // The tree-sitter engine: taint catalog and checks pass (checkRuleInfo falls back to the catalog).
  const r = checkRuleInfo(code);
  return { ruleId: r.id, cwes: r.cwes, severity: r.severity, securitySeverity: r.securitySeverity };
}

describe("rule registry", () => {
  const queries = codeqlQueries();

  it("CodeQL ids exist in CodeQL's table with its name, CWEs (+ documented extras), severity and score", () => {
    for (const row of CODEQL_PROBLEMS) {
      const q = queries.get(row.id);
      expect(q, row.id).toBeDefined();
      const rule = ruleById(row.id)!;
      const extras = (row.extraCwes?.cwes ?? []).map((n) => `CWE-${n}`);
      expect([...rule.cwes].sort(), row.id).toEqual([...q!.cwes, ...extras].sort());
      if (row.extraCwes) expect(row.extraCwes.why.length, row.id).toBeGreaterThan(20);
      expect(rule.name, row.id).toBe(q!.name);
      expect(rule.severity, row.id).toBe(q!.severity);
      expect(rule.securitySeverity, row.id).toBe(q!.securitySeverity);
    }
  });

  it("every alias names exactly one problem", () => {
    const seen = new Map<string, string>();
    for (const rule of allRules()) {
      for (const alias of rule.aliases) {
        const key = `${alias.tool}:${alias.code}`;
        expect(seen.get(key), `${key} in ${rule.id} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, rule.id);
        expect(ruleForAlias(alias.tool, alias.code)?.id).toBe(rule.id);
      }
    }
  });

  it("the aliases of one problem agree: the ruff, Bandit and taint mappers give the same id, CWEs and severity", () => {
    let shared = 0;
    for (const rule of allRules()) {
      const views = rule.aliases
        .filter((a) => a.tool !== "codeql" && !a.code.startsWith("seclsp/"))
        .map((a) => ({ alias: `${a.tool}:${a.code}`, ...viewOf(a.tool, a.code) }));
      for (const view of views) {
        const { alias, ...fields } = view;
        expect(fields, `${alias} of ${rule.id}`).toEqual({
          ruleId: rule.id,
          cwes: [...rule.cwes],
          severity: rule.severity,
          securitySeverity: rule.securitySeverity,
        });
      }
      if (rule.aliases.some((a) => a.tool === "ruff") && rule.aliases.some((a) => a.tool === "bandit"))
        shared++;
    }
    expect(shared).toBeGreaterThan(30);
  });

  it("ruff's S rules and Bandit's tests of the same number are one problem (ruff ported Bandit's numbering)", () => {
    const codes = Object.keys(RUFF_RULES);
    expect(codes).toHaveLength(58);
    for (const code of codes) {
      const bandit = `B${code.slice(1)}`;
      expect(ruleForAlias("bandit", bandit)?.id, `${code} ~ ${bandit}`).toBe(ruleForAlias("ruff", code)?.id);
    }
    // The example: Flask debug leads with CodeQL's CWEs, whoever reports it.
    expect(banditRuleMapping("B201").cwes).toEqual(["CWE-215", "CWE-489"]);
  });

  it("a pattern check never takes a taint (path) query's id, except the two whose flow starts at a literal", () => {
    const literalFlows = new Set(["py/hardcoded-credentials", "py/weak-sensitive-data-hashing"]);
    for (const rule of allRules()) {
      const pattern = rule.aliases.some((a) => a.tool === "ruff" || a.tool === "bandit");
      if (!pattern || !rule.id.startsWith("py/")) continue;
      if (literalFlows.has(rule.id)) continue;
      expect(queries.get(rule.id)?.kind, rule.id).toBe("problem");
    }
    for (const rule of allRules()) {
      if (rule.taintTwin) {
        expect(queries.get(rule.taintTwin)?.kind, `${rule.id} twin`).toBe("path-problem");
        expect(
          aliasesOf(rule.taintTwin).some((a) => a.tool === "taint"),
          rule.taintTwin,
        ).toBe(true);
      }
    }
  });

  it("the taint catalog and checks pass implement exactly the problems the registry marks as reported by taint", () => {
    const marked = allRules()
      .filter((r) => r.aliases.some((a) => a.tool === "taint") && r.securitySeverity !== undefined)
      .map((r) => r.id)
      .sort();
    expect([...allTaintRules(), ...allCheckRules()].map((r) => r.id).sort()).toEqual(marked);
  });

  it("ids are CodeQL's, ruff/<S>, bandit/<B> or seclsp's own; CWEs normalized", () => {
    const ownProblems = new Set(SECLSP_PROBLEMS.map((p) => p.id));
    for (const rule of allRules()) {
      expect(rule.id).toMatch(/^(py\/[a-z0-9/-]+|ruff\/S\d{3}|bandit\/B\d{3}|seclsp\/[a-z-]+)$/);
      for (const cwe of rule.cwes) expect(cwe).toMatch(/^CWE-[1-9]\d*$/);
      // Only CodeQL's queries and our own problems (not pattern checks, not notes) carry a score.
      if (rule.id.startsWith("py/") || ownProblems.has(rule.id)) {
        expect(rule.securitySeverity, rule.id).toBeGreaterThan(0);
      } else expect(rule.securitySeverity, rule.id).toBeUndefined();
      if (ownProblems.has(rule.id)) expect(rule.helpUri).toMatch(/^https:\/\/cwe\.mitre\.org\//);
    }
  });
});
