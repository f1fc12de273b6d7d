import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as sarif from "sarif";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { check, findingLines, git, MD5, PICKLE, writeFiles } from "./check-project.js";

let dir = "";
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "seclsp-baseline-")));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TWO_FUNCTIONS = `import hashlib
import pickle


def digest(data):
    return hashlib.md5(data).hexdigest()


def load(blob):
    return pickle.loads(blob)
`;

describe("seclsp check --baseline", { timeout: 180_000 }, () => {
  it("reports only findings not in the baseline, also after code moved and lines were inserted", async () => {
    const root = await writeFiles(join(dir, "moved"), { "app/m.py": TWO_FUNCTIONS, "app/other.py": MD5 });
    const made = await check(root, { format: "sarif", output: "baseline.sarif" });
    expect(made.code).toBe(1);
    const log = JSON.parse(await readFile(join(root, "baseline.sarif"), "utf8")) as sarif.Log;
    expect(log.runs[0]!.results).toHaveLength(3);

    // Swap the functions, add a module docstring and reformat: the same three findings.
    const moved = `"""Refactored."""\nimport pickle\nimport hashlib\n\n\ndef load(blob):\n    return pickle.loads(blob)\n\n\ndef digest(\n    data,\n):\n    return hashlib.md5(data).hexdigest()\n`;
    await writeFile(join(root, "app/m.py"), moved);
    const same = await check(root, { baseline: "baseline.sarif" });
    expect(findingLines(same.stdout)).toEqual([]);
    expect(same.code).toBe(0);
    expect(same.stderr).toMatch(/3 known findings \(in the baseline\) not reported/);

    // A new copy of a known flaw in the same function is new (occurrence 2), and so is a new file.
    await writeFile(
      join(root, "app/m.py"),
      moved.replace("    return pickle.loads(blob)", "    pickle.loads(blob)\n    return pickle.loads(blob)"),
    );
    await writeFile(join(root, "app/new.py"), PICKLE);
    const fresh = await check(root, { baseline: "baseline.sarif" });
    const lines = findingLines(fresh.stdout);
    expect(lines.map((l) => l.split(":")[0]).sort()).toEqual(["app/m.py", "app/new.py"]);
    expect(fresh.code).toBe(1);
  });

  it("matches a baseline made in another checkout location (paths are relative to its root)", async () => {
    const first = await writeFiles(join(dir, "checkout-a"), { "src/m.py": MD5 });
    await check(first, { format: "sarif", output: "base.sarif" });
    const second = await writeFiles(join(dir, "checkout-b"), { "src/m.py": `# moved\n${MD5}` });
    const result = await check(second, { baseline: join(first, "base.sarif") });
    expect(findingLines(result.stdout)).toEqual([]);
    expect(result.code).toBe(0);
    // From a sub-folder the report paths are shorter, but the suffix still matches.
    const fromSub = await check(join(second, "src"), { baseline: join(first, "base.sarif") });
    expect(findingLines(fromSub.stdout)).toEqual([]);
  });

  it("refuses a baseline that is not SARIF, not 2.1.0, or from another tool: clear error, exit 2", async () => {
    const root = await writeFiles(join(dir, "bad-baseline"), {
      "m.py": MD5,
      "notjson.sarif": "<xml/>",
      "old.sarif": JSON.stringify({ version: "1.0.0", runs: [] }),
      "other.sarif": JSON.stringify({
        version: "2.1.0",
        runs: [
          {
            tool: { driver: { name: "CodeQL" } },
            results: [{ ruleId: "x", message: { text: "m" }, locations: [] }],
          },
        ],
      }),
      "forged.sarif": JSON.stringify({
        version: "2.1.0",
        runs: [{ tool: { driver: { name: "seclsp" } }, results: [{ ruleId: "x", message: { text: "m" } }] }],
      }),
    });
    const cases: Array<[string, RegExp]> = [
      ["notjson.sarif", /is not JSON/],
      ["old.sarif", /SARIF version 1\.0\.0, not 2\.1\.0/],
      ["other.sarif", /written by CodeQL, not by seclsp/],
      ["forged.sarif", /without a seclsp fingerprint/],
      ["missing.sarif", /cannot read baseline/],
      [".", /cannot read baseline .*not a regular file/],
      ["fifo.sarif", /cannot read baseline .*not a regular file/],
    ];
    execFileSync("mkfifo", [join(root, "fifo.sarif")]);
    for (const [file, message] of cases) {
      const result = await check(root, { baseline: file });
      expect(result.code, file).toBe(2);
      expect(result.stderr, file).toMatch(message);
      expect(result.stdout, file).toBe("");
    }
  });
});

describe("seclsp check --new-since", { timeout: 180_000 }, () => {
  it("reports only findings on lines changed since the ref (and in untracked files)", async () => {
    const root = await writeFiles(join(dir, "git"), { "m.py": MD5, "keep.py": PICKLE });
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "initial");
    const unchanged = await check(root, { newSince: "HEAD" });
    expect(findingLines(unchanged.stdout)).toEqual([]);
    expect(unchanged.code).toBe(0);

    await writeFile(
      join(root, "m.py"),
      `${MD5}\n\ndef again(data):\n    return hashlib.md5(data).digest()\n`,
    );
    await writeFile(join(root, "untracked.py"), PICKLE);
    const changed = await check(root, { newSince: "HEAD" });
    const lines = findingLines(changed.stdout);
    expect(lines.map((l) => l.split(":").slice(0, 2).join(":")).sort()).toEqual(["m.py:9", "untracked.py:5"]);
    expect(changed.code).toBe(1);
  });

  it("works through a symlinked checkout (git reports real paths)", async () => {
    const root = await writeFiles(join(dir, "git-real"), { "m.py": "x = 1\n" });
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "initial");
    await writeFile(join(root, "m.py"), `x = 1\n${MD5}`);
    const link = join(dir, "git-link");
    await symlink(root, link);
    const result = await check(link, { newSince: "HEAD" });
    expect(findingLines(result.stdout).map((l) => l.split(":").slice(0, 2).join(":"))).toEqual(["m.py:6"]);
  });

  it("handles file names git quotes: spaces, quotes, newlines, non-ASCII", async () => {
    const names = ["a b.py", 'q"x.py', "n\nl.py", "é.py", "tab\there.py"];
    const root = await writeFiles(
      join(dir, "git-names"),
      Object.fromEntries(names.map((n) => [n, "x = 1\n"])),
    );
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "initial");
    for (const name of names) await writeFile(join(root, name), `x = 1\n${MD5}`);
    const result = await check(root, { newSince: "HEAD", format: "json" });
    const report = JSON.parse(result.stdout) as { findings: Array<{ file: string; line: number }> };
    expect(report.findings.map((f) => f.file).sort()).toEqual([...names].sort());
    expect(report.findings.every((f) => f.line === 6)).toBe(true);
    expect(result.code).toBe(1);
  });

  it("a ref that does not exist, and a folder outside git: clear errors, exit 2", async () => {
    const repo = await writeFiles(join(dir, "git-bad-ref"), { "m.py": MD5 });
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "initial");
    const badRef = await check(repo, { newSince: "no-such-branch" });
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/git revision 'no-such-branch' does not exist/);
    // An option-looking ref is not passed to git as an option.
    const optionRef = await check(repo, { newSince: "--output=/tmp/x" });
    expect(optionRef.code).toBe(2);
    expect(optionRef.stderr).toMatch(/is not a git revision/);

    const plain = await realpath(await mkdtemp(join(tmpdir(), "seclsp-not-git-")));
    try {
      await writeFiles(plain, { "m.py": MD5 });
      const result = await check(plain, { newSince: "HEAD" });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/is not inside a git repository/);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });
});
