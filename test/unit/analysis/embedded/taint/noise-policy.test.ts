import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../../../../perf/lib/corpus.js";
import { EmbeddedAnalyzer } from "../../../../../server/src/analysis/embedded/embedded-analyzer.js";
import {
  describesCredential,
  entropy,
  literalValue,
  looksLikeSecret,
} from "../../../../../server/src/analysis/embedded/secret-literal.js";
import { isTestFile } from "../../../../../server/src/analysis/embedded/taint/parameter-findings.js";
import { taint } from "./taint-helpers.js";

/**
 * The default-noise policy (issue 15.7): parameter- and local-source findings passed on unchanged,
 * in private/nested functions or in test files are notes; a public function that places its
 * parameter under its own data keeps the rule's severity. Corpus files mark the expected severity
 * of the next `# expect:` line with `# severity: note|warning|error` (the corpus test checks ids).
 */
describe("default noise policy", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("gives every corpus finding marked with a severity exactly that severity", () => {
    const problems: string[] = [];
    let marked = 0;
    for (const file of loadCorpus()) {
      const lines = file.text.split("\n");
      const wanted = new Map<number, string>();
      let pending: string | undefined;
      lines.forEach((line, i) => {
        const mark = /#\s*severity:\s*(note|warning|error)\b/.exec(line)?.[1];
        if (mark) pending = mark;
        else if (pending && /#\s*expect:/.test(line)) {
          wanted.set(i, pending);
          pending = undefined;
        }
      });
      if (wanted.size === 0) continue;
      const findings = new EmbeddedAnalyzer({ threatModel: file.threatModel }).analyzeText({
        path: file.path,
        text: file.text,
      });
      for (const [line, severity] of wanted) {
        marked++;
        const expectedRule = /#\s*expect:\s*([\w/-]+)/.exec(lines[line]!)?.[1];
        const at = findings.filter((f) => f.range.start.line === line && f.ruleId === expectedRule);
        if (at.length === 0) problems.push(`${file.name}:${line + 1} no ${expectedRule}`);
        for (const f of at)
          if (f.severity !== severity) problems.push(`${file.name}:${line + 1} ${f.severity} ≠ ${severity}`);
      }
    }
    expect(problems).toEqual([]);
    expect(marked).toBeGreaterThanOrEqual(25);
  });

  it("says in the message that a parameter-source flow depends on the callers", async () => {
    const code = `import os
BASE = "/srv"
def remove(name):
    os.remove(os.path.join(BASE, name))
`;
    const [finding] = await taint(code);
    expect(finding!.severity).toBe("error");
    expect(finding!.message).toBe(
      "This path depends on [parameter `name`](1); a flaw if callers pass untrusted data.",
    );
  });

  it("keeps the severity of remote sources whatever the function looks like", async () => {
    const code = `from flask import Flask, request
app = Flask(__name__)
def _open(p):
    return open(p)
@app.route("/f")
def f():
    return _open(request.args["p"]).read()
`;
    const findings = (await taint(code)).filter((f) => f.ruleId === "py/path-injection");
    expect(findings.length).toBe(1);
    expect(findings[0]!.severity).toBe("error");
    expect(findings[0]!.message).toBe("This path depends on a [user-provided value](1).");
  });

  it("keeps a command-line argument placed under a fixed directory at its severity", async () => {
    const code = `import os, sys
os.remove(os.path.join("/srv/data", sys.argv[1]))
os.remove(sys.argv[1])
`;
    const findings = await taint(code, "local");
    expect(findings.map((f) => `${f.range.start.line + 1}:${f.severity}`)).toEqual(["2:error", "3:note"]);
    expect(findings[1]!.message).toMatch(/whoever runs the program chooses it/);
  });

  it("counts a public method of a public class as public and dunder methods too", async () => {
    const code = `import os
BASE = "/srv"
class Store:
    def __init__(self, name):
        os.remove(os.path.join(BASE, name))
    def drop(self, name):
        os.remove(os.path.join(BASE, name))
class _Hidden:
    def drop(self, name):
        os.remove(os.path.join(BASE, name))
`;
    const findings = await taint(code);
    expect(findings.map((f) => `${f.range.start.line + 1}:${f.severity}`)).toEqual([
      "5:error",
      "7:error",
      "10:note",
    ]);
  });

  it("tells test files by name or by their folder, not by a folder higher up", () => {
    expect(isTestFile("/p/src/test_io.py")).toBe(true);
    expect(isTestFile("/p/src/io_test.py")).toBe(true);
    expect(isTestFile("/p/conftest.py")).toBe(true);
    expect(isTestFile("/p/tests/helpers.py")).toBe(true);
    expect(isTestFile("/home/u/tests/project/src/io.py")).toBe(false);
    expect(isTestFile("/p/src/contest.py")).toBe(false);
  });
});

describe("secret-looking literals (ruff S105–S107)", () => {
  it("accepts real-looking secrets and rejects words, paths, URLs, placeholders", () => {
    for (const secret of [
      "S3cr3t!pass",
      "dev-secret-key-123",
      "dev-secret-change-me",
      "hunter22x",
      "postgres://u:pw@db/x",
    ])
      expect(looksLikeSecret(secret), secret).toBe(true);
    expect(looksLikeSecret("qZxWvTpLmNkRjHgF")).toBe(true); // one random-looking run of letters
    for (const word of [
      "dot",
      "bearer",
      "password",
      "accesstoken",
      "/etc/app/secret",
      "https://example.com/token",
      "<your-password>",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder is the input under test
      "${PASSWORD}",
      "%(password)s",
      "{password}",
      "Enter password:",
      "xxxxxxxxxx",
      "changeme",
    ])
      expect(looksLikeSecret(word), word).toBe(false);
    expect(entropy("aaaa")).toBe(0);
    expect(entropy("abcd")).toBe(2);
  });

  it("tells names that describe a credential from names that hold one", () => {
    for (const name of ["token_type", "password_field", "SECRET_NAME", "api_key_header", "self.token_kind"])
      expect(describesCredential(name), name).toBe(true);
    for (const name of ["password", "secret_key", "api_token", "db_pass"])
      expect(describesCredential(name), name).toBe(false);
  });

  it("reads the literal of S105/S107 ranges and of S106 keyword arguments", () => {
    expect(literalValue(`'dot'`)).toBe("dot");
    expect(literalValue(`password="S3cr3t!pass"`)).toBe("S3cr3t!pass");
    expect(literalValue(`rb"x"`)).toBe("x");
    expect(literalValue(`get_password()`)).toBeUndefined();
  });

  it("reports a password-like name as a note unless its literal looks like a secret", async () => {
    const code = `token_type = 'dot'
password = "S3cr3t!pass"
PASSWORD_FIELD = "password"
token_type = 'bare-quoted-string'
`;
    const findings = new EmbeddedAnalyzer({ threatModel: "library" })
      .analyzeText({ path: "/p/creds.py", text: code })
      .filter((f) => f.ruleId === "py/hardcoded-credentials")
      .map((f) => `${f.range.start.line + 1}:${f.severity}`);
    expect(findings).toEqual(["1:note", "2:error", "3:note", "4:note"]);
  });

  it("reports a bare shared temp directory (S108) as a note, a file in it at its severity", () => {
    const code = `import tempfile
candidates = ["/tmp", "/var/tmp/"]
open("/tmp/app.lock", "w")
`;
    const findings = new EmbeddedAnalyzer({ threatModel: "library" })
      .analyzeText({ path: "/p/tmp.py", text: code })
      .filter((f) => f.ruleId === "ruff/S108")
      .map((f) => `${f.range.start.line + 1}:${f.severity}`);
    expect(findings).toEqual(["2:note", "2:note", "3:warning"]);
  });
});
