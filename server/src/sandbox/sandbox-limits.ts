export interface SandboxLimits {
  /** Wall-clock limit for the whole process; on expiry the process group is SIGKILLed. */
  wallMs: number;
  memoryMb: number;
  cpuSeconds: number;
  /** Largest file the candidate may write (RLIMIT_FSIZE). */
  fileMb: number;
  /** Size of the private tmpfs work dir (and /tmp): bounds what filling the disk can take. */
  diskMb: number;
  processes: number;
  /** Bytes of result lines (fd 3) and stderr we read before killing the process. */
  outputBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  wallMs: 30_000,
  memoryMb: 1024,
  cpuSeconds: 20,
  fileMb: 16,
  diskMb: 64,
  processes: 64,
  outputBytes: 1_000_000,
};
