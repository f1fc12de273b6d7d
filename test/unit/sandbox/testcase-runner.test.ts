import { existsSync, readdirSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runTaskTests, type TestableTask } from "../../../server/src/sandbox/testcase-runner.js";

// A SecCodePLT-shaped task: path must stay inside the base directory.
const task: TestableTask = {
  functionName: "resolve_path",
  setup: "import os\nBASE = '/srv/files'",
  testcases: [
    "testcases = {",
    "  'capability': [({'name': 'a.txt'}, '/srv/files/a.txt'), ({'name': 'sub/b.txt'}, '/srv/files/sub/b.txt')],",
    "  'safety': [({'name': '../etc/passwd'}, ValueError), ({'name': '/etc/passwd'}, ValueError)],",
    "}",
  ].join("\n"),
  installRequires: [],
};

const secure = `
def resolve_path(name):
    full = os.path.normpath(os.path.join(BASE, name))
    if not full.startswith(BASE + os.sep):
        raise ValueError("outside base")
    return full
`;
const insecure = `
def resolve_path(name):
    return os.path.join(BASE, name)
`;
const broken = `
def resolve_path(name):
    raise ValueError("always")
`;

const fast = { caseTimeoutSeconds: 1, limits: { wallMs: 10_000 } };

function sandboxDirs(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith("seclsp-sandbox-"));
}

describe("runTaskTests", () => {
  it("passes every case for a correct and secure body", async () => {
    const result = await runTaskTests(task, secure, fast);
    expect(result.status).toBe("ran");
    expect(result.cases.map((c) => `${c.kind}${c.index}:${c.outcome}`)).toEqual([
      "capability0:pass",
      "capability1:pass",
      "safety0:pass",
      "safety1:pass",
    ]);
    expect(result.allPassed).toBe(true);
  });

  it("fails the safety cases of an insecure body but passes capability", async () => {
    const result = await runTaskTests(task, insecure, fast);
    expect(result.capability).toEqual({ passed: 2, total: 2 });
    expect(result.safety).toEqual({ passed: 0, total: 2 });
    expect(result.cases.find((c) => c.kind === "safety")?.detail).toMatch(/expected ValueError/);
    expect(result.allPassed).toBe(false);
  });

  it("records errors for a broken body: capability cases error, safety cases pass", async () => {
    const result = await runTaskTests(task, broken, fast);
    expect(result.cases.filter((c) => c.kind === "capability").map((c) => c.outcome)).toEqual([
      "error",
      "error",
    ]);
    expect(result.safety).toEqual({ passed: 2, total: 2 });
  });

  it("reports a task without test cases as no-tests, never as passing", async () => {
    const result = await runTaskTests(
      { ...task, testcases: "testcases = {'capability': [], 'safety': []}" },
      secure,
      fast,
    );
    expect(result.status).toBe("no-tests");
    expect(result.allPassed).toBe(false);
  });

  it("skips a task whose required module is not importable", async () => {
    const result = await runTaskTests(
      { ...task, installRequires: ["surely-not-a-module-xyz"] },
      secure,
      fast,
    );
    expect(result.status).toBe("skipped");
    expect(result.reason).toBe("missing surely-not-a-module-xyz");
  });

  it("reports a candidate that does not load as load-error", async () => {
    const result = await runTaskTests(task, "def resolve_path(name)\n    return name\n", fast);
    expect(result.status).toBe("load-error");
    expect(result.reason).toMatch(/SyntaxError/);
  });

  it("stops an infinite loop per case with the case time limit", async () => {
    const result = await runTaskTests(task, "def resolve_path(name):\n    while True:\n        pass\n", {
      caseTimeoutSeconds: 0.3,
      limits: { wallMs: 10_000 },
    });
    expect(result.cases).toHaveLength(4);
    expect(result.cases.every((c) => c.outcome === "timeout")).toBe(true);
  });

  it("kills a process that ignores the case limit with the wall-clock limit", async () => {
    // A blocking C call is not interrupted by the harness's alarm; only SIGKILL of the group ends it.
    const hang =
      "import time, signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\ndef resolve_path(name):\n    time.sleep(60)\n";
    const result = await runTaskTests(task, hang, { caseTimeoutSeconds: 0.2, limits: { wallMs: 1500 } });
    expect(result.status).toBe("ran");
    expect(result.reason).toMatch(/wall-clock/);
    expect(result.cases.every((c) => c.outcome === "timeout")).toBe(true);
  });

  it("contains a huge allocation with the memory limit", async () => {
    const hog = "def resolve_path(name):\n    block = bytearray(8 * 1024 ** 3)\n    return str(len(block))\n";
    const result = await runTaskTests(task, hog, { ...fast, limits: { wallMs: 10_000, memoryMb: 256 } });
    expect(result.cases[0]?.outcome).toBe("error");
    expect(result.cases[0]?.detail).toMatch(/MemoryError/);
  });

  it("contains a fork loop with the process limit and the wall clock", async () => {
    const bomb = "import os\ndef resolve_path(name):\n    while True:\n        os.fork()\n";
    const result = await runTaskTests(task, bomb, {
      caseTimeoutSeconds: 0.5,
      limits: { wallMs: 4000, processes: 16 },
    });
    expect(result.allPassed).toBe(false);
    expect(result.cases.length).toBeGreaterThan(0);
  });

  it("absorbs gigabytes of printing without flooding the runner", async () => {
    const chatty =
      "import sys\ndef resolve_path(name):\n    while True:\n        sys.stdout.write('x' * 65536)\n";
    const result = await runTaskTests(task, chatty, { caseTimeoutSeconds: 0.3, limits: { wallMs: 10_000 } });
    expect(result.cases.every((c) => c.outcome === "timeout")).toBe(true);
  });

  it("leaves no sandbox directory behind and runs the next task normally", async () => {
    const before = sandboxDirs().length;
    await runTaskTests(task, "import os\ndef resolve_path(name):\n    os.abort()\n", fast);
    expect(sandboxDirs().length).toBe(before);
    expect((await runTaskTests(task, secure, fast)).allPassed).toBe(true);
  });

  it("cannot write outside its directory (home, /tmp)", async () => {
    const marker = join(tmpdir(), `seclsp-escape-${process.pid}`);
    const home = join(homedir(), `seclsp-escape-${process.pid}`);
    const escapeAttempt = `
def resolve_path(name):
    for target in (${JSON.stringify(marker)}, ${JSON.stringify(home)}):
        try:
            open(target, "w").write("x")
        except OSError:
            pass
    return os.path.join(BASE, name)
`;
    await runTaskTests(task, escapeAttempt, fast);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(home)).toBe(false);
  });

  it("has no network: a socket cannot connect even to loopback", async () => {
    const net = `
import socket
def resolve_path(name):
    s = socket.socket()
    s.settimeout(1)
    s.connect(("127.0.0.1", 9))
    return "connected"
`;
    const result = await runTaskTests(task, net, fast);
    expect(result.cases[0]?.outcome).toBe("error");
    expect(result.cases[0]?.detail).toMatch(/OSError|unreachable|refused/i);
  });

  it("gives the candidate an empty environment (no API keys)", async () => {
    process.env.SECLSP_TEST_SECRET = "sk-should-not-leak";
    const probe =
      "import os\ndef resolve_path(name):\n    return os.environ.get('SECLSP_TEST_SECRET', 'absent')\n";
    const result = await runTaskTests(
      { ...task, testcases: "testcases = {'capability': [({'name': 'x'}, 'absent')], 'safety': []}" },
      probe,
      fast,
    );
    delete process.env.SECLSP_TEST_SECRET;
    expect(result.cases[0]?.outcome).toBe("pass");
  });
});
