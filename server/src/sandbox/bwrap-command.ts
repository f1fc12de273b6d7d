import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import type { SandboxLimits } from "./sandbox-limits.js";

/** Where the candidate works inside the sandbox: a private tmpfs, the same path every run. */
export const SANDBOX_WORKDIR = "/work";

/** uid/gid the sandboxed process gets on the host; root hands the candidate to nobody. */
export interface HostUser {
  uid: number;
  gid: number;
}

export const NOBODY: HostUser = { uid: 65534, gid: 65534 };

/** The minimal environment the candidate gets; nothing of ours (API keys, tokens) is inherited. */
export function sandboxEnv(workdir: string): Record<string, string> {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: workdir,
    TMPDIR: workdir,
    USER: "sandbox",
    LOGNAME: "sandbox",
    LANG: "C.UTF-8",
    PYTHONDONTWRITEBYTECODE: "1",
  };
}

// What Python and its C extensions read from /etc; the rest of /etc (passwd, shadow, ssh, ...) stays out.
const ETC = [
  "/etc/ld.so.cache",
  "/etc/ld.so.conf",
  "/etc/ld.so.conf.d",
  "/etc/localtime",
  "/etc/ssl",
  "/etc/ca-certificates",
  "/etc/mime.types",
  "/etc/alternatives",
  "/etc/python3",
  "/etc/fonts",
];

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

/** An interpreter outside /usr (pyenv, a venv) needs its installation prefix mounted too. */
function interpreterMounts(python: string): string[] {
  if (!python.startsWith("/") || !existsSync(python)) return [];
  const real = realpathSync(python);
  if (real.startsWith("/usr/")) return [];
  const prefix = dirname(dirname(real));
  const mounts = ["--ro-bind", prefix, prefix];
  if (dirname(dirname(python)) !== prefix) mounts.push("--ro-bind", dirname(python), dirname(python));
  return mounts;
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
  const drop = runAs
    ? ["setpriv", `--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, "--clear-groups", "--"]
    : [];
  return [
    ...drop,
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
    ...ETC.flatMap((path) => ["--ro-bind-try", path, path]),
    ...interpreterMounts(python),
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
