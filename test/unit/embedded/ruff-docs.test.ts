import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RUFF_RULES } from "../../../server/src/analysis/embedded/ruff-rules.js";

describe("docs/findings.md", () => {
  it("lists every mapped ruff rule with its current id, CWEs and severity", () => {
    const doc = readFileSync(new URL("../../../docs/findings.md", import.meta.url), "utf8");
    const rows = doc
      .split("\n")
      .filter((line) => /^\| S\d+ \|/.test(line))
      .map((line) => line.split("|").map((cell) => cell.trim()));
    const documented = rows.map(([, code, id, cwes, severity]) => [code, id, cwes, severity]);
    const expected = Object.values(RUFF_RULES).map((m) => [
      m.code,
      `\`${m.ruleId}\``,
      m.cwes.join(", "),
      m.securitySeverity !== undefined ? `${m.severity} (${m.securitySeverity})` : m.severity,
    ]);
    expect(documented).toEqual(expected);
  });
});
