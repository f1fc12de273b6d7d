import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type * as sarif from "sarif";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../server/src/analysis/finding.js";
import { lineColOf, REPO_ROOT, runCli } from "./run-cli.js";

// Each spawn compiles ruff's wasm (~1 s of CPU), so scenarios share projects and runs; the
// fine-grained behaviour is tested in-process in test/unit/check/run-check.test.ts.

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string })
  .version;
const MD5 = "import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n";
const PICKLE_SOURCE = "pickle.loads(blob)";
const PICKLE = "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n";
const LINE = /^(\S.*):(\d+):(\d+): (error|warning|note) (\S+)( \[CWE-\d+(,CWE-\d+)*\])? \S.*$/;
/** Each spawn compiles ruff's and tree-sitter's wasm: seconds of CPU, minutes on a loaded 2-core box. */
const SLOW = { timeout: 300_000 };
const SUMMARY = /^(\d+) findings? in (\d+) files? \((\d+) skipped\)$/;

let dir = "";
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "seclsp-cli-")));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fresh project folder under the temp dir with the given files. */
async function project(name: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const root = join(dir, name);
  await mkdir(root, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
  return root;
}

function lines(stdout: string): string[] {
  return stdout.split("\n").filter((l) => l.length > 0);
}

describe("seclsp check on examples/", SLOW, () => {
  it("prints CWE-tagged findings for every vulnerable example and exits 1", async () => {
    const result = await runCli(["check", "examples/"], REPO_ROOT);
    expect(result.code).toBe(1);
    const out = lines(result.stdout);
    const summary = out.pop()!;
    for (const line of out) expect(line).toMatch(LINE);
    const files = new Set(out.map((l) => l.split(":")[0]));
    for (const name of [
      "command_injection",
      "flask_sql_injection",
      "insecure_deserialization",
      "insecure_requests",
      "weak_crypto",
    ]) {
      expect(files).toContain(`examples/${name}.py`);
    }
    expect(files).not.toContain("examples/clean.py");
    expect(out.filter((l) => /\[CWE-\d+/.test(l)).length).toBeGreaterThanOrEqual(10);
    // The md5 call is reported at its exact position with its CWEs.
    const source = readFileSync(join(REPO_ROOT, "examples/weak_crypto.py"), "utf8");
    const { line, col } = lineColOf(source, "hashlib.md5");
    expect(
      out.some((l) => l.startsWith(`examples/weak_crypto.py:${line}:${col}: `) && l.includes("CWE-327")),
    ).toBe(true);
    expect(summary).toMatch(SUMMARY);
    expect(summary).toBe(`${out.length} findings in 7 files (0 skipped)`);
  });

  it("finds nothing in examples/clean.py and exits 0", async () => {
    const result = await runCli(["check", "examples/clean.py"], REPO_ROOT);
    expect(result).toEqual({ code: 0, stdout: "0 findings in 1 file (0 skipped)\n", stderr: "" });
  });
});

describe("formats and exit codes", SLOW, () => {
  let root = "";
  beforeAll(async () => {
    root = await project("formats", { "pkg/app.py": MD5, "pkg/store.py": PICKLE });
  });

  it("json to --output: {version, findings, skipped} with 0-based ranges and 1-based line/column; stdout empty; summary on stderr", async () => {
    const result = await runCli(["check", "pkg", "--format", "json", "--output", "report.json"], root);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("seclsp: 2 findings in 2 files (0 skipped)\n");
    const report = JSON.parse(await readFile(join(root, "report.json"), "utf8"));
    expect(report.version).toBe(VERSION);
    expect(report.skipped).toEqual([]);
    const md5 = lineColOf(MD5, "hashlib.md5");
    expect(report.findings[0]).toMatchObject({
      file: "pkg/app.py",
      cwes: ["CWE-327", "CWE-328", "CWE-916"],
      source: "embedded",
      range: { start: { line: md5.line - 1, character: md5.col - 1 } },
      line: md5.line,
      column: md5.col,
    });
    // The pickle finding may point at the call or at its argument (taint sink): anywhere inside the call.
    const pickle = lineColOf(PICKLE, PICKLE_SOURCE);
    expect(report.findings[1]).toMatchObject({ file: "pkg/store.py", cwes: ["CWE-502"] });
    expect(report.findings[1].range.start.line).toBe(pickle.line - 1);
    expect(report.findings[1].range.start.character).toBeGreaterThanOrEqual(pickle.col - 1);
    expect(report.findings[1].range.start.character).toBeLessThan(pickle.col - 1 + PICKLE_SOURCE.length);
    expect(report.findings).toHaveLength(2);
  });

  it("text: one line per finding matching the json report, 1-based line:col, then a summary", async () => {
    const result = await runCli(["check", "."], root);
    const out = lines(result.stdout);
    const md5 = lineColOf(MD5, "hashlib.md5");
    expect(out[0]).toMatch(
      new RegExp(
        `^pkg/app\\.py:${md5.line}:${md5.col}: (error|warning|note) \\S+ \\[CWE-327,CWE-328,CWE-916\\] \\S`,
      ),
    );
    const report = JSON.parse(await readFile(join(root, "report.json"), "utf8"));
    // The JSON report keeps CodeQL-style link markup ("[user-provided value](1)"); text shows its text.
    const plain = (message: string) => message.replace(/\[([^\]]*)\]\(\d+\)/g, "$1");
    // Other tools that reported the problem: JSON keeps them in `reporters`, text shows "(also: ...)".
    const also = (f: Finding) => {
      const others = (f.reporters ?? []).slice(1).map((r) => `${r.tool}/${r.ruleId}`);
      return others.length > 0 ? ` (also: ${others.sort().join(", ")})` : "";
    };
    const expected = report.findings.map(
      (f: Finding) =>
        `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.ruleId} [${f.cwes.join(",")}] ${plain(f.message)}${also(f)}`,
    );
    expect(out).toEqual([...expected, "2 findings in 2 files (0 skipped)"]);
    expect(result.stdout).not.toContain("](");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1); // default --fail-on warning; neither rule is a mere note
  });

  it("sarif: a SARIF 2.1.0 log with the same results, their rules, 1-based regions relative to the cwd", async () => {
    const result = await runCli(["check", ".", "-f", "sarif"], root);
    const log = JSON.parse(result.stdout);
    expect(log.version).toBe("2.1.0");
    const results = log.runs.flatMap((run: { results: unknown[] }) => run.results);
    const report = JSON.parse(await readFile(join(root, "report.json"), "utf8"));
    const locate = (r: sarif.Result) => {
      const { artifactLocation, region } = r.locations![0]!.physicalLocation!;
      return `${artifactLocation!.uri}:${region!.startLine}:${region!.startColumn} ${r.ruleId}`;
    };
    expect(results.map(locate)).toEqual(
      report.findings.map(
        (f: Finding) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}`,
      ),
    );
    const rules = log.runs.flatMap(
      (run: { tool: { driver: { rules?: { id: string }[] } } }) => run.tool.driver.rules ?? [],
    );
    for (const r of results) expect(rules.map((rule: { id: string }) => rule.id)).toContain(r.ruleId);
  });

  it("--fail-on error|warning|note|none: exit 1 exactly when a finding is at least that severe", async () => {
    const report = JSON.parse(await readFile(join(root, "report.json"), "utf8"));
    const rank = { note: 1, warning: 2, error: 3 } as const;
    const worst = Math.max(...report.findings.map((f: { severity: keyof typeof rank }) => rank[f.severity]));
    const codes: Record<string, number> = {};
    for (const level of ["error", "warning", "note", "none"] as const) {
      codes[level] = (await runCli(["check", ".", "--fail-on", level], root)).code;
    }
    expect(codes).toEqual({ error: worst >= 3 ? 1 : 0, warning: worst >= 2 ? 1 : 0, note: 1, none: 0 });
  });

  it("exits 2 on usage errors, before analyzing anything", async () => {
    await writeFile(join(root, "bad.json"), "{ not json");
    for (const args of [
      ["check"],
      ["check", ".", "--format", "xml"],
      ["check", ".", "--fail-on", "critical"],
      ["check", ".", "--bogus"],
      ["check", ".", "--max-file-bytes", "-5"],
      ["frobnicate"],
      ["--stdio", "--node-ipc"],
      [],
    ]) {
      const result = await runCli(args, root);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: "" });
      expect(result.stderr).not.toBe("");
    }
    const badConfig = await runCli(["check", ".", "--config", "bad.json"], root);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain("bad.json is not valid JSON");
    const badOutput = await runCli(["check", ".", "--output", "no/such/dir/out.txt"], root);
    expect(badOutput.code).toBe(2);
    expect(badOutput.stderr).toBe("seclsp: cannot write --output no/such/dir/out.txt: not found\n");
  });

  it("an unknown command is named as such and the commands are listed (root and bench), exit 2", async () => {
    const root = await runCli(["frobnicate"], dir);
    expect(root.code).toBe(2);
    expect(root.stdout).toBe("");
    expect(root.stderr.split("\n")[0]).toBe("error: unknown command 'frobnicate'");
    expect(root.stderr).not.toContain("too many arguments");
    expect(root.stderr).toMatch(/\nCommands:\n {2}check \[options\] <paths\.\.\.> /);
    expect(root.stderr).toMatch(/\n {2}bench /);
    const bench = await runCli(["bench", "frobnicate"], dir);
    expect(bench.code).toBe(2);
    expect(bench.stderr.split("\n")[0]).toBe("error: unknown command 'frobnicate'");
    for (const sub of ["run", "merge", "rescore", "report"])
      expect(bench.stderr).toMatch(new RegExp(`\n {2}${sub} `));
    // A subcommand's usage error points at its help instead of printing all of it.
    const badFormat = await runCli(["check", ".", "--format", "xml"], dir);
    expect(badFormat.stderr).toMatch(/^error: option .*xml.* is invalid.*\n\(add --help for usage\)\n$/);
  });

  it("exits 2 with a message when the paths hold no Python file (a CI typo must not pass)", async () => {
    const root = await project("no-python", { "docs/readme.md": "# not python\n" });
    const result = await runCli(["check", "docs", "--format", "json"], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("seclsp: no Python files found under docs ");
    expect(JSON.parse(result.stdout)).toMatchObject({ findings: [], filesAnalyzed: 0, skipped: [] });
  });

  it("exits 2 on a missing path, names it on stderr, and still reports the others", async () => {
    const result = await runCli(["check", "nope.py", "pkg/app.py"], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("seclsp: cannot read nope.py: not found\n");
    expect(result.stdout).toMatch(/^pkg\/app\.py:5:\d+: /);
    expect(lines(result.stdout).at(-1)).toBe("1 finding in 1 file (1 skipped)");
  });

  it("--version prints the package version; --help exits 0", async () => {
    expect(await runCli(["--version"], root)).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
    const help = await runCli(["check", "--help"], root);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--fail-on");
  });
});

describe("what gets analyzed", SLOW, () => {
  it("skips .venv, node_modules, virtualenvs and gitignored files, and honours --exclude", async () => {
    const root = await project("discovery", {
      ".gitignore": "generated/\n",
      "src/app.py": MD5,
      "src/tests/test_app.py": MD5,
      ".venv/lib/python3.12/site-packages/lib.py": MD5,
      "node_modules/x/y.py": MD5,
      "env/pyvenv.cfg": "home = /usr/bin\n",
      "env/lib/z.py": MD5,
      "generated/gen.py": MD5,
      "legacy/old.py": MD5,
    });
    const result = await runCli(["check", ".", "--exclude", "legacy"], root);
    const files = lines(result.stdout).map((l) => l.split(":")[0]);
    expect(files).toEqual(["src/app.py", "src/tests/test_app.py", "2 findings in 2 files (0 skipped)"]);
  });

  it("bad input: non-UTF-8, oversized, empty, CRLF, tabs, astral characters, syntax errors, suppressions", async () => {
    const latin1 = new Uint8Array([...Buffer.from("# caf"), 0xe9, ...Buffer.from(`\n${MD5}`)]);
    const astral = 'import hashlib\nx = "\u{1F600}\u{1F600}"; h = hashlib.md5(b"")\n';
    const crlf = MD5.replaceAll("\n", "\r\n");
    const tabs = "import hashlib\n\n\ndef digest(data):\n\treturn hashlib.md5(data).hexdigest()\n";
    const big = `${MD5}${"# padding\n".repeat(50)}`;
    const root = await project("bad-input", {
      "astral.py": astral,
      "big.py": big,
      "crlf.py": crlf,
      "empty.py": "",
      "latin1.py": latin1,
      "suppressed.py": MD5.replace("hexdigest()", "hexdigest()  # seclsp: ignore"),
      "syntax.py": `def broken(:\n    pass\n${MD5}`,
      "tabs.py": tabs,
    });
    const result = await runCli(["check", ".", "--max-file-bytes", "200"], root);
    expect(result.stderr).toBe(
      `seclsp: skipped big.py: ${big.length} bytes > maxFileBytes (200)\n` +
        "seclsp: warning: latin1.py: non-UTF-8 bytes replaced (U+FFFD)\n",
    );
    const out = lines(result.stdout);
    expect(out.at(-1)).toMatch(/ in 7 files \(1 skipped\)$/);
    const at = (file: string, text: string) => {
      const { line, col } = lineColOf(text, "hashlib.md5");
      return out.some(
        (l) => l.startsWith(`${file}:${line}:${col}: `) && l.includes("[CWE-327,CWE-328,CWE-916]"),
      );
    };
    expect(lineColOf(astral, "hashlib.md5").col).toBe(17); // each emoji counts 2 UTF-16 units
    expect(at("astral.py", astral)).toBe(true);
    expect(at("crlf.py", crlf)).toBe(true);
    expect(at("tabs.py", tabs)).toBe(true);
    expect(at("latin1.py", `\n${MD5}`)).toBe(true);
    expect(out.some((l) => /^(empty|suppressed|big)\.py:/.test(l))).toBe(false);
    expect(result.code).toBe(1);
  });

  it("handles file names with spaces, quotes, ; and $() without running anything", async () => {
    const names = ["with space.py", 'it\'s "quoted".py', "semi;colon.py", "$(touch pwned).py"];
    const root = await project("names", Object.fromEntries(names.map((n) => [n, MD5])));
    const result = await runCli(["check", ...names, "."], root);
    const out = lines(result.stdout);
    expect(out.at(-1)).toBe("4 findings in 4 files (0 skipped)");
    const reported = out.slice(0, -1).map((l) => l.slice(0, l.indexOf(".py:") + 3));
    expect(reported.sort()).toEqual([...names].sort());
    expect(existsSync(join(root, "pwned"))).toBe(false);
  });
});
