import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type * as sarif from "sarif";
import { afterAll, describe, expect, it } from "vitest";
import { FAKE_CODEQL, removeTempDirs, tempDir } from "../../../fakes/fake-codeql-helpers.js";

afterAll(removeTempDirs);

/** Run the fake like a user would; resolves with exit code and output (never rejects). */
function codeql(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(FAKE_CODEQL, args, { cwd }, (error, stdout, stderr) => {
      const code = error ? Number((error as NodeJS.ErrnoException & { code?: unknown }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the fake codeql validates its arguments like the real CLI", () => {
  it("rejects unknown options and missing required ones with exit 2 and a usage line", async () => {
    const dir = await tempDir();
    const unknown = await codeql(["database", "create", "db", "--language=python", "--frobnicate"], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown option: '--frobnicate'\nUsage: codeql database create/);
    const missing = await codeql(["database", "create", "db"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Missing required option: '--language");
    const noFormat = await codeql(["database", "analyze", "db", "--output=x.sarif"], dir);
    expect(noFormat.stderr).toContain("Missing required option: '--format");
  });

  it("reports fatal errors, exit 32 for no Python code, and protects existing databases", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, "empty"));
    const noCode = await codeql(
      ["database", "create", "db", "--language=python", "--source-root", "empty"],
      dir,
    );
    expect(noCode.code).toBe(32);
    expect(noCode.stderr).toMatch(
      /^A fatal error occurred: CodeQL did not detect any code written in Python/m,
    );
    const notDb = await codeql(
      ["database", "analyze", "empty", "--format=sarif-latest", "--output=o.sarif"],
      dir,
    );
    expect(notDb.code).toBe(2);
    expect(notDb.stderr).toContain("is not a recognized CodeQL database");
    await mkdir(path.join(dir, "src"));
    await writeFile(path.join(dir, "src", "a.py"), "x = 1\n");
    expect((await codeql(["database", "create", "db", "--language=python", "-s", "src"], dir)).code).toBe(0);
    const again = await codeql(["database", "create", "db", "--language=python", "-s", "src"], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("exists and is not an empty directory");
    expect(
      (await codeql(["database", "create", "db", "--language=python", "-s", "src", "--overwrite"], dir)).code,
    ).toBe(0);
  });

  it("writes SARIF in CodeQL's real shape", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, "src", "pkg"), { recursive: true });
    await writeFile(
      path.join(dir, "src", "pkg", "a.py"),
      'q = request.args["q"]\nx = "😀"; cur.execute(q)  # fake-codeql: py/sql-injection source=1\n',
    );
    await codeql(["database", "create", "db", "--language=python", "--source-root=src"], dir);
    const out = await codeql(
      [
        "database",
        "analyze",
        "db",
        "codeql/python-queries:codeql-suites/python-security-extended.qls",
        "--format=sarif-latest",
        "-o",
        "r.sarif",
      ],
      dir,
    );
    expect(out.code).toBe(0);
    const log = JSON.parse(await readFile(path.join(dir, "r.sarif"), "utf8")) as sarif.Log;
    const run = log.runs[0]!;
    expect(run.tool.driver.rules).toEqual([]);
    expect(run.columnKind).toBe("unicodeCodePoints");
    const [result] = run.results!;
    const rule = run.tool.extensions![result!.rule!.toolComponent!.index!]!.rules![result!.rule!.index!]!;
    expect(rule.id).toBe("py/sql-injection");
    expect(rule.properties!["security-severity"]).toBe("8.8");
    const location = result!.locations![0]!.physicalLocation!;
    expect(location.artifactLocation).toMatchObject({ uri: "pkg/a.py", uriBaseId: "%SRCROOT%" });
    // Code points: the emoji counts once.
    expect(location.region).toEqual({ startLine: 2, startColumn: 1, endColumn: 24 });
    expect(result!.message.text).toBe("This SQL query depends on a [user-provided value](1).");
    expect(result!.codeFlows![0]!.threadFlows[0]!.locations).toHaveLength(2);
    expect(result!.relatedLocations![0]!.id).toBe(1);
  });
});
