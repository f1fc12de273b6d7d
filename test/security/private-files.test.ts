import {
  chmod,
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SarifCache } from "../../server/src/analysis/codeql/sarif-cache.js";
import type { Finding } from "../../server/src/analysis/finding.js";
import { writePrivateFile, writePrivateFileSync } from "../../server/src/files/private-file.js";
import {
  ensurePrivateDir,
  UnsafeCacheDirError,
  userCacheDir,
} from "../../server/src/files/user-cache-dir.js";
import { ResponseCache } from "../../server/src/llm/response-cache.js";
import { writeExplanation } from "../../server/src/lsp/features/explain.js";

/**
 * Issue 12 item 7: files seclsp writes for itself live in the user's cache dir, private (0700
 * dirs, 0600 files), created exclusively; names planted by another local user are never followed.
 */

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "seclsp-private-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const mode = async (path: string) => (await lstat(path)).mode & 0o777;

const finding: Finding = {
  ruleId: "py/code-injection",
  cwes: ["CWE-94"],
  severity: "error",
  message: "eval of request data",
  file: "/w/app.py",
  range: { start: { line: 4, character: 0 }, end: { line: 4, character: 10 } },
  source: "embedded",
  fingerprint: "f",
};

describe("user cache dir", () => {
  it("is $XDG_CACHE_HOME/seclsp when absolute, else ~/.cache/seclsp (never the temp dir)", () => {
    expect(userCacheDir({ XDG_CACHE_HOME: "/x/cache" })).toBe("/x/cache/seclsp");
    expect(userCacheDir({ XDG_CACHE_HOME: "relative/cache" })).toBe(join(homedir(), ".cache", "seclsp"));
    expect(userCacheDir({})).toBe(join(homedir(), ".cache", "seclsp"));
    expect(userCacheDir({ TMPDIR: "/tmp" }).startsWith(tmpdir())).toBe(false);
  });

  it("creates missing directories 0700 and takes group/world bits off an existing one", async () => {
    const created = await ensurePrivateDir(join(root, "a", "b"));
    expect(await mode(created)).toBe(0o700);
    expect(await mode(join(root, "a"))).toBe(0o700);
    const loose = join(root, "loose");
    await mkdir(loose);
    await chmod(loose, 0o777);
    await ensurePrivateDir(loose);
    expect(await mode(loose)).toBe(0o700);
  });

  it("refuses a pre-planted symlink, a file, and another user's directory", async () => {
    const elsewhere = join(root, "victim-dir");
    await mkdir(elsewhere, { mode: 0o755 });
    await symlink(elsewhere, join(root, "link"));
    await expect(ensurePrivateDir(join(root, "link"))).rejects.toThrow(/symbolic link/);
    expect(await mode(elsewhere)).toBe(0o755);
    await writeFile(join(root, "file"), "x");
    await expect(ensurePrivateDir(join(root, "file"))).rejects.toBeInstanceOf(UnsafeCacheDirError);
    const foreign = join(root, "foreign");
    await mkdir(foreign, { mode: 0o700 });
    const uid = process.getuid?.() ?? 0;
    // As root the test can give the directory away; otherwise the root-owned "/" is another user's.
    const otherUsersDir = uid === 0 ? foreign : "/";
    if (uid === 0) await chown(foreign, 65534, 65534);
    await expect(ensurePrivateDir(otherUsersDir)).rejects.toThrow(/belongs to another user/);
  });
});

// The server writes asynchronously; `seclsp check` in its thread, into a dir it made private first.
const writers: Array<[string, (dir: string, name: string, content: string) => Promise<string>]> = [
  ["writePrivateFile", writePrivateFile],
  [
    "writePrivateFileSync",
    (dir, name, content) => ensurePrivateDir(dir).then((made) => writePrivateFileSync(made, name, content)),
  ],
];

describe.each(writers)("%s", (label, writePrivateFile) => {
  it("writes 0600 into a 0700 dir and replaces (never follows) a symlink planted at the name", async () => {
    const dir = join(root, `cache-${label}`);
    await mkdir(dir, { mode: 0o700 });
    const victim = join(root, `victim-${label}.txt`);
    await writeFile(victim, "precious");
    await symlink(victim, join(dir, "out.md"));
    const file = await writePrivateFile(dir, "out.md", "secret text");
    expect(file).toBe(join(dir, "out.md"));
    expect(await readFile(victim, "utf8")).toBe("precious");
    expect((await lstat(file)).isSymbolicLink()).toBe(false);
    expect(await readFile(file, "utf8")).toBe("secret text");
    expect(await mode(file)).toBe(0o600);
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("does not widen with a permissive umask and rejects names that are paths", async () => {
    const old = process.umask(0);
    try {
      const file = await writePrivateFile(join(root, `u-${label}`), "x.txt", "t");
      expect(await mode(file)).toBe(0o600);
      expect(await mode(join(root, `u-${label}`))).toBe(0o700);
    } finally {
      process.umask(old);
    }
    for (const bad of ["../x", "a/b", "..", ""]) {
      await expect(writePrivateFile(root, bad, "t"), bad).rejects.toThrow(/plain file name/);
    }
  });
});

describe("what the server writes", () => {
  it("explanations go to $XDG_CACHE_HOME/seclsp/explanations, 0600, past a pre-planted symlink", async () => {
    const env = { XDG_CACHE_HOME: join(root, "xdg") };
    const dir = join(root, "xdg", "seclsp", "explanations");
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const victim = join(root, "victim");
    await writeFile(victim, "do not overwrite");
    await symlink(victim, join(dir, "app.py-py_code-injection-L5.md"));
    const file = await writeExplanation("file:///w/app.py", finding, "Use ast.literal_eval.", env);
    expect(file).toBe(join(dir, "app.py-py_code-injection-L5.md"));
    expect(await readFile(victim, "utf8")).toBe("do not overwrite");
    expect(await readFile(file, "utf8")).toContain("Use ast.literal_eval.");
    expect(await mode(file)).toBe(0o600);
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(join(root, "xdg", "seclsp"))).toBe(0o700);
  });

  it("explanations refuse a seclsp dir another user planted (XDG_CACHE_HOME in a shared folder)", async () => {
    const shared = join(root, "shared");
    await mkdir(join(shared, "seclsp"), { recursive: true });
    await symlink(join(root, "elsewhere"), join(shared, "seclsp", "explanations"));
    await expect(
      writeExplanation("file:///w/app.py", finding, "text", { XDG_CACHE_HOME: shared }),
    ).rejects.toThrow(/symbolic link/);
  });

  it("the LLM reply cache writes 0700 shard dirs and 0600 entries", async () => {
    const cache = new ResponseCache(join(root, "llm"));
    const key = "ab".padEnd(64, "0");
    await cache.put(
      key,
      { baseURL: "x", model: "m", temperature: 0, maxTokens: 1, messages: [] },
      {
        text: "t",
        usage: { promptTokens: 0, completionTokens: 0 },
      },
    );
    expect(await mode(join(root, "llm"))).toBe(0o700);
    expect(await mode(join(root, "llm", "ab"))).toBe(0o700);
    expect(await mode(cache.pathFor(key))).toBe(0o600);
    expect((await cache.get(key))?.text).toBe("t");
  });

  it("the LLM cache ignores an oversized planted entry", async () => {
    const cache = new ResponseCache(join(root, "llm2"));
    const key = "cd".padEnd(64, "1");
    await mkdir(join(root, "llm2", "cd"), { recursive: true });
    const entry = { format: "seclsp-llm-cache/1", key, response: { text: "x".repeat(17 * 1024 * 1024) } };
    await writeFile(cache.pathFor(key), JSON.stringify(entry));
    expect(await cache.get(key)).toBeUndefined();
  });

  it("the CodeQL SARIF cache writes 0600 files in a 0700 dir", async () => {
    const cache = new SarifCache(join(root, "codeql"));
    await cache.put("k1", "{}");
    expect(await mode(join(root, "codeql"))).toBe(0o700);
    expect(await mode(join(root, "codeql", "k1.sarif"))).toBe(0o600);
    expect(await cache.get("k1")).toBe("{}");
    expect((await stat(join(root, "codeql"))).isDirectory()).toBe(true);
  });
});
