import { describe, expect, it } from "vitest";
import {
  ProcessStartError,
  runProcess,
  stderrTail,
} from "../../../../server/src/analysis/external/process-runner.js";
import { waitUntilDead } from "../../../fakes/fake-codeql-helpers.js";

const node = process.execPath;

describe("runProcess", () => {
  it("passes arguments verbatim (no shell) and captures output and exit code", async () => {
    const tricky = "a b; echo $HOME | `x` 'q'";
    const result = await runProcess(node, [
      "-e",
      "process.stdout.write(process.argv[1]); process.stderr.write('e'); process.exit(3)",
      tricky,
    ]);
    expect(result).toMatchObject({
      exitCode: 3,
      stdout: tricky,
      stderr: "e",
      timedOut: false,
      stdoutTruncated: false,
    });
  });

  it("keeps the head of stdout and the tail of stderr within bounds", async () => {
    const script = "process.stdout.write('o'.repeat(5000)); process.stderr.write('x'.repeat(5000) + 'END')";
    const result = await runProcess(node, ["-e", script], { maxStdoutBytes: 100, maxStderrBytes: 50 });
    expect(result.stdout).toBe("o".repeat(100));
    expect(result.stdoutTruncated).toBe(true);
    expect(result.stderr.length).toBe(50);
    expect(result.stderr.endsWith("END")).toBe(true);
  });

  it("kills the process group on timeout, grandchildren included", async () => {
    const script =
      "const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(()=>{},1e6)'], {stdio: 'ignore'});" +
      "process.stdout.write(String(c.pid)); setInterval(()=>{},1e6)";
    const result = await runProcess(node, ["-e", script], { timeoutMs: 700 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe("SIGKILL");
    expect(await waitUntilDead(Number(result.stdout))).toBe(true);
  });

  it("rejects with AbortError and kills the process when the signal aborts", async () => {
    const controller = new AbortController();
    let pid = 0;
    const promise = runProcess(node, ["-e", "setInterval(()=>{},1e6)"], {
      signal: controller.signal,
      onSpawn: (p) => {
        pid = p;
        controller.abort();
      },
    });
    await expect(promise).rejects.toMatchObject({ name: "AbortError" });
    expect(await waitUntilDead(pid)).toBe(true);
  });

  it("rejects immediately for an already aborted signal, and with ProcessStartError for a missing executable", async () => {
    await expect(runProcess(node, ["-e", ""], { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    const error = await runProcess("/nonexistent/tool", []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessStartError);
    expect((error as ProcessStartError).code).toBe("ENOENT");
  });

  it("stderrTail keeps the last non-empty lines", () => {
    expect(stderrTail("a\n\nb\nc\n\n", 2)).toBe("b\nc");
  });
});
