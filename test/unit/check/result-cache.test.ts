import {
  lstat,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { canonicalJson, fileCacheKey } from "../../../server/src/check/analysis-cache-key.js";
import { ResultCache } from "../../../server/src/check/result-cache.js";

let root = "";
beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), "seclsp-result-cache-")));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let counter = 0;
/** The mode of the `describe.each` below: the CLI reads and writes in its thread, the server does not. */
let blocking = false;
async function freshCache(maxBytes?: number): Promise<ResultCache> {
  return ResultCache.open({ dir: join(root, `c${counter++}`), blocking, ...(maxBytes ? { maxBytes } : {}) });
}

function finding(file: string, line: number): Finding {
  const range = { start: { line, character: 0 }, end: { line, character: 4 } };
  return {
    ruleId: "py/code-injection",
    cwes: ["CWE-94"],
    severity: "error",
    message: "eval of untrusted data",
    file,
    range,
    flow: [{ file, range, message: "source" }],
    source: "embedded",
    fingerprint: `fp${line}`,
  };
}

function keyOf(text: string): string {
  return fileCacheKey("pkg/a.py", text, { threatModel: "library" });
}

describe.each([false, true])("ResultCache (blocking: %s)", (mode) => {
  beforeAll(() => {
    blocking = mode;
  });

  it("stores findings under a key in a private folder and returns them, moved to the asking path", async () => {
    const cache = await freshCache();
    const key = keyOf("eval(x)\n");
    expect(await cache.get(key, "/a/pkg/a.py")).toBeUndefined();
    await cache.set(key, "/a/pkg/a.py", [finding("/a/pkg/a.py", 0), finding("/a/other.py", 3)]);
    expect(await cache.get(key, "/a/pkg/a.py")).toEqual([
      finding("/a/pkg/a.py", 0),
      finding("/a/other.py", 3),
    ]);
    // Same relative path in a moved checkout: the file's own paths follow, others stay.
    const moved = await cache.get(key, "/b/pkg/a.py");
    expect(moved?.[0]?.file).toBe("/b/pkg/a.py");
    expect(moved?.[0]?.flow?.[0]?.file).toBe("/b/pkg/a.py");
    expect(moved?.[1]?.file).toBe("/a/other.py");
    expect(cache.stats).toMatchObject({ hits: 2, misses: 1, writes: 1, rejected: 0 });
    expect((await stat(cache.dir)).mode & 0o777).toBe(0o700);
    const [name] = await readdir(cache.dir);
    expect((await stat(join(cache.dir, name!))).mode & 0o777).toBe(0o600);
  });

  it("ignores garbage, truncated, wrong-key and wrong-shape entries and a planted symlink, then rewrites them", async () => {
    const cache = await freshCache();
    const outside = join(root, "victim.json");
    const findings = [finding("/p/pkg/a.py", 1)];
    const cases: Array<[string, (path: string, good: string) => Promise<void>]> = [
      ["garbage", (path) => writeFile(path, Buffer.from([0xff, 0x00, 0x13, 0x37, 0x80]))],
      ["truncated", (path, good) => writeFile(path, good.slice(0, good.length / 2))],
      [
        "wrong key",
        (path, good) => writeFile(path, good.replace(/"key":"[0-9a-f]+"/, `"key":"${"0".repeat(64)}"`)),
      ],
      ["wrong shape", (path, good) => writeFile(path, good.replace(/"line":1/g, '"line":"1"'))],
      [
        "symlink",
        async (path, good) => {
          await writeFile(outside, good);
          await rm(path);
          await symlink(outside, path);
        },
      ],
    ];
    for (const [label, spoil] of cases) {
      const key = keyOf(`eval(${label.length})\n# ${label}\n`);
      await cache.set(key, "/p/pkg/a.py", findings);
      const path = join(cache.dir, `${key}.json`);
      const good = await readFile(path, "utf8");
      await spoil(path, good);
      const before = cache.stats.rejected;
      expect(await cache.get(key, "/p/pkg/a.py"), label).toBeUndefined();
      expect(cache.stats.rejected, label).toBe(before + 1);
      await cache.set(key, "/p/pkg/a.py", findings);
      expect((await lstat(path)).isFile(), label).toBe(true);
      expect(await cache.get(key, "/p/pkg/a.py"), label).toEqual(findings);
    }
    // The symlink was replaced, never written through.
    expect(JSON.parse(await readFile(outside, "utf8")).findings).toEqual(findings);
  });

  it("refuses a cache folder that is a symlink", async () => {
    const real = join(root, `real-dir-${counter++}`);
    await (await freshCache()).set(keyOf("x"), "/x.py", []);
    await symlink(root, real);
    await expect(ResultCache.open({ dir: real })).rejects.toThrow(/symbolic link/);
  });

  it("eviction keeps the folder under its bound, least recently used first, and drops stale temp files", async () => {
    const cache = await freshCache(20_000);
    const many = Array.from({ length: 5 }, (_, i) => finding("/p/pkg/a.py", i));
    const keys: string[] = [];
    for (let i = 0; i < 40; i++) {
      const key = keyOf(`# file ${i}\n`);
      keys.push(key);
      await cache.set(key, "/p/pkg/a.py", many);
      // Older entries look older (mtime = last use), one second apart.
      const when = new Date(Date.now() - (100 - i) * 1000);
      await utimes(join(cache.dir, `${key}.json`), when, when);
    }
    const staleTemp = join(cache.dir, ".dead.0123.tmp");
    await writeFile(staleTemp, "x");
    const old = new Date(Date.now() - 3600_000);
    await utimes(staleTemp, old, old);
    // Entry 0 is the oldest but is used now: it must survive.
    expect(await cache.get(keys[0]!, "/p/pkg/a.py")).toEqual(many);

    const sizeOf = async () => {
      let total = 0;
      for (const name of await readdir(cache.dir)) total += (await stat(join(cache.dir, name))).size;
      return total;
    };
    expect(await sizeOf()).toBeGreaterThan(20_000);
    await cache.evict();
    expect(await sizeOf()).toBeLessThanOrEqual(20_000);
    expect(cache.stats.evicted).toBeGreaterThan(0);
    const left = new Set(await readdir(cache.dir));
    expect(left.has(".dead.0123.tmp")).toBe(false);
    expect(left.has(`${keys[0]}.json`)).toBe(true);
    expect(left.has(`${keys[1]}.json`)).toBe(false);
    expect(left.has(`${keys[39]}.json`)).toBe(true);
  });
});

describe("fileCacheKey", () => {
  it("changes with the text, the path, any setting and the dependencies; not with key order", () => {
    const base = fileCacheKey("a.py", "eval(x)\n", { threatModel: "library", embedded: { ignoreRules: [] } });
    expect(fileCacheKey("a.py", "eval(x)\n", { embedded: { ignoreRules: [] }, threatModel: "library" })).toBe(
      base,
    );
    expect(
      fileCacheKey("a.py", "eval(y)\n", { threatModel: "library", embedded: { ignoreRules: [] } }),
    ).not.toBe(base);
    expect(
      fileCacheKey("b.py", "eval(x)\n", { threatModel: "library", embedded: { ignoreRules: [] } }),
    ).not.toBe(base);
    expect(
      fileCacheKey("a.py", "eval(x)\n", { threatModel: "remote", embedded: { ignoreRules: [] } }),
    ).not.toBe(base);
    expect(
      fileCacheKey("a.py", "eval(x)\n", { threatModel: "library", embedded: { ignoreRules: ["S307"] } }),
    ).not.toBe(base);
    expect(
      fileCacheKey("a.py", "eval(x)\n", { threatModel: "library", embedded: { ignoreRules: [] } }, ["dep"]),
    ).not.toBe(base);
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});
