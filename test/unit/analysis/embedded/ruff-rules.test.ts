import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ruffCheck } from "../../../../server/src/analysis/embedded/ruff-engine.js";
import { ruffPass } from "../../../../server/src/analysis/embedded/ruff-pass.js";
import {
  RUFF_COVERAGE,
  RUFF_RULES,
  RUFF_UNREPORTED_RULES,
  ruffRuleMapping,
} from "../../../../server/src/analysis/embedded/ruff-rules.js";
import type { Finding } from "../../../../server/src/analysis/finding.js";
import { primaryReporter } from "../../../../server/src/analysis/reporters.js";
import { RUFF_RULE_CASES, UNREPORTED_RULE_SNIPPETS } from "./ruff-rule-cases.js";
import { rangeOf } from "./text-range.js";

function analyze(text: string): Finding[] {
  return ruffPass.run({ path: "/p/snippet.py", text }, { threatModel: "library" });
}

function withCode(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => primaryReporter(f).ruleId === code);
}

/** The same snippet with CRLF line ends and tab indentation (still valid Python). */
function crlfTabs(text: string): string {
  return text.replace(/^((?: {4})+)/gm, (spaces) => "\t".repeat(spaces.length / 4)).replace(/\n/g, "\r\n");
}

/** An emoji statement before the flagged code on the same line, when that line is a simple statement at column 0. */
function emojiPrefixed(text: string, at: string): string | undefined {
  const index = text.lastIndexOf(at);
  const lineStart = text.lastIndexOf("\n", index - 1) + 1;
  const line = text.slice(lineStart, text.indexOf("\n", index));
  if (/^\s|^(def|class|try|except|for|if|with)\b/.test(line) || at.includes("\n")) return undefined;
  return `${text.slice(0, lineStart)}x = "😀🐍"; ${text.slice(lineStart)}`;
}

describe("every mapped ruff rule fires on its vulnerable snippet and not on the safe one", () => {
  for (const c of RUFF_RULE_CASES) {
    it(`${c.code} ${RUFF_RULES[c.code]?.name ?? "(unmapped)"}`, () => {
      const mapping = RUFF_RULES[c.code];
      expect(mapping, `${c.code} is mapped`).toBeDefined();
      const variants = [
        { text: c.vulnerable, at: c.at },
        { text: crlfTabs(c.vulnerable), at: crlfTabs(c.at) },
      ];
      const withEmoji = emojiPrefixed(c.vulnerable, c.at);
      if (withEmoji) variants.push({ text: withEmoji, at: c.at });
      for (const variant of variants) {
        const hits = withCode(analyze(variant.text), c.code);
        expect(hits, JSON.stringify(variant.text)).toHaveLength(1);
        const hit = hits[0]!;
        expect(hit.range, JSON.stringify(variant.text)).toEqual(rangeOf(variant.text, variant.at));
        expect(hit.ruleId).toBe(mapping!.ruleId);
        expect(hit.cwes).toEqual(mapping!.cwes);
        expect(hit.source).toBe("embedded");
      }
      expect(withCode(analyze(c.safe), c.code)).toEqual([]);
      expect(withCode(analyze(crlfTabs(c.safe)), c.code)).toEqual([]);
    });
  }

  it("exercises the emoji variant for most rules", () => {
    const withEmoji = RUFF_RULE_CASES.filter((c) => emojiPrefixed(c.vulnerable, c.at) !== undefined);
    expect(withEmoji.length).toBeGreaterThan(40);
  });
});

describe("rule table", () => {
  it("has exactly one test case per mapped rule", () => {
    expect(RUFF_RULE_CASES.map((c) => c.code).sort()).toEqual(Object.keys(RUFF_RULES).sort());
  });

  it("rules ruff 0.17.4 does not report without preview stay silent and unmapped", () => {
    expect(Object.keys(UNREPORTED_RULE_SNIPPETS).sort()).toEqual(Object.keys(RUFF_UNREPORTED_RULES).sort());
    for (const [code, snippet] of Object.entries(UNREPORTED_RULE_SNIPPETS)) {
      expect(RUFF_RULES[code], code).toBeUndefined();
      expect(ruffCheck(snippet).map((d) => d.code)).toEqual([]);
    }
  });

  it("normalizes CWE ids and gives every rule a title, name and help link", () => {
    for (const m of Object.values(RUFF_RULES)) {
      expect(m.cwes.length).toBeGreaterThan(0);
      for (const cwe of m.cwes) expect(cwe).toMatch(/^CWE-[1-9]\d*$/);
      expect(m.title.length).toBeGreaterThan(3);
      expect(m.helpUri).toMatch(/^https:\/\//);
      expect(m.ruleId === `ruff/${m.code}` || m.ruleId.startsWith("py/")).toBe(true);
    }
  });

  it("borrowed CodeQL ids exist, share a CWE with CodeQL's query and use its security-severity", () => {
    const tsv = readFileSync(new URL("../fixtures/codeql-python-queries.tsv", import.meta.url), "utf8");
    const queries = new Map<string, { cwes: string[]; securitySeverity: number }>();
    for (const line of tsv.trim().split("\n").slice(1)) {
      const [id, cwes, , sev] = line.split("\t");
      queries.set(id!, {
        cwes: cwes!.split(",").map((c) => `CWE-${Number(c.slice(4))}`),
        securitySeverity: Number(sev),
      });
    }
    for (const m of Object.values(RUFF_RULES)) {
      if (m.ruleId.startsWith("py/")) {
        const q = queries.get(m.ruleId);
        expect(q, `${m.code} → ${m.ruleId}`).toBeDefined();
        expect(
          m.cwes.some((c) => q!.cwes.includes(c)),
          m.code,
        ).toBe(true);
        expect(m.securitySeverity, m.code).toBe(q!.securitySeverity);
      } else {
        expect(m.securitySeverity, m.code).toBeUndefined();
      }
      if (m.taintTwin) expect(queries.has(m.taintTwin), `${m.code} twin ${m.taintTwin}`).toBe(true);
    }
  });

  it("pattern rules never claim a taint query's id", () => {
    for (const code of ["S608", "S602", "S605", "S301", "S307", "S506"]) {
      expect(RUFF_RULES[code]!.ruleId).toBe(`ruff/${code}`);
      expect(RUFF_RULES[code]!.taintTwin).toMatch(/^py\//);
    }
    expect(RUFF_RULES.S608!.taintTwin).toBe("py/sql-injection");
  });

  it("examples from the brief map to CodeQL's pattern queries", () => {
    expect(RUFF_RULES.S324).toMatchObject({
      ruleId: "py/weak-sensitive-data-hashing",
      cwes: ["CWE-327", "CWE-328", "CWE-916"],
    });
    expect(RUFF_RULES.S501!.ruleId).toBe("py/request-without-cert-validation");
    expect(RUFF_RULES.S104!.ruleId).toBe("py/bind-socket-all-network-interfaces");
    expect(RUFF_RULES.S201!.ruleId).toBe("py/flask-debug");
    expect(RUFF_RULES.S103!.ruleId).toBe("py/overly-permissive-file");
    expect(RUFF_RULES.S306!.ruleId).toBe("py/insecure-temporary-file");
    expect(RUFF_RULES.S507!.ruleId).toBe("py/paramiko-missing-host-key-validation");
    expect(RUFF_RULES.S701!.ruleId).toBe("py/jinja2/autoescape-false");
    expect(RUFF_RULES.S505!.ruleId).toBe("py/weak-crypto-key");
    expect(RUFF_RULES.S105!.ruleId).toBe("py/hardcoded-credentials");
  });

  it("unknown codes fall back to ruff/<code> without CWEs", () => {
    expect(ruffRuleMapping("S999")).toMatchObject({ ruleId: "ruff/S999", cwes: [], severity: "warning" });
  });

  it("coverage lists the CodeQL ids and CWEs the pass can emit, and not the taint twins", () => {
    expect(RUFF_COVERAGE.codeqlIds).toContain("py/flask-debug");
    expect(RUFF_COVERAGE.codeqlIds).not.toContain("py/sql-injection");
    expect(RUFF_COVERAGE.cwes).toContain("CWE-89");
    expect(RUFF_COVERAGE.cwes).toContain("CWE-502");
    const all = new Set(Object.values(RUFF_RULES).flatMap((m) => m.cwes));
    expect(new Set(RUFF_COVERAGE.cwes)).toEqual(all);
  });
});
