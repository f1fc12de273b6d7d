import { existsSync, realpathSync } from "node:fs";
import { dirname } from "node:path";

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
export const READ_ONLY_ETC = [
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

/** An interpreter outside /usr (pyenv, a venv) needs its installation prefix (and bin dir) too. */
export function interpreterPaths(python: string): string[] {
  if (!python.startsWith("/") || !existsSync(python)) return [];
  const real = realpathSync(python);
  if (real.startsWith("/usr/")) return [];
  const prefix = dirname(dirname(real));
  const bin = dirname(python);
  return dirname(bin) === prefix ? [prefix] : [prefix, bin];
}

/** Where we look for bwrap, unshare and setpriv (our own PATH may be anything). */
export const SEARCH_PATH = "/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
