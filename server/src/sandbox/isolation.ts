import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { bwrapArgv } from "./bwrap-command.js";
import { confineSource } from "./harness-source.js";
import { defaultPython } from "./python-sandbox.js";
import { DEFAULT_LIMITS } from "./sandbox-limits.js";
import { type HostUser, NOBODY, SEARCH_PATH } from "./sandbox-mounts.js";
import { confineSpec, unshareArgv } from "./unshare-command.js";

/** `on`: isolated or refuse; `unsafe`: run without namespaces when they cannot be set up. */
export type SandboxMode = "on" | "unsafe";

/** How candidate code is run. `none` is only ever chosen by an explicit `--tests unsafe`. */
export interface IsolationPlan {
  tool: "bwrap" | "unshare" | "none";
  /** Host user the sandbox runs as (root drops to nobody when user namespaces allow it). */
  runAs?: HostUser;
}

/** What a run had, recorded in result rows and tables. */
export interface Isolation {
  network: boolean;
  filesystem: boolean;
  /** Own pid namespace: host processes invisible, leftovers killed with the sandbox. */
  processes: boolean;
  /** e.g. "bwrap as nobody", "none (--tests unsafe)". */
  description: string;
}

export class SandboxUnavailableError extends Error {}

export function describePlan(plan: IsolationPlan): Isolation {
  if (plan.tool === "none") {
    return {
      network: false,
      filesystem: false,
      processes: false,
      description: "none (--tests unsafe: separate process and clean environment only)",
    };
  }
  const as = plan.runAs ? `uid ${plan.runAs.uid}` : `uid ${process.getuid?.() ?? "?"}`;
  return { network: true, filesystem: true, processes: true, description: `${plan.tool} as ${as}` };
}

const probes = new Map<string, string | undefined>();

function probeArgv(plan: IsolationPlan, python: string): { argv: string[]; input: string } {
  if (plan.tool === "unshare") {
    // Confinement happens in Python here, so the probe runs it for real (and needs python).
    const confine = `${confineSource()}\nimport json, sys\n_confine(json.loads(sys.stdin.read()))`;
    return {
      argv: unshareArgv(python, confine, plan.runAs),
      input: JSON.stringify(confineSpec(python, DEFAULT_LIMITS)),
    };
  }
  // The real interpreter, so one nobody cannot reach (pyenv under /root) rules that plan out;
  // `true` when it does not exist: a missing interpreter is a per-run setup error, not missing isolation.
  const command = existsSync(python) ? python : "true";
  return { argv: bwrapArgv(command, "pass", DEFAULT_LIMITS, plan.runAs), input: "" };
}

/** Run the real sandbox command on a trivial job; undefined = works, else why not. */
function probe(plan: IsolationPlan, python: string, searchPath: string): string | undefined {
  const key = JSON.stringify([plan, python, searchPath]);
  if (probes.has(key)) return probes.get(key);
  const { argv, input } = probeArgv(plan, python);
  const [command, ...args] = argv as [string, ...string[]];
  const result = spawnSync(command, args, {
    timeout: 10_000,
    env: { PATH: searchPath },
    input,
    stdio: ["pipe", "ignore", "pipe"],
  });
  let why: string | undefined;
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    why = code === "ENOENT" ? `${command} is not installed` : `${command}: ${result.error.message}`;
  } else if (result.status !== 0) {
    const tool = argv.includes("bwrap") ? "bwrap" : "unshare";
    const last = result.stderr.toString("utf8").trim().split("\n").pop();
    why = `${tool} failed: ${last || `exit ${result.status}`}`;
  }
  probes.set(key, why);
  return why;
}

/** Candidate plans in order of preference: as root, prefer a sandbox whose host uid is nobody. */
function candidatePlans(): IsolationPlan[] {
  const root = process.getuid?.() === 0;
  const tools = ["bwrap", "unshare"] as const;
  return tools.flatMap((tool): IsolationPlan[] => (root ? [{ tool, runAs: NOBODY }, { tool }] : [{ tool }]));
}

export interface ProbeOptions {
  python?: string;
  /** PATH to find bwrap, unshare and setpriv in (tests point it at an empty dir). */
  searchPath?: string;
}

function resolved(options: ProbeOptions): { python: string; searchPath: string } {
  return { python: options.python ?? defaultPython(), searchPath: options.searchPath ?? SEARCH_PATH };
}

/** Every isolated plan that works here (tests run their hostile cases under each). */
export function workingPlans(options: ProbeOptions = {}): IsolationPlan[] {
  const { python, searchPath } = resolved(options);
  return candidatePlans().filter((plan) => probe(plan, python, searchPath) === undefined);
}

/**
 * The plan for this machine. With mode `on` and no working isolation this throws, naming what
 * is missing; tests never run unisolated unless the user asked for `--tests unsafe`.
 */
export function chooseIsolation(mode: SandboxMode, options: ProbeOptions = {}): IsolationPlan {
  const { python, searchPath } = resolved(options);
  const reasons: string[] = [];
  for (const plan of candidatePlans()) {
    const why = probe(plan, python, searchPath);
    if (why === undefined) return plan;
    reasons.push(plan.runAs ? `as uid ${plan.runAs.uid}: ${why}` : why);
  }
  if (mode === "unsafe") return { tool: "none" };
  throw new SandboxUnavailableError(
    `cannot isolate test code (${[...new Set(reasons)].join("; ")}). Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; util-linux unshare is the fallback) and allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu), or pass --tests unsafe to run model code without isolation.`,
  );
}
