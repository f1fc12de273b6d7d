import { describe, expect, it } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { prepareFingerprints, stableFingerprints } from "../../../server/src/analysis/fingerprint.js";

/** A finding of `ruleId` at the first (or nth) line containing `needle`, like a backend reports it. */
function findingAt(text: string, needle: string, ruleId = "py/sql-injection", nth = 0): Finding {
  const lines = text.split("\n");
  const hits = lines.flatMap((line, index) => (line.includes(needle) ? [index] : []));
  const line = hits[nth];
  if (line === undefined) throw new Error(`${needle} #${nth} not in text`);
  const character = lines[line]!.indexOf(needle);
  return {
    ruleId,
    cwes: ["CWE-89"],
    severity: "error",
    message: "m",
    file: "/p/app.py",
    range: { start: { line, character }, end: { line, character: character + needle.length } },
    source: "embedded",
    // Provisional ids from the backend include the line number here, so a pass-through would fail.
    fingerprint: `provisional-${line}`,
  };
}

function fingerprintOf(text: string, needle: string, nth = 0): string {
  return stableFingerprints(text, [findingAt(text, needle, undefined, nth)])[0]!.fingerprint;
}

const ORIGINAL = [
  "import sqlite3",
  "",
  "",
  "def helper():",
  "    return 1",
  "",
  "",
  "def lookup(db, name):",
  '    query = "SELECT * FROM users WHERE name = \'" + name + "\'"',
  "    return db.execute(query)",
  "",
].join("\n");

describe("stableFingerprints", () => {
  const base = fingerprintOf(ORIGINAL, "db.execute(query)");

  it("is a 16-hex id that does not depend on the backend's provisional id", () => {
    expect(base).toMatch(/^[0-9a-f]{16}$/);
  });

  it("survives lines inserted above the finding", () => {
    const moved = `"""Module docstring."""\nimport os\n\n\n${ORIGINAL}`;
    expect(fingerprintOf(moved, "db.execute(query)")).toBe(base);
  });

  it("survives the function moving within the file", () => {
    const lookup = ORIGINAL.slice(ORIGINAL.indexOf("def lookup"));
    const helper = "def helper():\n    return 1\n";
    const swapped = `import sqlite3\n\n\n${lookup}\n\n${helper}`;
    expect(swapped.indexOf("def lookup")).toBeLessThan(swapped.indexOf("def helper"));
    expect(fingerprintOf(swapped, "db.execute(query)")).toBe(base);
  });

  it("survives reformatting of other lines and re-indentation of its own", () => {
    const reformatted = ORIGINAL.replace("def lookup(db, name):", "def lookup(\n    db,\n    name,\n):")
      .replace("import sqlite3", "import sqlite3  # stdlib")
      .replace("    query =", "    query  =");
    expect(fingerprintOf(reformatted, "db.execute(query)")).toBe(base);
    const tabs = ORIGINAL.replace("    return db.execute(query)", "\treturn  db.execute(query)");
    expect(fingerprintOf(tabs, "db.execute(query)")).toBe(base);
  });

  it("changes when the flagged line itself changes, or the rule", () => {
    const edited = ORIGINAL.replace("db.execute(query)", "db.execute(query + ';')");
    expect(fingerprintOf(edited, "db.execute(query")).not.toBe(base);
    const other = stableFingerprints(ORIGINAL, [
      findingAt(ORIGINAL, "db.execute(query)", "py/code-injection"),
    ]);
    expect(other[0]!.fingerprint).not.toBe(base);
  });

  it("gives a second identical finding in the same function a distinct id, stable under inserts", () => {
    const twice = ORIGINAL.replace(
      "    return db.execute(query)",
      "    db.execute(query)\n    db.execute(query)",
    );
    const ids = stableFingerprints(twice, [
      findingAt(twice, "db.execute(query)", undefined, 1),
      findingAt(twice, "db.execute(query)", undefined, 0),
    ]).map((f) => f.fingerprint);
    expect(new Set(ids).size).toBe(2);
    // Input order does not matter: occurrences are counted in source order.
    const inOrder = stableFingerprints(twice, [
      findingAt(twice, "db.execute(query)", undefined, 0),
      findingAt(twice, "db.execute(query)", undefined, 1),
    ]).map((f) => f.fingerprint);
    expect(inOrder).toEqual([ids[1], ids[0]]);
    const shifted = `# header\n\n${twice}`;
    const afterInsert = stableFingerprints(shifted, [
      findingAt(shifted, "db.execute(query)", undefined, 0),
      findingAt(shifted, "db.execute(query)", undefined, 1),
    ]).map((f) => f.fingerprint);
    expect(afterInsert).toEqual(inOrder);
  });

  it("tells identical lines in different functions apart by the enclosing names", () => {
    const text =
      "class A:\n    def f(self, q):\n        run(q)\n\n\nclass B:\n    def f(self, q):\n        run(q)\n";
    const [a, b] = stableFingerprints(text, [
      findingAt(text, "run(q)", "r", 0),
      findingAt(text, "run(q)", "r", 1),
    ]);
    expect(a!.fingerprint).not.toBe(b!.fingerprint);
    // Swapping the classes swaps nothing: each keeps its id.
    const swapped =
      "class B:\n    def f(self, q):\n        run(q)\n\n\nclass A:\n    def f(self, q):\n        run(q)\n";
    const [b2, a2] = stableFingerprints(swapped, [
      findingAt(swapped, "run(q)", "r", 0),
      findingAt(swapped, "run(q)", "r", 1),
    ]);
    expect(a2!.fingerprint).toBe(a!.fingerprint);
    expect(b2!.fingerprint).toBe(b!.fingerprint);
  });

  it("handles hostile text: CR-only and mixed line endings, NUL, a very long line, a range past the end", () => {
    const crOnly = ORIGINAL.replaceAll("\n", "\r");
    const finding = findingAt(ORIGINAL, "db.execute(query)");
    expect(stableFingerprints(crOnly, [finding])[0]!.fingerprint).toBe(base);
    const long = `x = ${"1 + ".repeat(200_000)}1\n\0\n${ORIGINAL}`;
    expect(fingerprintOf(long, "db.execute(query)")).toBe(base);
    const past = {
      ...finding,
      range: { start: { line: 10_000, character: 0 }, end: { line: 10_000, character: 1 } },
    };
    expect(stableFingerprints(ORIGINAL, [past])[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it("keeps nothing of the previous text: a same-length text with another scope gets its own id", () => {
    // The last text's lines and scopes are kept between calls (the editor publishes each version twice).
    const inFunction = "def f():\n    eval(x)\n";
    const inClass = "class K:\n    eval(x)\n";
    const first = fingerprintOf(inFunction, "eval");
    const other = fingerprintOf(inClass, "eval");
    expect(other).not.toBe(first);
    expect(fingerprintOf(inFunction, "eval")).toBe(first);
    expect(fingerprintOf(inClass, "eval")).toBe(other);
    // A second finding on a line the first call did not ask for gets that line's scope.
    const two = "def f():\n    eval(x)\nclass K:\n    eval(y)\n";
    const [a, b] = stableFingerprints(two, [findingAt(two, "eval(x)")]).concat(
      stableFingerprints(two, [findingAt(two, "eval(x)"), findingAt(two, "eval(y)")]),
    );
    expect(a!.fingerprint).toBe(b!.fingerprint);
    const both = stableFingerprints(two, [findingAt(two, "eval(x)"), findingAt(two, "eval(y)")]);
    expect(both[1]!.fingerprint).toBe(fingerprintOf("class K:\n    eval(y)\n", "eval(y)"));
  });

  it("gives the same ids after prepareFingerprints (every line's scope computed ahead), also for a million lines", () => {
    const text = `${ORIGINAL}class K:\n    def m(self):\n        eval(q)\n`;
    const findings = [findingAt(text, "query ="), findingAt(text, "eval(q)", "py/code-injection")];
    // Another text in between: the cache holds the last text only, so each call below starts cold.
    const cold = stableFingerprints(text, findings);
    fingerprintOf("x = 1\n", "x");
    prepareFingerprints(text);
    expect(stableFingerprints(text, findings)).toEqual(cold);
    // Not one argument per line (a spread of them all overflows the stack).
    const huge = `${"\n".repeat(1_000_000)}eval(x)\n`;
    expect(() => prepareFingerprints(huge)).not.toThrow();
    expect(fingerprintOf(huge, "eval(x)")).toMatch(/^[0-9a-f]{16}$/);
  });
});
