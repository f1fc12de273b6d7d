import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = fileURLToPath(new URL("../../bin/seclsp.js", import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (`node bin/seclsp.js ...`) with an argument array — no shell. */
export function runCli(args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<CliResult> {
  if (!existsSync(new URL("../../dist/cli.js", import.meta.url))) {
    throw new Error("dist/cli.js is missing: run `npm run build` first (npm test does)");
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...(env !== undefined ? { env } : {}) },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** 1-based line and UTF-16 column of the first occurrence of `needle`, as the text report prints them. */
export function lineColOf(text: string, needle: string): { line: number; col: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, index).split(/\r\n|\r|\n/);
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}
