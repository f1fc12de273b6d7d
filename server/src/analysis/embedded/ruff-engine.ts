import { type Diagnostic, PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";

export type RuffDiagnostic = Diagnostic;

let workspace: Workspace | undefined;

/** One ruff Workspace per process: creating it costs ~150 ms, checks reuse it. */
function ruffWorkspace(): Workspace {
  workspace ??= new Workspace(
    { "line-length": 1000, lint: { select: ["S"] } },
    PositionEncoding.Utf16,
  );
  return workspace;
}

/** Run ruff's flake8-bandit (S) rules. Positions come back 1-based rows and 1-based UTF-16 columns. */
export function ruffCheck(text: string): RuffDiagnostic[] {
  return ruffWorkspace().check(text) as RuffDiagnostic[];
}
