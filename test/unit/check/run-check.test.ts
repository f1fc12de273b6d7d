import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportSink } from "../../../server/src/check/report-sink.js";
import { type CheckOptions, runCheck } from "../../../server/src/check/run-check.js";
import { CollectStream } from "./collect-stream.js";

const MD5 = "import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n";

let dir = "";
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "seclsp-run-check-")));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function project(name: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, name);
  await mkdir(root, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
  return root;
}

async function check(cwd: string, options: Partial<CheckOptions>) {
  const stdout = new CollectStream();
  const stderr = new CollectStream();
  const code = await runCheck(
    { paths: ["."], format: "text", failOn: "warning", ...options },
    { stdout, stderr, cwd },
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
}

// The first test of a worker pays for compiling the ruff and tree-sitter wasm: slow on a busy machine.
describe("runCheck", { timeout: 120_000 }, () => {
  it("reports files in discovery order although reads run ahead of the analysis", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`m${String(i).padStart(2, "0")}/f.py`] = i % 3 === 0 ? MD5 : "x = 1\n";
    const root = await project("order", files);
    const result = await check(root, {});
    const reported = result.stdout
      .trim()
      .split("\n")
      .slice(0, -1)
      .map((l) => l.split(":")[0]);
    expect(reported).toEqual(Array.from({ length: 10 }, (_, i) => `m${String(i * 3).padStart(2, "0")}/f.py`));
    expect(result.stdout.trim().split("\n").at(-1)).toBe("10 findings in 30 files (0 skipped)");
  });

  it("reads settings from --config (bare or under `seclsp`), warns about bad values and keeps defaults", async () => {
    const root = await project("config", {
      "app.py": MD5,
      "gen/x.py": MD5,
      "bare.json": JSON.stringify({ exclude: ["gen"], maxFileBytes: "big" }),
      "wrapped.json": JSON.stringify({
        seclsp: { exclude: ["app.py"], embedded: { ignoreRules: ["S324"] } },
      }),
    });
    const bare = await check(root, { config: "bare.json" });
    expect(bare.stderr).toMatch(/^seclsp: warning: seclsp\.maxFileBytes: .*\(default kept\)\n$/);
    expect(bare.stdout).toMatch(/^app\.py:5:\d+: .*\n1 finding in 1 file \(0 skipped\)\n$/);
    const wrapped = await check(root, { config: "wrapped.json" });
    expect(wrapped).toEqual({ code: 0, stdout: "0 findings in 1 file (0 skipped)\n", stderr: "" });
  });

  it("merges --exclude with the config's exclude, and --no-gitignore brings ignored files back", async () => {
    const root = await project("exclude", {
      ".gitignore": "ignored.py\n",
      "a.py": MD5,
      "b.py": MD5,
      "ignored.py": MD5,
      "cfg.json": JSON.stringify({ exclude: ["a.py"] }),
    });
    const names = (stdout: string) =>
      stdout
        .trim()
        .split("\n")
        .slice(0, -1)
        .map((l) => l.split(":")[0]);
    expect(names((await check(root, { config: "cfg.json", exclude: ["b.py"] })).stdout)).toEqual([]);
    expect(names((await check(root, { gitignore: false })).stdout)).toEqual(["a.py", "b.py", "ignored.py"]);
  });

  it("exits 2 when nothing could be read, and 0 when only oversized files were skipped", async () => {
    const root = await project("unreadable", { "big.py": MD5 });
    execFileSync("mkfifo", [join(root, "pipe.py")]);
    const fifo = await check(root, { paths: ["pipe.py"] });
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toBe("seclsp: cannot read pipe.py: not a regular file\n");
    expect(fifo.stdout).toBe("0 findings in 0 files (1 skipped)\n");
    // A FIFO inside a folder is not a Python file at all: not discovered, never opened.
    const folder = await check(root, { maxFileBytes: 10 });
    expect(folder).toEqual({
      code: 0,
      stdout: "0 findings in 0 files (1 skipped)\n",
      stderr: `seclsp: skipped big.py: ${MD5.length} bytes > maxFileBytes (10)\n`,
    });
  });

  it("skips a binary .py (NUL bytes) without analyzing it, and still analyzes the others", async () => {
    const root = await project("binary", { "app.py": MD5 });
    // A real binary with a .py name: NUL bytes between code-looking text that would be flagged.
    await writeFile(join(root, "x.py"), Buffer.concat([Buffer.from(MD5), Buffer.from([0, 0, 1, 2])]));
    const text = await check(root, {});
    expect(text.stderr).toBe("seclsp: skipped x.py: binary (contains NUL bytes)\n");
    expect(text.stdout).toMatch(/^app\.py:5:\d+: .*\n1 finding in 1 file \(1 skipped\)\n$/);
    expect(text.code).toBe(1);
    const json = JSON.parse((await check(root, { format: "json" })).stdout);
    expect(json.filesAnalyzed).toBe(1);
    expect(json.skipped).toEqual([{ file: "x.py", reason: "binary (contains NUL bytes)" }]);
    expect(json.findings.map((f: { file: string }) => f.file)).toEqual(["app.py"]);
    const only = await check(root, { paths: ["x.py"] });
    expect(only).toEqual({
      code: 0,
      stdout: "0 findings in 0 files (1 skipped)\n",
      stderr: "seclsp: skipped x.py: binary (contains NUL bytes)\n",
    });
  });

  it("exits 2 when no Python file is found (empty folder, only other files, everything excluded)", async () => {
    const root = await project("no-python", { "docs/readme.md": "# hi\n", "src/app.py": MD5 });
    await mkdir(join(root, "empty"));
    for (const [paths, exclude] of [
      [["empty"], []],
      [["docs"], []],
      [["src"], ["app.py"]],
    ] as const) {
      const result = await check(root, { paths: [...paths], exclude: [...exclude] });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `seclsp: no Python files found under ${paths[0]} (*.py, *.pyw; after .gitignore and --exclude)\n`,
      );
      expect(result.stdout).toBe("0 findings in 0 files (0 skipped)\n");
    }
    // The same folder with its Python file is fine: the exit code follows the findings.
    expect((await check(root, { paths: ["src"] })).code).toBe(1);
  });

  it("--threat-model and a disabled embedded analyzer are honoured", async () => {
    const root = await project("disabled", {
      "app.py": MD5,
      "off.json": JSON.stringify({ embedded: { enabled: false } }),
    });
    const off = await check(root, { config: "off.json" });
    expect(off.stderr).toBe(
      "seclsp: warning: every analyzer is disabled in the configuration; nothing is analyzed\n",
    );
    expect(off.stdout).toBe("0 findings in 1 file (0 skipped)\n");
    expect(off.code).toBe(0);
    for (const threatModel of ["remote", "local", "library"] as const) {
      expect((await check(root, { threatModel })).code).toBe(1); // pattern rules fire in every model
    }
  });

  it("json and sarif put only the document on stdout", async () => {
    const root = await project("docs", { "app.py": MD5 });
    for (const format of ["json", "sarif"] as const) {
      const result = await check(root, { format });
      expect(() => JSON.parse(result.stdout)).not.toThrow();
      expect(result.stderr).toBe("seclsp: 1 finding in 1 file (0 skipped)\n");
    }
  });
});

describe("ReportSink", () => {
  it("turns writes after the reader went away (EPIPE) into no-ops", async () => {
    let writes = 0;
    const broken = new Writable({
      write(_chunk, _encoding, done) {
        writes++;
        done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      },
    });
    const sink = new ReportSink(broken);
    await sink.write("first\n");
    await new Promise((resolve) => setImmediate(resolve));
    await sink.write("second\n");
    await sink.end();
    expect(writes).toBe(1);
  });
});
