import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RUFF_RULES } from "../../../../server/src/analysis/embedded/ruff-rules.js";
import { renderRuleTables, withRuleTables } from "../../../../server/src/analysis/rules/findings-doc.js";

const doc = readFileSync(new URL("../../../../docs/findings.md", import.meta.url), "utf8");

describe("docs/findings.md", () => {
  it("carries the rule tables generated from the registry (run `npm run docs:findings` after a change)", () => {
    expect(withRuleTables(doc)).toBe(doc);
  });

  it("lists every mapped ruff rule with its current id, CWEs and severity", () => {
    const rows = renderRuleTables()
      .split("\n")
      .filter((line) => /^\| S\d+ \|/.test(line))
      .map((line) => line.split("|").map((cell) => cell.trim()));
    const documented = rows.map(([, code, , id, cwes, severity]) => [code, id, cwes, severity]);
    const expected = Object.values(RUFF_RULES).map((m) => [
      m.code,
      `\`${m.ruleId}\``,
      m.cwes.join(", "),
      m.securitySeverity !== undefined ? `${m.severity} (${m.securitySeverity})` : m.severity,
    ]);
    expect(documented).toEqual(expected);
  });

  it("a stale table is detected", () => {
    const stale = doc.replace(
      "| S608 | B608 | `ruff/S608` | CWE-89 |",
      "| S608 | B608 | `ruff/S608` | CWE-20 |",
    );
    expect(stale).not.toBe(doc);
    expect(withRuleTables(stale)).not.toBe(stale);
  });
});
