import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOG_CWE_IDS, cweInfo, cweTitle } from "../../../server/src/analysis/cwe-catalog.js";
import { CWE_DATA } from "../../../server/src/analysis/cwe-catalog-data.js";
import { RUFF_RULES } from "../../../server/src/analysis/embedded/ruff-rules.js";

const SECURITY_EVAL = [
  20, 22, 78, 79, 80, 89, 90, 94, 95, 113, 116, 117, 193, 200, 209, 215, 250, 252, 259, 269, 283, 285, 295,
  297, 306, 319, 321, 326, 327, 329, 330, 331, 339, 347, 367, 377, 379, 384, 385, 400, 406, 414, 425, 434,
  454, 462, 477, 502, 521, 522, 595, 601, 605, 611, 641, 643, 703, 730, 732, 759, 760, 776, 798, 827, 835,
  841, 918, 941, 943, 1204,
];
const SEC_CODE_PLT = [
  22, 74, 77, 78, 79, 94, 95, 120, 179, 200, 281, 295, 327, 338, 347, 352, 367, 400, 502, 601, 611, 732, 770,
  862, 863, 915, 918, 1333,
];
// CWEs Bandit 1.7/1.8 plugins attach to their issues.
const BANDIT = [
  20, 22, 78, 79, 80, 89, 94, 259, 284, 295, 319, 326, 327, 330, 377, 400, 494, 502, 605, 703, 732, 838,
];

function codeqlCwes(): string[] {
  const tsv = readFileSync(new URL("./fixtures/codeql-python-queries.tsv", import.meta.url), "utf8");
  return tsv
    .trim()
    .split("\n")
    .slice(1)
    .flatMap((line) => line.split("\t")[1]!.split(","))
    .map((c) => `CWE-${Number(c.slice(4))}`);
}

function expectKnown(ids: Array<string | number>): void {
  const missing = ids.filter((id) => cweInfo(id).description === undefined).map(String);
  expect(missing).toEqual([]);
}

describe("CWE catalog", () => {
  it("knows every CWE the ruff mapping reports", () =>
    expectKnown(Object.values(RUFF_RULES).flatMap((m) => m.cwes)));
  it("knows every CWE of CodeQL's Python queries", () => expectKnown(codeqlCwes()));
  it("knows every CWE Bandit reports", () => expectKnown(BANDIT));
  it("knows every SecurityEval CWE", () => expectKnown(SECURITY_EVAL));
  it("knows all SecCodePLT CWEs", () => expectKnown(SEC_CODE_PLT));

  it("returns MITRE's official names and links", () => {
    expect(cweInfo("CWE-89")).toMatchObject({
      id: "CWE-89",
      name: "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
      href: "https://cwe.mitre.org/data/definitions/89.html",
    });
    expect(cweInfo(502).name).toBe("Deserialization of Untrusted Data");
    expect(cweInfo("cwe-078").name).toBe(
      "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
    );
    expect(cweInfo("external/cwe/cwe-1333").name).toBe("Inefficient Regular Expression Complexity");
    expect(cweTitle("CWE-918")).toBe("CWE-918: Server-Side Request Forgery (SSRF)");
  });

  it("never throws for unknown or malformed ids", () => {
    expect(cweInfo("CWE-99999")).toEqual({
      id: "CWE-99999",
      name: "CWE-99999",
      href: "https://cwe.mitre.org/data/definitions/99999.html",
    });
    expect(cweInfo("not a cwe")).toEqual({
      id: "not a cwe",
      name: "not a cwe",
      href: "https://cwe.mitre.org/",
    });
    expect(cweTitle("CWE-99999")).toBe("CWE-99999");
  });

  it("has unique ids, non-empty names and one-sentence descriptions", () => {
    const ids = CWE_DATA.map(([n]) => n);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [n, name, description] of CWE_DATA) {
      expect(name.trim(), `CWE-${n}`).not.toBe("");
      expect(description, `CWE-${n}`).toMatch(/^[A-Z].*[.)]$/);
      expect(description.split(/\.\s+[A-Z]/).length, `CWE-${n} is one sentence`).toBe(1);
    }
    expect(CATALOG_CWE_IDS.length).toBe(ids.length);
    expect(CATALOG_CWE_IDS[0]).toBe("CWE-15");
  });
});
