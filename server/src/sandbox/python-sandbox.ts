import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import { bwrapArgv } from "./bwrap-command.js";
import { type HarnessName, harnessSource } from "./harness-source.js";
import { createHostWorkdir } from "./host-workdir.js";
import type { IsolationPlan } from "./isolation.js";
import type { SandboxLimits } from "./sandbox-limits.js";
import { SANDBOX_WORKDIR, SEARCH_PATH, sandboxEnv } from "./sandbox-mounts.js";
import { confineSpec, unshareArgv } from "./unshare-command.js";

export interface SandboxRun {
  /** JSON records the script wrote to fd 3 after its `ready` record. */
  records: Record<string, unknown>[];
  /** Set when the sandbox never got to run the script (no `ready`): ours to fix, not the code's. */
  setupError?: string;
  timedOut: boolean;
  outputLimitHit: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Debian's interpreter sees python3-lxml & co.; a pyenv/venv python3 on PATH may not. */
export function defaultPython(): string {
  return process.env.SECLSP_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
}

/**
 * Run one of our harness scripts under `plan` with `request` on stdin. Results come only over
 * fd 3 (a pipe of ours); stdout is discarded, so nothing printed counts as a result.
 */
export async function runSandboxedPython(
  script: HarnessName,
  request: Record<string, unknown>,
  plan: IsolationPlan,
  limits: SandboxLimits,
  options: { python?: string; signal?: AbortSignal } = {},
): Promise<SandboxRun> {
  const python = options.python ?? defaultPython();
  const source = harnessSource(script);
  if (plan.tool !== "none") {
    const isolated = { ...request, workdir: SANDBOX_WORKDIR, limits };
    if (plan.tool === "bwrap") {
      // bwrap clears the environment itself; setpriv/bwrap only need PATH to be found.
      const argv = bwrapArgv(python, source, limits, plan.runAs);
      return spawnAndCollect(argv, "/", { PATH: SEARCH_PATH }, isolated, limits, options.signal);
    }
    // unshare passes its environment on: give it only the sandbox's (PATH finds unshare too).
    const argv = unshareArgv(python, source, plan.runAs);
    const env = { ...sandboxEnv(SANDBOX_WORKDIR), PATH: SEARCH_PATH };
    const confined = { ...isolated, confine: confineSpec(python, limits) };
    return spawnAndCollect(argv, "/", env, confined, limits, options.signal);
  }
  let workdir: string;
  try {
    workdir = await createHostWorkdir();
  } catch (error) {
    return setupFailure(
      `cannot create a work dir: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    const argv = [python, "-I", "-c", source];
    return await spawnAndCollect(
      argv,
      workdir,
      sandboxEnv(workdir),
      { ...request, workdir, limits },
      limits,
      options.signal,
    );
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
}

function setupFailure(reason: string): SandboxRun {
  return {
    records: [],
    setupError: reason,
    timedOut: false,
    outputLimitHit: false,
    exitCode: null,
    signal: null,
    stderr: "",
  };
}

function spawnAndCollect(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  request: Record<string, unknown>,
  limits: SandboxLimits,
  signal?: AbortSignal,
): Promise<SandboxRun> {
  return new Promise((resolve) => {
    const [command, ...args] = argv as [string, ...string[]];
    const child = spawn(command, args, {
      cwd,
      env,
      detached: true,
      stdio: ["pipe", "ignore", "pipe", "pipe"],
    });
    let results = "";
    let stderr = "";
    let bytes = 0;
    let timedOut = false;
    let outputLimitHit = false;
    let spawnError: string | undefined;
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, limits.wallMs);
    const onAbort = () => killGroup();
    signal?.addEventListener("abort", onAbort, { once: true });
    const count = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limits.outputBytes) {
        outputLimitHit = true;
        killGroup();
        return false;
      }
      return true;
    };
    (child.stdio[3] as Readable).on("data", (chunk: Buffer) => {
      if (count(chunk)) results += chunk.toString("utf8");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      if (count(chunk) && stderr.length < 16_384) stderr += chunk.toString("utf8");
    });
    child.on("error", (error) => {
      spawnError = error.message;
    });
    child.stdin?.on("error", () => {});
    child.stdin?.end(JSON.stringify(request));
    child.on("close", (exitCode, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      const lines = parseLines(results);
      const ready = lines[0]?.ready === true;
      const tail = stderr.trim().split("\n").slice(-3).join(" | ");
      resolve({
        records: ready ? lines.slice(1) : [],
        setupError: ready
          ? undefined
          : `sandbox did not start: ${spawnError ?? (timedOut ? "timed out" : tail || `exit ${exitCode ?? exitSignal}`)}`,
        timedOut,
        outputLimitHit,
        exitCode,
        signal: exitSignal,
        stderr: stderr.slice(-4000),
      });
    });
  });
}

function parseLines(text: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        records.push(value as Record<string, unknown>);
      }
    } catch {
      // a torn last line when the process was killed mid-write
    }
  }
  return records;
}
