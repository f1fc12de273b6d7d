import { spawnSync } from "node:child_process";
import { bwrapArgv, type HostUser, NOBODY } from "./bwrap-command.js";
import { DEFAULT_LIMITS } from "./sandbox-limits.js";

/** `on`: isolated or refuse; `unsafe`: run without namespaces when they cannot be set up. */
export type SandboxMode = "on" | "unsafe";

/** How candidate code is run. `none` is only ever chosen by an explicit `--tests unsafe`. */
export interface IsolationPlan {
  tool: "bwrap" | "none";
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
  return { network: true, filesystem: true, processes: true, description: `bwrap as ${as}` };
}

const probes = new Map<string, string | undefined>();

/**
 * Run the real sandbox command (with `true` in place of python: a missing interpreter is a
 * per-run setup error, not missing isolation); undefined = works, else why not.
 */
function probe(runAs?: HostUser): string | undefined {
  const key = String(runAs?.uid ?? "self");
  if (probes.has(key)) return probes.get(key);
  const [command, ...args] = bwrapArgv("true", "pass", DEFAULT_LIMITS, runAs) as [string, ...string[]];
  const result = spawnSync(command, args, { timeout: 10_000, env: {}, stdio: ["ignore", "ignore", "pipe"] });
  let why: string | undefined;
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    why = code === "ENOENT" ? `${command} is not installed` : `${command}: ${result.error.message}`;
  } else if (result.status !== 0) {
    why = `${command} failed: ${result.stderr.toString("utf8").trim().split("\n").pop() || `exit ${result.status}`}`;
  }
  probes.set(key, why);
  return why;
}

/** Candidate plans in order of preference: as root, prefer a sandbox whose host uid is nobody. */
function candidatePlans(): IsolationPlan[] {
  const root = process.getuid?.() === 0;
  return root ? [{ tool: "bwrap", runAs: NOBODY }, { tool: "bwrap" }] : [{ tool: "bwrap" }];
}

/** Every isolated plan that works here (tests run their hostile cases under each). */
export function workingPlans(): IsolationPlan[] {
  return candidatePlans().filter((plan) => probe(plan.runAs) === undefined);
}

/**
 * The plan for this machine. With mode `on` and no working isolation this throws, naming what
 * is missing; tests never run unisolated unless the user asked for `--tests unsafe`.
 */
export function chooseIsolation(mode: SandboxMode): IsolationPlan {
  const plans = candidatePlans();
  const reasons: string[] = [];
  for (const plan of plans) {
    const why = probe(plan.runAs);
    if (why === undefined) return plan;
    reasons.push(plan.runAs ? `as uid ${plan.runAs.uid}: ${why}` : why);
  }
  if (mode === "unsafe") return { tool: "none" };
  throw new SandboxUnavailableError(
    `cannot isolate test code (${[...new Set(reasons)].join("; ")}). Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) and allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu), or pass --tests unsafe to run model code without isolation.`,
  );
}
