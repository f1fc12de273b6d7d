import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { git, MD5 } from "../unit/check/check-project.js";
import { BIN, REPO_ROOT } from "./run-cli.js";

// The `pre-commit` tool is not installable here (no PyPI), so this runs the hook the way
// pre-commit does: the `entry` split into words, then the hook's args, then the staged files
// that match `files`, with the package's bin on PATH (what `language: node` installs).

interface HookDefinition {
  id: string;
  entry: string;
  language: string;
  files: string;
  args?: string[];
}

let dir = "";
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "seclsp-pre-commit-")));
  await mkdir(join(dir, "bin"));
  await symlink(BIN, join(dir, "bin", "seclsp"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runHook(hook: HookDefinition, files: string[], cwd: string) {
  const [command, ...words] = hook.entry.split(/\s+/);
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      command!,
      [...words, ...(hook.args ?? []), ...files],
      { cwd, env: { ...process.env, PATH: `${join(dir, "bin")}${delimiter}${process.env.PATH ?? ""}` } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

function stagedMatching(repo: string, pattern: string): string[] {
  const regex = new RegExp(pattern);
  return git(repo, "diff", "--cached", "--name-only", "--diff-filter=ACMR")
    .split("\n")
    .filter((name) => name !== "" && regex.test(name));
}

describe(".pre-commit-hooks.yaml", { timeout: 300_000 }, () => {
  it("defines a node hook running `seclsp check` on Python files", async () => {
    const hooks = parse(
      await readFile(join(REPO_ROOT, ".pre-commit-hooks.yaml"), "utf8"),
    ) as HookDefinition[];
    expect(hooks.map((h) => h.id)).toEqual(["seclsp"]);
    const [hook] = hooks;
    expect(hook!.language).toBe("node");
    expect(hook!.entry).toBe("seclsp check");
    const regex = new RegExp(hook!.files);
    expect(["a.py", "pkg/b.pyw"].every((f) => regex.test(f))).toBe(true);
    expect(["a.pyc", "a.py.txt", "README.md"].some((f) => regex.test(f))).toBe(false);
  });

  it("blocks a commit staging a flaw, passes once it is fixed, and honours the project's excludes", async () => {
    const [hook] = parse(
      await readFile(join(REPO_ROOT, ".pre-commit-hooks.yaml"), "utf8"),
    ) as HookDefinition[];
    const repo = join(dir, "repo");
    await mkdir(join(repo, "migrations"), { recursive: true });
    git(repo, "init", "-q");
    await writeFile(join(repo, "pyproject.toml"), '[tool.seclsp]\nexclude = ["migrations/**"]\n');
    await writeFile(join(repo, "app.py"), MD5);
    await writeFile(join(repo, "clean.py"), "x = 1\n");
    await writeFile(join(repo, "migrations", "0001.py"), MD5);
    await writeFile(join(repo, "notes.txt"), "hashlib.md5(x)\n");
    git(repo, "add", "-A");

    const staged = stagedMatching(repo, hook!.files);
    expect(staged.sort()).toEqual(["app.py", "clean.py", "migrations/0001.py"]);
    const blocked = await runHook(hook!, staged, repo);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(/^app\.py:5:12: \S+ py\/weak-sensitive-data-hashing/m);
    expect(blocked.stdout).not.toMatch(/migrations/);

    await writeFile(join(repo, "app.py"), MD5.replace("md5(data)", "sha256(data)"));
    git(repo, "add", "app.py");
    const passed = await runHook(hook!, stagedMatching(repo, hook!.files), repo);
    expect(passed.stderr).toBe("");
    expect(passed.code).toBe(0);

    // Only excluded files staged: nothing to report, the commit goes through.
    const onlyExcluded = await runHook(hook!, ["migrations/0001.py"], repo);
    expect(onlyExcluded.code).toBe(0);
  });
});
