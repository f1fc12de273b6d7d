import type { SeclspConfig } from "../../config/schema.js";
import type { Finding } from "../finding.js";
import { CodeqlAnalyzer, type CodeqlAnalyzerOptions, type CodeqlPhase } from "./codeql-analyzer.js";
import { codeqlCacheRoot, projectWorkDir } from "./codeql-cache-root.js";
import { layoutProject } from "./project-layout.js";
import { withProjectLock } from "./project-lock.js";

export interface ProjectCodeqlOptions extends CodeqlAnalyzerOptions {
  config: Pick<SeclspConfig, "codeql" | "exclude" | "maxFileBytes">;
  /** Unsaved editor buffers by absolute path (the editor passes them; `seclsp check` does not). */
  buffers?: ReadonlyMap<string, string>;
  /** Decides the package analyzed when the folder has more than `codeql.maxProjectFiles` files. */
  savedFile?: string;
  signal?: AbortSignal;
  onPhase?: (phase: CodeqlPhase) => void;
  onProblem?: (message: string) => void;
  /** Another seclsp run (the CLI, another editor) holds this folder's database: waiting for it. */
  onWaitForOtherRun?: () => void;
  /** Honour .gitignore files (default true; `seclsp check --no-gitignore` turns it off). */
  respectGitignore?: boolean;
  /** Reuse an analyzer (its CLI discovery) across runs. */
  analyzer?: CodeqlAnalyzer;
}

export interface ProjectCodeqlResult {
  /** Findings for every analyzed file (`Finding.file` = absolute path), flows across files. */
  findings: Finding[];
  /** Absolute path → the text analyzed, for every file in the source root (no findings = clean). */
  files: ReadonlyMap<string, string>;
  /** Answered from the SARIF cache: no CodeQL process ran. */
  cached: boolean;
  /** The folder was over `codeql.maxProjectFiles`: only `scopeRoot` was analyzed. */
  narrowed: boolean;
  scopeRoot: string;
}

/**
 * CodeQL over one project folder with the same layout the editor uses on save (discovery,
 * `exclude`, .gitignore, `maxProjectFiles`, persistent database under the user cache dir), so
 * `seclsp check` and the editor report the same CodeQL findings. Throws what the CLI reports.
 */
export async function runCodeqlOnProject(
  root: string,
  options: ProjectCodeqlOptions,
): Promise<ProjectCodeqlResult> {
  const { config } = options;
  const layout = await layoutProject(root, {
    exclude: config.exclude,
    maxFiles: config.codeql.maxProjectFiles,
    maxFileBytes: config.maxFileBytes,
    ...(options.savedFile !== undefined ? { savedFile: options.savedFile } : {}),
    ...(options.buffers !== undefined ? { buffers: options.buffers } : {}),
    ...(options.onProblem !== undefined ? { onProblem: options.onProblem } : {}),
    ...(options.respectGitignore !== undefined ? { respectGitignore: options.respectGitignore } : {}),
  });
  const analyzer = options.analyzer ?? new CodeqlAnalyzer(config.codeql, options);
  const projectDir = await projectWorkDir(
    codeqlCacheRoot(config.codeql.cacheDir, options.env),
    layout.folder,
  );
  const signal = options.signal ?? new AbortController().signal;
  const { findings, cached } = await withProjectLock(
    projectDir,
    () =>
      analyzer.analyzeProject(layout, signal, {
        projectDir,
        ...(options.onPhase !== undefined ? { onPhase: options.onPhase } : {}),
      }),
    {
      signal,
      ...(options.onWaitForOtherRun !== undefined ? { onWait: options.onWaitForOtherRun } : {}),
      onCompromised: (error) => options.onProblem?.(`lost the lock on ${projectDir}: ${error.message}`),
    },
  );
  return {
    findings,
    files: new Map(layout.entries.map((entry) => [entry.original, entry.text])),
    cached,
    narrowed: layout.narrowed,
    scopeRoot: layout.scopeRoot,
  };
}
