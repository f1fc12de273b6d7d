import { lstatSync, readlinkSync } from "node:fs";
import type { SandboxLimits } from "./sandbox-limits.js";
import {
  type HostUser,
  interpreterPaths,
  NOBODY,
  READ_ONLY_ETC,
  SANDBOX_WORKDIR,
  sandboxEnv,
} from "./sandbox-mounts.js";

/** Top-level dirs that are symlinks into /usr on merged-/usr systems, real dirs elsewhere. */
const SYSTEM_DIRS = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

function systemDirMounts(): string[] {
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    try {
      const stat = lstatSync(dir);
      if (stat.isSymbolicLink()) args.push("--symlink", readlinkSync(dir), dir);
      else if (stat.isDirectory()) args.push("--ro-bind", dir, dir);
    } catch {
      // absent on this system
    }
  }
  return args;
}

/**
 * bwrap argv running `python -I -c <source>` with every namespace unshared (user, mount, pid with
 * a fresh /proc, net, ipc, uts, cgroup), no further user namespaces, read-only /usr and the few
 * /etc files Python needs, no /home, /root, /tmp, /run or /var (so no host unix sockets), a private
 * size-limited tmpfs as work dir and /tmp, a cleared environment, its own session (no TIOCSTI),
 * and death with its parent. When the pid namespace's init exits, every process left in it
 * (daemons included) is killed by the kernel.
 */
export function bwrapArgv(python: string, source: string, limits: SandboxLimits, runAs?: HostUser): string[] {
  const disk = String(limits.diskMb * 1024 * 1024);
  const env = Object.entries(sandboxEnv(SANDBOX_WORKDIR)).flatMap(([k, v]) => ["--setenv", k, v]);
  return [
    ...dropTo(runAs),
    "bwrap",
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--die-with-parent",
    "--new-session",
    "--uid",
    String(NOBODY.uid),
    "--gid",
    String(NOBODY.gid),
    "--hostname",
    "sandbox",
    "--ro-bind",
    "/usr",
    "/usr",
    ...systemDirMounts(),
    ...[...READ_ONLY_ETC, ...interpreterPaths(python)].flatMap((path) => ["--ro-bind-try", path, path]),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--size",
    disk,
    "--tmpfs",
    "/tmp",
    "--size",
    disk,
    "--tmpfs",
    SANDBOX_WORKDIR,
    "--chdir",
    SANDBOX_WORKDIR,
    "--clearenv",
    ...env,
    "--",
    python,
    "-I",
    "-c",
    source,
  ];
}

/** Prefix that starts the sandbox as another host user (root hands it to nobody). */
export function dropTo(runAs: HostUser | undefined): string[] {
  return runAs ? ["setpriv", `--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, "--clear-groups", "--"] : [];
}
