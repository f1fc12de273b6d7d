import { describe, expect, it } from "vitest";
import { visibleFindings } from "../../../server/src/analysis/visible-findings.js";
import { finding, range } from "./finding-builders.js";

const text = [
  "import sqlite3",
  "def find(cur, name):",
  "    q = 'SELECT * FROM users WHERE name = ' + name",
  "    return cur.execute(q)",
  "    cur.execute('SELECT ' + name)  # seclsp: ignore[S608]",
].join("\n");

describe("visibleFindings", () => {
  const ruff = finding({ ruleId: "ruff/S608", range: range(4, 16, 33), fingerprint: "r" });
  const codeql = finding({
    ruleId: "py/sql-injection",
    severity: "error",
    source: "codeql",
    message: "This SQL query depends on a user-provided value.",
    range: range(4, 16, 33),
    fingerprint: "c",
  });

  it("merges first, so a comment naming the ruff code hides CodeQL's merged report of the same problem", () => {
    expect(visibleFindings(text, [ruff, codeql])).toEqual([]);
  });

  it("keeps one finding per problem when nothing is suppressed", () => {
    const unsuppressed = text.replace("  # seclsp: ignore[S608]", "");
    const shown = visibleFindings(unsuppressed, [ruff, codeql]);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.ruleId).toBe("py/sql-injection");
    expect(shown[0]?.source).toBe("codeql");
  });
});
