import { beforeAll, describe, expect, it } from "vitest";
import { collectCallsAndAssignments } from "../../../../../server/src/analysis/embedded/checks/call-names.js";
import { CheckFindings } from "../../../../../server/src/analysis/embedded/checks/check-finding.js";
import { allCheckRules } from "../../../../../server/src/analysis/embedded/checks/check-rules.js";
import { ChecksPass } from "../../../../../server/src/analysis/embedded/checks/checks-pass.js";
import { EmbeddedAnalyzer } from "../../../../../server/src/analysis/embedded/embedded-analyzer.js";
import {
  MAX_ANALYZED_LENGTH,
  MAX_QUANTIFIERS,
} from "../../../../../server/src/analysis/embedded/regex/backtracking.js";
import { NO_FLAGS } from "../../../../../server/src/analysis/embedded/regex/python-regex-translation.js";
import {
  analyzeRegex,
  REGEX_FILE_BUDGET,
  readCost,
  regexCost,
} from "../../../../../server/src/analysis/embedded/regex/regex-analysis.js";
import { runRegexChecks } from "../../../../../server/src/analysis/embedded/regex/regex-checks.js";
import { RegexLedger } from "../../../../../server/src/analysis/embedded/regex/regex-ledger.js";
import { collectImports } from "../../../../../server/src/analysis/embedded/taint/imports.js";
import { codeqlHelpUri } from "../../../../../server/src/analysis/embedded/taint/rule-catalog.js";
import type { PyNode, SyntaxTree } from "../../../../../server/src/analysis/embedded/taint/syntax-tree.js";
import { TaintAnalysis } from "../../../../../server/src/analysis/embedded/taint/taint-pass.js";

const pass = new ChecksPass();
let counter = 0;
const run = (text: string) => pass.analyze({ path: `/tmp/checks-${counter++}.py`, text });
const lines = (text: string, rule: string) =>
  run(text)
    .filter((f) => f.ruleId === rule)
    .map((f) => f.range.start.line + 1);

const SSL_PREFIX =
  "import ssl\nimport socket\n\n\ndef connect(host):\n    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n";
const WRAP = "    return ctx.wrap_socket(socket.socket(), server_hostname=host)\n";

describe("checks pass", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("gives every rule CodeQL's metadata and a help link", () => {
    for (const rule of allCheckRules()) {
      expect(rule.id).toMatch(/^py\//);
      expect(rule.cwes.length).toBeGreaterThan(0);
      expect(rule.securitySeverity).toBeGreaterThan(0);
    }
    const [finding] = run('import re\nre.compile(r"^(a+)+$")\n');
    expect(finding).toMatchObject({
      ruleId: "py/redos",
      cwes: ["CWE-1333", "CWE-730", "CWE-400"],
      securitySeverity: 7.5,
      helpUri: codeqlHelpUri("py/redos"),
    });
    expect(finding!.message).toContain("repetitions of 'a'");
    expect(finding!.fingerprint).toMatch(/.+/);
  });

  it("reads SSLContext settings in both directions", () => {
    expect(lines(SSL_PREFIX + WRAP, "py/insecure-protocol")).toEqual([7]);
    const min12 = `${SSL_PREFIX}    ctx.minimum_version = ssl.TLSVersion.TLSv1_2\n${WRAP}`;
    expect(lines(min12, "py/insecure-protocol")).toEqual([]);
    const min11 = `${SSL_PREFIX}    ctx.minimum_version = ssl.TLSVersion.TLSv1_1\n${WRAP}`;
    expect(run(min11).find((f) => f.ruleId === "py/insecure-protocol")?.message).toBe(
      "Insecure SSL/TLS protocol version TLSv1_1 allowed by call to ssl.SSLContext.",
    );
    const both = `${SSL_PREFIX}    ctx.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1\n${WRAP}`;
    expect(lines(both, "py/insecure-protocol")).toEqual([]);
    const again = `${SSL_PREFIX}    ctx.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1\n    ctx.options &= ~ssl.OP_NO_TLSv1\n${WRAP}`;
    expect(run(again).find((f) => f.ruleId === "py/insecure-protocol")?.message).toContain(
      "version TLSv1 allowed",
    );
  });

  it("only counts settings made before the connection, and shows them as steps", () => {
    const late = `${SSL_PREFIX}    s = ctx.wrap_socket(socket.socket())\n    ctx.minimum_version = ssl.TLSVersion.TLSv1_2\n    return s\n`;
    const [finding] = run(late).filter((f) => f.ruleId === "py/insecure-protocol");
    expect(finding!.range.start.line).toBe(6);
    expect(finding!.flow?.map((s) => s.range.start.line)).toEqual([5, 6]);
  });

  it("reports weak ciphers at their use, with the creation as a step", () => {
    const text =
      "from Crypto.Cipher import ARC4\n\n\ndef f(key, data):\n    c = ARC4.new(key)\n    x = 1\n    return c.encrypt(data)\n";
    const [finding] = run(text).filter((f) => f.ruleId === "py/weak-cryptographic-algorithm");
    expect(finding!.range.start.line).toBe(6);
    expect(finding!.flow?.[0]?.range.start.line).toBe(4);
    expect(finding!.message).toBe(
      "The cryptographic algorithm ARC4 is broken or weak, and should not be used.",
    );
  });

  it("does not follow a cipher variable into another function", () => {
    const text =
      "from Crypto.Cipher import DES\n\n\ndef a(key):\n    c = DES.new(key, DES.MODE_CBC)\n    return 1\n\n\ndef b(c, data):\n    return c.encrypt(data)\n";
    expect(lines(text, "py/weak-cryptographic-algorithm")).toEqual([5]);
  });

  it("resolves key sizes through constants, and leaves literal sizes to the taint catalog", () => {
    const constant =
      "from cryptography.hazmat.primitives.asymmetric import rsa\nBITS = 1024\nrsa.generate_private_key(65537, BITS)\n";
    expect(lines(constant, "py/weak-crypto-key")).toEqual([3]);
    const reassigned =
      "from cryptography.hazmat.primitives.asymmetric import rsa\nBITS = 1024\nBITS = 4096\nrsa.generate_private_key(65537, BITS)\n";
    expect(lines(reassigned, "py/weak-crypto-key")).toEqual([]);
    const literal =
      "from cryptography.hazmat.primitives.asymmetric import rsa\nrsa.generate_private_key(65537, 1024)\n";
    expect(lines(literal, "py/weak-crypto-key")).toEqual([]);
  });

  it("reads the taint pass's tree of the same text instead of parsing again", () => {
    const taint = new TaintAnalysis();
    const file = { path: "/tmp/shared-tree.py", text: 'import re\nre.compile(r"^(a+)+$")\n' };
    taint.analyze(file, "library");
    const given: boolean[] = [];
    const shared = new ChecksPass((path, text) => {
      const tree = taint.syntaxOf(path)?.text === text ? taint.syntaxOf(path) : undefined;
      given.push(tree !== undefined);
      return tree;
    });
    expect(shared.analyze(file).map((f) => f.ruleId)).toEqual(["py/redos"]);
    expect(given).toEqual([true]);
    // A text the taint pass has not seen: no tree from it, the pass parses on its own.
    const edited = { ...file, text: `${file.text}x = 1\n` };
    expect(shared.analyze(edited).map((f) => f.ruleId)).toEqual(["py/redos"]);
    expect(given).toEqual([true, false]);
  });

  it("decodes non-raw string escapes before reading the pattern", () => {
    // "\\d" in a normal string is the two characters \d; "\b" is a backspace, not a word boundary.
    expect(lines('import re\nre.match("^(\\\\d+)+$", s)\n', "py/redos")).toEqual([2]);
  });
});

/** A fresh ledger of `tree` (no constants) with `units` of budget: the cut depends on nothing else. */
function ledger(tree: SyntaxTree, calls: readonly PyNode[], units?: number): RegexLedger {
  return RegexLedger.build(tree, { imports: collectImports(tree), constants: new Map(), calls }, units);
}

describe("checks pass on hostile input", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("notes an over-long pattern as not analyzed instead of analyzing it", () => {
    const pattern = `(${"x|".repeat(MAX_ANALYZED_LENGTH)}y)+$`;
    const findings = run(`import re\nre.compile(r"${pattern}")\n`);
    const note = findings.find((f) => f.ruleId === "seclsp/not-analyzed");
    expect(note?.message).toMatch(/regular expression not analyzed.*longer than/);
    expect(note?.range.start.line).toBe(1);
  });

  it("gives one note for many patterns skipped for the same kind of reason", () => {
    const body = Array.from({ length: 300 }, (_, i) => `re.compile(r"(a|b){1,${200 + i}}c")`).join("\n");
    const notes = run(`import re\n${body}\n`).filter((f) => f.ruleId === "seclsp/not-analyzed");
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toMatch(/regular expressions \(300\) not analyzed.*counted repetition \{200\}/);
    expect(notes[0]!.range.start.line).toBe(1);
  });

  it("charges each pattern its cost, cached or not: the same file is cut at the same pattern, whatever ran before", () => {
    const taint = new TaintAnalysis();
    // Six exponential patterns of 2 quantifiers each, unique to this test (never cached before it).
    const patterns = Array.from({ length: 6 }, (_, i) => `^(a+)+x${i}z$`);
    const text = `import re\n${patterns.map((p) => `re.compile(r"${p}")`).join("\n")}\n`;
    taint.analyze({ path: "/tmp/budget.py", text }, "library");
    const tree = taint.syntaxOf("/tmp/budget.py")!;
    const { calls } = collectCallsAndAssignments(tree);
    // Room for exactly four of them.
    const units = 4 * regexCost(2) + regexCost(2) / 2;
    const check = () => {
      const findings = new CheckFindings();
      const skipped = runRegexChecks(ledger(tree, calls, units), findings);
      return {
        reported: findings.toFindings({ path: "/tmp/budget.py", text }).map((f) => f.range.start.line),
        skipped: skipped.map((s) => [s.node.startRow, s.reason]),
      };
    };
    const cold = check();
    expect(cold.reported).toEqual([1, 2, 3, 4]);
    expect(cold.skipped).toEqual([
      [5, `this file's regular expressions exceed their analysis budget (${units} units)`],
      [6, `this file's regular expressions exceed their analysis budget (${units} units)`],
    ]);
    // Now every pattern is cached (the last two too): the answer stays the same.
    for (const p of patterns) analyzeRegex(p, NO_FLAGS, false);
    expect(check()).toEqual(cold);
  });

  it("stops reading patterns once the budget is spent: thousands of patterns, or megabyte-long ones", () => {
    const checkOf = (text: string, path: string) => {
      const taint = new TaintAnalysis();
      taint.analyze({ path, text }, "library");
      const tree = taint.syntaxOf(path)!;
      const { calls } = collectCallsAndAssignments(tree);
      return runRegexChecks(ledger(tree, calls), new CheckFindings());
    };
    // 5,000 distinct patterns: each costs at least 0.5 units to read, so at most 600 are read.
    const many = Array.from({ length: 5000 }, (_, i) => `re.compile(r"x${i}y")`).join("\n");
    const skippedMany = checkOf(`import re\n${many}\n`, "/tmp/many-patterns.py");
    expect(skippedMany.length).toBeGreaterThanOrEqual(5000 - REGEX_FILE_BUDGET / readCost(0));
    expect(skippedMany.every((s) => s.reason.includes("analysis budget"))).toBe(true);
    // Three 400,000-character patterns: two are read (and found too long), the third is not read.
    const huge = (c: string) => `re.compile("${c.repeat(400_000)}")`;
    const skippedHuge = checkOf(
      `import re\n${huge("a")}\n${huge("b")}\n${huge("c")}\n`,
      "/tmp/huge-patterns.py",
    );
    expect(skippedHuge.map((s) => s.reason)).toEqual([
      "pattern longer than 1000 characters",
      "pattern longer than 1000 characters",
      `this file's regular expressions exceed their analysis budget (${REGEX_FILE_BUDGET} units)`,
    ]);
  });

  it("answers nothing past a zero budget, even for cached patterns", () => {
    const taint = new TaintAnalysis();
    const text = 'import re\nre.compile(r"^(c+)+$")\n';
    taint.analyze({ path: "/tmp/budget0.py", text }, "library");
    const tree = taint.syntaxOf("/tmp/budget0.py")!;
    analyzeRegex("^(c+)+$", NO_FLAGS, false);
    const findings = new CheckFindings();
    const { calls } = collectCallsAndAssignments(tree);
    const skipped = runRegexChecks(ledger(tree, calls, 0), findings);
    expect(findings.toFindings({ path: "/tmp/budget0.py", text })).toEqual([]);
    expect(skipped).toHaveLength(1);
  });

  it("costs patterns by the square of their quantifiers, so the largest admitted ones cannot exceed the budget's scale", () => {
    expect(regexCost(0)).toBeGreaterThan(0);
    expect(regexCost(12)).toBeGreaterThan(4 * regexCost(5));
    // The largest pattern the bounds admit (24 quantifiers) fits 4 times in a file's budget.
    expect(REGEX_FILE_BUDGET / regexCost(MAX_QUANTIFIERS)).toBeGreaterThanOrEqual(4);
    const cached = analyzeRegex("(a+)(b+)(c+)", NO_FLAGS, false);
    expect(cached.readCost + cached.analysisCost).toBe(regexCost(3, "(a+)(b+)(c+)".length));
  });

  it("survives patterns Python accepts and JS does not, and bytes, NUL and astral characters", () => {
    const text = [
      "import re",
      're.compile(rb"(?P<n>\\x00+)+\\Z")',
      're.compile("a\\U0001F600+")',
      're.compile("(?<=a)(?<!b)\\u2603+\\0")',
      're.compile(r"[[:alpha:]]")',
      're.compile("😀(a|😀)*")',
      're.compile(r"a{2,1}")',
    ].join("\n");
    const findings = run(text);
    expect(findings.filter((f) => f.ruleId === "py/redos").map((f) => f.range.start.line)).toEqual([1]);
  });
});
