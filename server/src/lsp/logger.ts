import type { LogLevel, LspClient } from "./lsp-client.js";

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** SECLSP_LOG_LEVEL wins over the configured level, so a user can debug a broken config. */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel | undefined {
  const value = env.SECLSP_LOG_LEVEL?.toLowerCase();
  return value !== undefined && value in RANK ? (value as LogLevel) : undefined;
}

/** Level-filtered logging to the editor's log (never stdout: stdio carries the protocol). */
export class Logger {
  constructor(
    private readonly client: LspClient,
    public level: LogLevel = "info",
  ) {}

  error(message: string): void {
    this.write("error", message);
  }
  warn(message: string): void {
    this.write("warn", message);
  }
  info(message: string): void {
    this.write("info", message);
  }
  debug(message: string): void {
    this.write("debug", message);
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] <= RANK[this.level];
  }

  private write(level: LogLevel, message: string): void {
    if (this.enabled(level)) this.client.log(level, message);
  }
}
