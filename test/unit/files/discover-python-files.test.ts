import { mkdir, rm, symlink } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { discoverPythonFiles } from "../../../server/src/files/discover-python-files.js";
import { tempTree } from "./temp-tree.js";

const roots: string[] = [];
async function tree(files: Record<string, string>): Promise<string> {
  const root = await tempTree(files);
  roots.push(root);
  return root;
}
afterEach(async () => {
  for (const root of roots.splice(0)) {
    await rm(root, { recursive: true, force: true });
  }
});

/** The mode of the `describe.each` below: `seclsp check` walks in its thread, the server does not. */
let blocking = false;
const discover: typeof discoverPythonFiles = (paths, options = {}) =>
  discoverPythonFiles(paths, { ...options, blocking });

async function found(
  root: string,
  options: Parameters<typeof discoverPythonFiles>[1] = {},
): Promise<string[]> {
  const result = await discover([root], { cwd: root, ...options });
  return result.files.map((f) => relative(root, f));
}

describe.each([false, true])("discoverPythonFiles (blocking: %s)", (mode) => {
  beforeAll(() => {
    blocking = mode;
  });

  it("finds .py and .pyw files, not .pyi or other files, files before sub-folders, sorted", async () => {
    const root = await tree({
      "b.py": "",
      "a.py": "",
      "gui.pyw": "",
      "stub.pyi": "",
      "notes.txt": "",
      "pkg/z.py": "",
      "pkg/sub/y.py": "",
      "app/x.py": "",
      "Z.py": "",
    });
    expect(await found(root)).toEqual([
      "Z.py",
      "a.py",
      "b.py",
      "gui.pyw",
      "app/x.py",
      "pkg/z.py",
      "pkg/sub/y.py",
    ]);
  });

  it("skips .venv, venv, node_modules, .git, __pycache__, .tox, site-packages and any virtualenv", async () => {
    const root = await tree({
      "main.py": "",
      ".venv/lib/a.py": "",
      "venv/b.py": "",
      "node_modules/pkg/c.py": "",
      ".git/hooks/d.py": "",
      "__pycache__/e.py": "",
      ".tox/f.py": "",
      "lib/site-packages/g.py": "",
      "myenv/pyvenv.cfg": "home = /usr/bin",
      "myenv/lib/h.py": "",
      "src/ok.py": "",
    });
    expect(await found(root)).toEqual(["main.py", "src/ok.py"]);
  });

  it("walks a skipped folder when it is named as the root", async () => {
    const root = await tree({ "venv/tool.py": "" });
    const result = await discover([join(root, "venv")]);
    expect(result.files).toEqual([join(root, "venv", "tool.py")]);
  });

  it("honours .gitignore files, nested ones, negations and directory patterns", async () => {
    const root = await tree({
      ".git/HEAD": "ref: refs/heads/main",
      ".gitignore": "build/\ngenerated_*.py\n",
      "build/out.py": "",
      "generated_api.py": "",
      "keep.py": "",
      "pkg/.gitignore": "secret.py\n!generated_ok.py\n",
      "pkg/secret.py": "",
      "pkg/generated_ok.py": "",
      "pkg/public.py": "",
    });
    expect(await found(root)).toEqual(["keep.py", "pkg/generated_ok.py", "pkg/public.py"]);
    expect(await found(root, { respectGitignore: false })).toEqual([
      "generated_api.py",
      "keep.py",
      "build/out.py",
      "pkg/generated_ok.py",
      "pkg/public.py",
      "pkg/secret.py",
    ]);
  });

  it("applies the repository's root .gitignore when walking a sub-folder", async () => {
    const root = await tree({
      ".git/HEAD": "",
      ".gitignore": "*_gen.py\n",
      "src/a.py": "",
      "src/b_gen.py": "",
    });
    const result = await discover([join(root, "src")]);
    expect(result.files).toEqual([join(root, "src", "a.py")]);
  });

  it("applies exclude globs by name anywhere and by path relative to the root", async () => {
    const root = await tree({
      "app.py": "",
      "app_test.py": "",
      "migrations/0001.py": "",
      "pkg/migrations/0002.py": "",
      "tests/unit/t.py": "",
      "pkg/tests/keep.py": "",
    });
    expect(await found(root, { exclude: ["migrations", "*_test.py", "tests/**"] })).toEqual([
      "app.py",
      "pkg/tests/keep.py",
    ]);
  });

  it("always takes a file named as a root, even if excluded, ignored or not *.py", async () => {
    const root = await tree({ ".gitignore": "script\n", script: "print(1)", "x.py": "" });
    const result = await discover([join(root, "script"), join(root, "x.py")], {
      exclude: ["x.py"],
    });
    expect(result.files).toEqual([join(root, "script"), join(root, "x.py")]);
  });

  it("follows symlinks without looping and without duplicates", async () => {
    const root = await tree({ "real/a.py": "" });
    await symlink(join(root, "real"), join(root, "real", "loop"));
    await symlink(join(root, "real"), join(root, "alias"));
    await symlink(join(root, "real", "a.py"), join(root, "link.py"));
    await symlink(join(root, "missing.py"), join(root, "broken.py"));
    const files = await found(root);
    expect(files).toHaveLength(1);
    expect(["alias/a.py", "link.py", "real/a.py"]).toContain(files[0]);
  });

  it("reports a missing root and keeps going with the others", async () => {
    const root = await tree({ "a.py": "" });
    const problems: string[] = [];
    const result = await discover(["nope", "a.py"], {
      cwd: root,
      onProblem: (p) => problems.push(p.reason),
    });
    expect(result.files).toEqual([join(root, "a.py")]);
    expect(result.problems).toEqual([{ path: join(root, "nope"), reason: "not found", isRoot: true }]);
    expect(problems).toEqual(["not found"]);
  });

  it("reports a dangling symlink given as a root as not found", async () => {
    const root = await tree({ "a.py": "" });
    await symlink(join(root, "gone"), join(root, "dangling"));
    const result = await discover([join(root, "dangling"), root]);
    expect(result.files).toEqual([join(root, "a.py")]);
    expect(result.problems).toEqual([{ path: join(root, "dangling"), reason: "not found", isRoot: true }]);
  });

  it("handles names with spaces, quotes, semicolons and $()", async () => {
    const names = ["a b.py", "it's.py", 'say "hi".py', "x;rm -rf y.py", "$(touch pwned).py"];
    const root = await tree(Object.fromEntries(names.map((n) => [n, ""])));
    await mkdir(join(root, "sub dir"));
    expect((await found(root)).sort()).toEqual([...names].sort());
  });

  it("returns the same order on every run", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`d${i % 5}/f${(i * 7) % 40}.py`] = "";
    const root = await tree(files);
    const first = await found(root);
    expect(first).toHaveLength(40);
    expect(await found(root)).toEqual(first);
  });
});
