import { execFileSync, spawn } from "node:child_process";
import { accessSync, constants, cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Shared plumbing of the headless editor tests: workspaces, the server command, running an editor. */

/** Per-test limit: editors and servers start slowly on a loaded CI machine (each run is also bounded by `timeout`). */
export const EDITOR_TEST_TIMEOUT_MS = 120_000;

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const E2E_DIR = fileURLToPath(new URL(".", import.meta.url));

/** How every harness starts the server: the built CLI, never `npx` (the shipped configs' default). */
export function serverCommand(): string[] {
  return [process.execPath, join(REPO, "bin", "seclsp.js"), "--stdio"];
}

/** The executable's path on PATH, or undefined. */
export function findExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Inside the run's private cache dir (test/setup/private-cache-dir.ts), removed when the run ends. */
function scratchDir(prefix: string): string {
  return mkdtempSync(join(process.env.XDG_CACHE_HOME ?? tmpdir(), prefix));
}

/** A throwaway project (git repo + pyproject.toml, the root markers the configs look for) with `files` copied in. */
export function makeWorkspace(files: Record<string, string>): string {
  const root = scratchDir("seclsp-e2e-");
  execFileSync("git", ["init", "-q", root]);
  writeFileSync(join(root, "pyproject.toml"), '[project]\nname = "e2e"\nversion = "0"\n');
  for (const [name, source] of Object.entries(files)) cpSync(source, join(root, name));
  return root;
}

export const VULNERABLE_PY = join(E2E_DIR, "fixtures", "vulnerable.py");

export interface HarnessInputs {
  /** The Python file the editor opens. */
  file: string;
  /** Plain substring of the code action title to apply (default "Suppress"). */
  action?: string;
  /** Text the buffer must contain after the action (default "seclsp: ignore"). */
  expect?: string;
  /** Apply the action on the line of the first diagnostic with this code (default: first diagnostic). */
  code?: string;
  /** Fake model server for the LLM actions (sets the generator/explainer baseURL). */
  modelUrl?: string;
  /** Neovim: run this shipped buffer keymap (e.g. "<leader>sF") instead of the code-action menu. */
  keymap?: string;
  /** Emacs (eglot harness): run this shipped interactive command (e.g. "seclsp-fix-direct") instead of the menu. */
  command?: string;
  timeoutMs?: number;
}

/** What every harness writes (fields only present when the run got that far). */
export interface HarnessResult {
  ok: boolean;
  error?: string;
  diagnostics?: EditorDiagnostic[];
  diagnosticsAfter?: EditorDiagnostic[];
  targetLine?: number;
  actions?: EditorAction[];
  chosenAction?: string | null;
  text?: string;
  stopped?: boolean;
  configurationAnswers?: Array<{ items: Array<{ section?: string }>; answer: unknown[] }>;
  confirmations?: string[];
  log?: string[];
  messages?: string[];
  [key: string]: unknown;
}

export interface EditorDiagnostic {
  line: number;
  code: string;
  source: string;
  severity: number;
  message: string;
  /** How the editor renders it, when it has a single text form (eglot/Flymake). */
  text?: string;
}

export interface EditorAction {
  title: string;
  kind?: string;
  hasEdit: boolean;
  command?: string | null;
}

export interface EditorRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  result: HarnessResult | undefined;
}

/** The environment the harnesses read (see the header of each harness). */
export function harnessEnv(inputs: HarnessInputs, out: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SECLSP_REPO: REPO,
    SECLSP_E2E_CMD: JSON.stringify(serverCommand()),
    SECLSP_E2E_FILE: inputs.file,
    SECLSP_E2E_OUT: out,
    SECLSP_E2E_TIMEOUT_MS: String(inputs.timeoutMs ?? 20_000),
    // Editors must not pick up the user's config or state.
    HOME: scratchDir("seclsp-e2e-home-"),
    // Editors' temporary files (emacs' make-temp-file) and the server's work dirs, removed with the run.
    TMPDIR: scratchDir("seclsp-e2e-tmp-"),
  };
  for (const name of ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "VIMINIT", "EMACSLOADPATH"]) {
    delete env[name];
  }
  if (inputs.action) env.SECLSP_E2E_ACTION = inputs.action;
  if (inputs.expect) env.SECLSP_E2E_EXPECT = inputs.expect;
  if (inputs.code) env.SECLSP_E2E_CODE = inputs.code;
  if (inputs.keymap) env.SECLSP_E2E_KEYMAP = inputs.keymap;
  if (inputs.command) env.SECLSP_E2E_COMMAND = inputs.command;
  if (inputs.modelUrl) {
    env.SECLSP_E2E_MODEL_URL = inputs.modelUrl;
    env.SECLSP_E2E_API_KEY = "e2e-test-key";
  }
  return env;
}

/**
 * Run an editor command under coreutils `timeout` (a headless editor that hits an unexpected
 * prompt would otherwise wait forever) and read the harness's JSON result.
 */
export function runEditor(argv: string[], inputs: HarnessInputs, cwd: string): Promise<EditorRun> {
  const out = join(scratchDir("seclsp-e2e-out-"), "result.json");
  const env = harnessEnv(inputs, out);
  const limitSeconds = String(Math.ceil((inputs.timeoutMs ?? 20_000) / 1000) * 3);
  return new Promise((resolve, reject) => {
    const child = spawn("timeout", ["-k", "5", limitSeconds, ...argv], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      // Own process group, so a server the editor left behind is stopped with it (below).
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (exitCode) => {
      killGroup(child.pid);
      let result: HarnessResult | undefined;
      try {
        result = JSON.parse(readFileSync(out, "utf8")) as HarnessResult;
      } catch {
        result = undefined;
      }
      resolve({ exitCode, stdout, stderr, result });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // the group is already gone
  }
}

/** A readable failure message: the harness error plus what the editor and server said. */
export function describeRun(run: EditorRun): string {
  const { result } = run;
  return [
    `exit code ${run.exitCode}`,
    result?.error ? `harness error: ${result.error}` : "",
    result?.messages?.length ? `server messages:\n${result.messages.join("\n")}` : "",
    result?.log?.length ? `server log:\n${result.log.slice(-20).join("\n")}` : "",
    typeof result?.emacsMessages === "string" ? `*Messages*:\n${result.emacsMessages.slice(-2000)}` : "",
    run.stderr ? `stderr:\n${run.stderr.slice(-2000)}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

/** 0-based line of the first line containing `needle` in `file`. */
export function lineOf(file: string, needle: string): number {
  const index = readFileSync(file, "utf8")
    .split("\n")
    .findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  return index;
}

/** The `seclsp` section every shipped config must send (clients/jetbrains/settings.json). */
export function shippedSettings(): Record<string, unknown> {
  const settings = JSON.parse(readFileSync(join(REPO, "clients", "jetbrains", "settings.json"), "utf8")) as {
    seclsp: Record<string, unknown>;
  };
  return settings.seclsp;
}
