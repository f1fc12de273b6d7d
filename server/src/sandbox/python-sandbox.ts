import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { harnessPath } from "./harness-path.js";

export interface SandboxLimits {
  /** Wall-clock limit for the whole process; on expiry the process group is SIGKILLed. */
  wallMs: number;
  memoryMb: number;
  cpuSeconds: number;
  /** Largest file the candidate may write (RLIMIT_FSIZE). */
  fileMb: number;
  processes: number;
  /** Bytes of stdout we read before killing the process. */
  outputBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  wallMs: 30_000,
  memoryMb: 1024,
  cpuSeconds: 20,
  fileMb: 16,
  processes: 64,
  outputBytes: 1_000_000,
};

export interface Isolation {
  network: boolean;
  filesystem: boolean;
  /** Why isolation is partial, for the report. */
  note?: string;
}

export interface SandboxRun {
  /** Result records the harness emitted (nonce-checked). */
  records: Record<string, unknown>[];
  timedOut: boolean;
  outputLimitHit: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  isolation: Isolation;
}

const NOBODY = 65534;

let isolationProbe: Isolation | undefined;

/** Namespaces need root and a working `unshare`; probe once per process. */
export function availableIsolation(): Isolation {
  if (isolationProbe) return isolationProbe;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root) {
    isolationProbe = {
      network: false,
      filesystem: false,
      note: "not running as root: network and filesystem not isolated",
    };
    return isolationProbe;
  }
  const probe = spawnSync("unshare", ["--net", "--mount", "--pid", "--fork", "--", "true"], {
    timeout: 5000,
  });
  isolationProbe =
    probe.status === 0
      ? { network: true, filesystem: true }
      : {
          network: false,
          filesystem: false,
          note: "unshare unavailable: network and filesystem not isolated",
        };
  return isolationProbe;
}

/** Debian's interpreter sees python3-lxml & co.; a pyenv/venv python3 on PATH may not. */
export function defaultPython(): string {
  return process.env.SECLSP_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
}

/**
 * Run the test-case harness on one request in a fresh temporary directory, with a cleared
 * environment, resource limits, and — when possible — no network and a read-only filesystem
 * outside that directory. The directory is removed afterwards.
 */
export async function runHarness(
  request: Record<string, unknown>,
  limits: SandboxLimits = DEFAULT_LIMITS,
  options: { python?: string; signal?: AbortSignal } = {},
): Promise<SandboxRun> {
  const isolation = availableIsolation();
  const workdir = await mkdtemp(join(tmpdir(), "seclsp-sandbox-"));
  try {
    if (isolation.filesystem) await chown(workdir, NOBODY, NOBODY);
    const nonce = randomBytes(12).toString("hex");
    const payload = JSON.stringify({
      ...request,
      nonce,
      workdir,
      limits,
      isolate: isolation.filesystem ? { workdir, uid: NOBODY } : undefined,
    });
    const python = options.python ?? defaultPython();
    const argv = isolation.network
      ? ["unshare", "--net", "--mount", "--pid", "--fork", "--", python, "-I", harnessPath()]
      : [python, "-I", harnessPath()];
    return await spawnAndCollect(argv, payload, nonce, workdir, limits, isolation, options.signal);
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
}

function spawnAndCollect(
  argv: string[],
  payload: string,
  nonce: string,
  workdir: string,
  limits: SandboxLimits,
  isolation: Isolation,
  signal?: AbortSignal,
): Promise<SandboxRun> {
  return new Promise((resolve) => {
    const [command, ...args] = argv as [string, ...string[]];
    const child = spawn(command, args, {
      cwd: workdir,
      // No API keys or anything else from our environment reaches model-written code.
      env: {
        PATH: "/usr/local/bin:/usr/bin:/bin",
        HOME: workdir,
        TMPDIR: workdir,
        LANG: "C.UTF-8",
        PYTHONDONTWRITEBYTECODE: "1",
      },
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stdoutBytes = 0;
    let stderr = "";
    let timedOut = false;
    let outputLimitHit = false;
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
    child.stdout.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > limits.outputBytes) {
        outputLimitHit = true;
        killGroup();
        return;
      }
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 16_384) stderr += chunk.toString("utf8");
    });
    child.stdin.on("error", () => {});
    child.stdin.end(payload);
    child.on("close", (exitCode, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve({
        records: parseRecords(stdout, nonce),
        timedOut,
        outputLimitHit,
        exitCode,
        signal: exitSignal,
        stderr: stderr.slice(-4000),
        isolation,
      });
    });
  });
}

function parseRecords(stdout: string, nonce: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(`${nonce} `)) continue;
    try {
      records.push(JSON.parse(line.slice(nonce.length + 1)) as Record<string, unknown>);
    } catch {
      // a torn last line when the process was killed mid-write
    }
  }
  return records;
}
