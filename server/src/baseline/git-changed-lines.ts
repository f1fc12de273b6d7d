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
      // git ends a name holding spaces with a TAB (GNU diff's timestamp separator).
      const path = resolve(top, unquoteGitPath(name.replace(/\t$/, "")).replace(/^b\//, ""));
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

/**
 * git C-quotes names with `"`, `\\` or control characters (`"b/a\"b.py"`, `\n`, octal bytes
 * `\303\251` for non-ASCII when core.quotepath is on); anything else comes through as is.
 */
export function unquoteGitPath(name: string): string {
  if (!(name.startsWith('"') && name.endsWith('"') && name.length >= 2)) return name;
  const bytes: number[] = [];
  const body = name.slice(1, -1);
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== "\\") {
      bytes.push(...Buffer.from(char, "utf8"));
      continue;
    }
    const next = body[i + 1] ?? "";
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Whether a finding starting at 0-based `line` of `file` is on a line changed since the ref. */
export function isChanged(changes: ChangedLines, file: string, line: number): boolean {
  return changes.all.has(file) || (changes.lines.get(file)?.has(line + 1) ?? false);
}
