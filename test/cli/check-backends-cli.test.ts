import { mkdir, realpath, symlink, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  databaseInvocations,
  FAKE_CODEQL,
  readInvocationLog,
  removeTempDirs,
  tempDir,
} from "../fakes/fake-codeql-helpers.js";
import { runCli } from "./run-cli.js";

// The built CLI with a `codeql` on PATH (the fake): what a CI job sees. The details are tested
// in-process in test/unit/check/check-backends.test.ts.

const REDIRECT = 'def home():\n    target = "/home"  # fake-codeql: py/url-redirection\n    return target\n';
const MD5 = "import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n";
/** Each spawn compiles ruff's and tree-sitter's wasm: slow on a loaded machine. */
const SLOW = { timeout: 300_000 };

let dir = "";
let root = "";
let env: NodeJS.ProcessEnv = {};
beforeAll(async () => {
  dir = await realpath(await tempDir("seclsp-cli-backends-"));
  await mkdir(join(dir, "bin"));
  await symlink(FAKE_CODEQL, join(dir, "bin", "codeql"));
  root = join(dir, "project");
  await mkdir(join(root, "web"), { recursive: true });
  await writeFile(join(root, "web", "views.py"), REDIRECT);
  await writeFile(join(root, "util.py"), MD5);
  env = {
    ...process.env,
    PATH: `${join(dir, "bin")}${delimiter}${process.env.PATH ?? ""}`,
    XDG_CACHE_HOME: join(dir, "cache"),
  };
});
afterAll(removeTempDirs);

describe("seclsp check finds CodeQL on PATH", SLOW, () => {
  it("2 files → 1 database create; CodeQL's finding in the text report; progress on stderr", async () => {
    const log = join(dir, "run.log");
    const result = await runCli(["check", ".", "--no-bandit"], root, { ...env, FAKE_CODEQL_LOG: log });
    const databases = databaseInvocations(log);
    expect(databases.filter((argv) => argv[1] === "create")).toHaveLength(1);
    expect(result.stdout).toMatch(/^web\/views\.py:2:\d+: \w+ py\/url-redirection \[CWE-601\] /m);
    expect(result.stdout).toMatch(/^util\.py:5:\d+: warning /m);
    expect(result.stderr).toContain("seclsp: CodeQL: creating the database for .…\n");
    expect(result.code).toBe(1);
  });

  it("--no-codeql: no codeql process, embedded findings only", async () => {
    const log = join(dir, "off.log");
    const result = await runCli(["check", ".", "--no-codeql", "--no-bandit"], root, {
      ...env,
      FAKE_CODEQL_LOG: log,
    });
    expect(readInvocationLog(log)).toEqual([]);
    expect(result.stdout).not.toContain("py/url-redirection");
    expect(result.stdout).toMatch(/^util\.py:5:/m);
    expect(result.stderr).toBe("");
  });
});
