import { describe, expect, it } from "vitest";
import {
  BanditAnalyzer,
  findingsFromBanditJson,
} from "../../../../server/src/analysis/bandit/bandit-analyzer.js";
import { banditRuleMapping, banditSeverity } from "../../../../server/src/analysis/bandit/bandit-rules.js";
import { primaryReporter } from "../../../../server/src/analysis/reporters.js";
import { DEFAULT_CONFIG } from "../../../../server/src/config/schema.js";

const never = () => new AbortController().signal;

const VULNERABLE = [
  "import subprocess",
  "import yaml",
  "",
  "def run(cmd, doc):",
  '    label = "😀"; subprocess.call(cmd, shell=True)',
  "    return yaml.load(doc)",
  "",
].join("\n");

describe("BanditAnalyzer with the real bandit", () => {
  const bandit = new BanditAnalyzer();

  it("is available (installed by .ci/run via python3-bandit)", async () => {
    expect(await bandit.available()).toBe(true);
    expect(await bandit.installationInfo()).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+/) });
  });

  it("finds shell=True and yaml.load in an unsaved buffer, mapped to CWEs, on the original path", async () => {
    const file = "/nonexistent/project/tool.py";
    const findings = await bandit.analyze([{ path: file, text: VULNERABLE }], never());
    const shell = findings.find((f) => primaryReporter(f).ruleId === "B602");
    const yaml = findings.find((f) => primaryReporter(f).ruleId === "B506");
    // One problem whoever reports it: Bandit's B602 is ruff's S602, with its id, CWEs and severity.
    expect(shell).toMatchObject({
      ruleId: "ruff/S602",
      cwes: ["CWE-78"],
      severity: "warning",
      reporters: [{ tool: "bandit", ruleId: "B602" }],
      source: "bandit",
      file,
    });
    expect(shell!.range.start.line).toBe(4);
    expect(shell!.helpUri).toBe("https://docs.astral.sh/ruff/rules/subprocess-popen-with-shell-equals-true/");
    // Bandit tags yaml.load CWE-20; the registry says CWE-502 (deserialization), like ruff's S506.
    expect(yaml).toMatchObject({ ruleId: "ruff/S506", cwes: ["CWE-502"], severity: "warning" });
    expect(yaml!.range.start).toEqual({ line: 5, character: 4 });
    expect(shell!.fingerprint).not.toBe(yaml!.fingerprint);
  });

  it("maps findings to the right file among several, none for the clean one", async () => {
    const findings = await bandit.analyze(
      [
        { path: "/p/a.py", text: "print('hello')\n" },
        { path: "/p/sub/b.py", text: "import hashlib\nhashlib.md5(b'x')\n" },
      ],
      never(),
    );
    expect(findings.every((f) => f.file === "/p/sub/b.py")).toBe(true);
    expect(findings.some((f) => f.cwes.includes("CWE-327"))).toBe(true);
  });

  it("gives a clear reason when bandit is missing", async () => {
    const missing = new BanditAnalyzer(DEFAULT_CONFIG.bandit, { env: { PATH: "/nonexistent" } });
    const reason = await missing.available();
    expect(reason).toMatch(/Bandit not found on PATH/);
    expect(reason).toContain("python3-bandit");
    await expect(missing.analyze([{ path: "/a.py", text: "x=1\n" }], never())).rejects.toThrow(/not found/);
  });
});

describe("bandit JSON mapping", () => {
  const root = "/tmp/root";
  const entries = [{ rel: "a.py", text: 'x = "é😀"; eval(y)\n', original: "file:///w/a.py" }];

  it("uses the registry's CWEs (not issue_cwe) and UTF-8 byte columns from newer bandit versions", () => {
    const col = Buffer.byteLength('x = "é😀"; ', "utf8");
    const json = JSON.stringify({
      results: [
        {
          filename: "./a.py",
          test_id: "B307",
          issue_severity: "MEDIUM",
          issue_text: "Use of possibly insecure function",
          line_number: 1,
          line_range: [1],
          col_offset: col,
          end_col_offset: col + "eval(y)".length,
          issue_cwe: { id: 78, link: "https://cwe.mitre.org/data/definitions/78.html" },
        },
      ],
    });
    const [finding] = findingsFromBanditJson(json, entries, root);
    const text = entries[0]!.text;
    expect(text.slice(finding!.range.start.character, finding!.range.end.character)).toBe("eval(y)");
    expect(finding).toMatchObject({
      file: "file:///w/a.py",
      ruleId: "ruff/S307",
      cwes: ["CWE-94", "CWE-95"],
      severity: "warning",
      reporters: [{ tool: "bandit", ruleId: "B307" }],
    });
  });

  it("rejects output that is not bandit JSON", () => {
    expect(() => findingsFromBanditJson("Traceback (most recent call last)", entries, root)).toThrow(
      /not JSON/,
    );
    expect(() => findingsFromBanditJson('{"results": 3}', entries, root)).toThrow(/unexpected shape/);
  });

  it("maps tests to the registry's problem: CodeQL ids only where CodeQL's query is a pattern query", () => {
    expect(banditRuleMapping("B201")).toMatchObject({
      ruleId: "py/flask-debug",
      cwes: ["CWE-215", "CWE-489"],
      severity: "error",
      securitySeverity: 7.5,
    });
    expect(banditRuleMapping("B608")).toMatchObject({ ruleId: "ruff/S608", cwes: ["CWE-89"] });
    expect(banditRuleMapping("B613")).toMatchObject({ ruleId: "bandit/B613", cwes: ["CWE-838"] });
    expect(banditRuleMapping("B999")).toMatchObject({ ruleId: "bandit/B999", cwes: [] });
    expect([
      banditSeverity("HIGH", "error"),
      banditSeverity("MEDIUM", "error"),
      banditSeverity("LOW", "error"),
    ]).toEqual(["error", "error", "note"]);
  });
});
