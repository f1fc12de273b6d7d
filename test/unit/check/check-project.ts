import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { type CheckOptions, runCheck } from "../../../server/src/check/run-check.js";
import { CollectStream } from "./collect-stream.js";

export const MD5 = "import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n";
export const PICKLE = "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n";

/** Write `files` (relative path → content) under `root`. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<string> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
  return root;
}

export interface CheckRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** runCheck in-process with collected output; `stdin` feeds `seclsp check -`. */
export async function check(cwd: string, options: Partial<CheckOptions>, stdin?: string): Promise<CheckRun> {
  const stdout = new CollectStream();
  const stderr = new CollectStream();
  const code = await runCheck(
    { paths: ["."], format: "text", failOn: "warning", ...options },
    { stdout, stderr, cwd, ...(stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(stdin)]) }) },
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The finding lines of a text report (the summary line dropped). */
export function findingLines(stdout: string): string[] {
  return stdout.split("\n").filter((line) => /^\S+:\d+:\d+: /.test(line));
}

/** Run git with an argument array in `cwd` (identity and hooks fixed so the test is hermetic). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "core.hooksPath=/dev/null", ...args],
    { cwd, encoding: "utf8" },
  );
}
