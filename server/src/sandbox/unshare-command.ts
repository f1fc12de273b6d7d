import { dropTo } from "./bwrap-command.js";
import type { SandboxLimits } from "./sandbox-limits.js";
import { type HostUser, interpreterPaths, READ_ONLY_ETC, SANDBOX_WORKDIR } from "./sandbox-mounts.js";

/**
 * What sandbox_confine.py needs to build the filesystem view that bwrap would (same read-only
 * paths, same work dir, same tmpfs size).
 */
export function confineSpec(python: string, limits: SandboxLimits): Record<string, unknown> {
  return {
    workdir: SANDBOX_WORKDIR,
    diskMb: limits.diskMb,
    readOnly: [...READ_ONLY_ETC, ...interpreterPaths(python)],
  };
}

/**
 * The fallback when bwrap is missing: util-linux `unshare` makes the namespaces (user mapped to
 * root inside, mount, pid with a fresh /proc, net, ipc, uts, cgroup) and the harness itself
 * (sandbox_confine.py) mounts, pivots and drops every capability before anything else runs.
 * `--kill-child`: the sandbox dies with unshare; the harness is pid 1 of its pid namespace, so
 * everything left in it dies with the harness.
 */
export function unshareArgv(python: string, source: string, runAs?: HostUser): string[] {
  return [
    ...dropTo(runAs),
    "unshare",
    "--user",
    "--map-root-user",
    "--mount",
    "--pid",
    "--fork",
    "--kill-child",
    "--net",
    "--ipc",
    "--uts",
    "--cgroup",
    "--",
    python,
    "-I",
    "-c",
    source,
  ];
}
