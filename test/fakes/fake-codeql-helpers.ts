import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the fake CodeQL CLI (test/fakes/codeql). */
export const FAKE_CODEQL = fileURLToPath(new URL("./codeql", import.meta.url));

export interface InvocationLogEntry {
  pid: number;
  argv?: string[];
  event?: string;
  child?: number;
}

const created: string[] = [];

/** A fresh temporary directory, removed by `removeTempDirs()` (call it in afterAll). */
export async function tempDir(prefix = "seclsp-test-"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Invocations recorded through FAKE_CODEQL_LOG. */
export function readInvocationLog(file: string): InvocationLogEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as InvocationLogEntry);
}

/** `database create` / `database analyze` invocations (what costs time with the real CLI). */
export function databaseInvocations(file: string): string[][] {
  return readInvocationLog(file)
    .map((entry) => entry.argv ?? [])
    .filter((argv) => argv[0] === "database");
}

/** Alive = exists and is not a zombie (a reparented zombie is dead for our purposes). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** Poll until the pid is gone (killing is asynchronous at the OS level); false if still alive. */
export async function waitUntilDead(pid: number, attempts = 50): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}
