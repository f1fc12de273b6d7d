import { execFile } from "node:child_process";
import { resolve } from "node:path";

/** `--new-since` cannot work: not a git repository, unknown ref, git missing. */
export class GitDiffError extends Error {}

/**
 * Lines (1-based) added or changed in the working tree since `ref`, per absolute file path;
 * files git does not track yet count as entirely new (`all`).
 */
export interface ChangedLines {
  lines: Map<string, Set<number>>;
  all: Set<string>;
}

function git(args: string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    // Argument array, no shell; external diff drivers and pagers off so the output is parseable.
    execFile(
      "git",
      ["--no-pager", "-c", "core.quotepath=off", ...args],
      { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_EXTERNAL_DIFF: "" } },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr }));
        else resolvePromise(stdout);
      },
    );
  });
}

/** What changed since `ref` in the repository containing `cwd`. */
export async function changedLinesSince(ref: string, cwd: string): Promise<ChangedLines> {
  let top: string;
  try {
    top = (await git(["rev-parse", "--show-toplevel"], cwd)).trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new GitDiffError("--new-since needs git, which is not on PATH");
    throw new GitDiffError(`--new-since: ${cwd} is not inside a git repository`);
  }
  if (ref.startsWith("-")) throw new GitDiffError(`--new-since: '${ref}' is not a git revision`);
  try {
    await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], top);
  } catch {
    throw new GitDiffError(`--new-since: git revision '${ref}' does not exist in ${top}`);
  }
  const diff = await git(
    ["diff", "--no-color", "--no-ext-diff", "--no-renames", "--unified=0", "--end-of-options", ref, "--"],
    top,
  );
  const untracked = await git(["ls-files", "--others", "--exclude-standard", "-z"], top);
  return {
    lines: parseUnifiedDiff(diff, top),
    all: new Set(
      untracked
        .split("\0")
        .filter((p) => p !== "")
        .map((p) => resolve(top, p)),
    ),
  };
}

/** `+++ b/path` then `@@ -a,b +c,d @@` hunks: lines c..c+d-1 of the new file changed. */
export function parseUnifiedDiff(diff: string, top: string): Map<string, Set<number>> {
  const changed = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of diff.split("\n")) {
    if (line.startsWith("+++ ")) {
      const name = line.slice(4);
      current = undefined;
      if (name === "/dev/null") continue;
      const path = resolve(top, name.replace(/^"?b\//, "").replace(/"$/, ""));
      current = changed.get(path) ?? new Set();
      changed.set(path, current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return changed;
}

/** Whether a finding starting at 0-based `line` of `file` is on a line changed since the ref. */
export function isChanged(changes: ChangedLines, file: string, line: number): boolean {
  return changes.all.has(file) || (changes.lines.get(file)?.has(line + 1) ?? false);
}
