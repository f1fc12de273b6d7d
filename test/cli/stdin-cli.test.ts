import { spawn } from "node:child_process";
import { mkdtemp, readdir, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MD5, writeFiles } from "../unit/check/check-project.js";
import { BIN } from "./run-cli.js";

let dir = "";
beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "seclsp-stdin-")));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runWithStdin(args: string[], cwd: string, input: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("seclsp check - (unsaved buffer on stdin)", { timeout: 300_000 }, () => {
  it("analyzes stdin as --stdin-filename, in the requested format, and writes no file", async () => {
    const root = await writeFiles(join(dir, "proj"), { ".seclsp.toml": 'threat-model = "remote"\n' });
    const result = await runWithStdin(
      ["check", "-", "--stdin-filename", "pkg/buffer.py", "--format", "github"],
      root,
      MD5,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::warning file=pkg\/buffer\.py,line=5,col=12,.*hashing/);
    // The buffer's path need not exist, and nothing is written next to it.
    expect((await readdir(root)).sort()).toEqual([".seclsp.toml"]);
  });
});
