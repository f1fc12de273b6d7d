import { spawn } from "node:child_process";

/**
 * Run an external tool with an argument array (never a shell), a timeout and an AbortSignal.
 * The child gets its own process group (`detached`), so cancel/timeout kill the whole tree —
 * CodeQL's launcher starts a JVM, and killing only the launcher would leave it running.
 */

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the process group after this long; the result then has `timedOut: true`. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Bytes of stdout kept (the head); more sets `stdoutTruncated`. Default 64 MiB. */
  maxStdoutBytes?: number;
  /** Bytes of stderr kept (the tail, where the error usually is). Default 64 KiB. */
  maxStderrBytes?: number;
  /** Called with the child's pid right after it starts (tests use it to check for leftovers). */
  onSpawn?: (pid: number) => void;
}

export interface RunResult {
  /** null when the process was killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  timedOut: boolean;
  durationMs: number;
}

/** The executable could not be started (missing, not executable). */
export class ProcessStartError extends Error {
  constructor(
    readonly command: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`cannot start ${command}: ${code ?? String(cause)}`, { cause });
    this.name = "ProcessStartError";
  }
}

/** Thrown when `signal` aborts; the process group has been killed. */
export class ProcessCancelledError extends Error {
  constructor(readonly command: string) {
    super(`${command} was cancelled`);
    this.name = "AbortError";
  }
}

export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const maxStdout = options.maxStdoutBytes ?? 64 * 1024 * 1024;
  const maxStderr = options.maxStderrBytes ?? 64 * 1024;
  const started = Date.now();
  return new Promise<RunResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new ProcessCancelledError(command));
      return;
    }
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      shell: false,
      windowsHide: true,
    });
    const stdout = new HeadBuffer(maxStdout);
    const stderr = new TailBuffer(maxStderr);
    let timedOut = false;
    let cancelled = false;
    let settled = false;

    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Group already gone; fall back to the direct child in case it was not a group leader.
        child.kill("SIGKILL");
      }
    };
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            killGroup();
          }, options.timeoutMs)
        : undefined;
    const onAbort = () => {
      cancelled = true;
      killGroup();
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    };

    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("spawn", () => {
      if (child.pid !== undefined) options.onSpawn?.(child.pid);
    });
    child.once("error", (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(new ProcessStartError(command, error.code, error));
    });
    child.once("close", (exitCode, signal) => {
      if (settled) return;
      settled = true;
      cleanup();
      // Grandchildren may still hold the group alive after the leader exits on its own.
      if (timedOut || cancelled) killGroup();
      if (cancelled && !timedOut) {
        reject(new ProcessCancelledError(command));
        return;
      }
      resolve({
        exitCode,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        stdoutTruncated: stdout.truncated,
        timedOut,
        durationMs: Date.now() - started,
      });
    });
  });
}

/** The last `lines` non-empty lines of a tool's stderr, for error messages. */
export function stderrTail(stderr: string, lines = 8): string {
  return stderr
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .slice(-lines)
    .join("\n");
}

class HeadBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    if (this.size >= this.limit) {
      this.truncated = true;
      return;
    }
    const room = this.limit - this.size;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length < chunk.length) this.truncated = true;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size > this.limit * 2) this.compact();
  }

  private compact(): void {
    const all = Buffer.concat(this.chunks);
    const tail = all.subarray(Math.max(0, all.length - this.limit));
    this.chunks = [tail];
    this.size = tail.length;
  }

  text(): string {
    this.compact();
    return Buffer.concat(this.chunks).toString("utf8");
  }
}
