import { findExecutable, isExecutableFile } from "../external/find-executable.js";
import { runProcess, stderrTail } from "../external/process-runner.js";

export const CODEQL_INSTALL_HINT =
  "Install the CodeQL bundle from https://github.com/github/codeql-action/releases and put its `codeql` directory on PATH, or set seclsp.codeql.path.";

export interface CodeqlInstallation {
  path: string;
  version: string;
}

/** Where the CLI is and which version, or a reason (shown to the user once) why it cannot be used. */
export async function discoverCodeql(
  configuredPath: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CodeqlInstallation | { reason: string }> {
  let executable: string | undefined;
  if (configuredPath) {
    if (!(await isExecutableFile(configuredPath))) {
      return {
        reason: `seclsp.codeql.path = ${configuredPath} is not an executable file. ${CODEQL_INSTALL_HINT}`,
      };
    }
    executable = configuredPath;
  } else {
    executable = await findExecutable("codeql", env);
    if (!executable) return { reason: `CodeQL CLI not found on PATH. ${CODEQL_INSTALL_HINT}` };
  }
  try {
    const result = await runProcess(executable, ["version", "--format=json"], { env, timeoutMs: 60_000 });
    if (result.exitCode !== 0) {
      return {
        reason: `\`${executable} version\` failed (exit ${result.exitCode}): ${stderrTail(result.stderr, 3)}`,
      };
    }
    const version = parseCodeqlVersion(result.stdout);
    if (!version) return { reason: `\`${executable} version --format=json\` printed no version` };
    return { path: executable, version };
  } catch (error) {
    return { reason: `cannot run ${executable}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** `codeql version --format=json` → "2.19.3" (falls back to the text form "release 2.19.3."). */
export function parseCodeqlVersion(stdout: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(stdout);
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      typeof (parsed as { version?: unknown }).version === "string"
    ) {
      return (parsed as { version: string }).version;
    }
  } catch {
    // not JSON: try the text form below
  }
  return /release (\d+\.\d+\.\d+)/.exec(stdout)?.[1];
}
