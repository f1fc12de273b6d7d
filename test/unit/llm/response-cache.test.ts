import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheKey, defaultCacheDir, ResponseCache } from "../../../server/src/llm/response-cache.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "seclsp-cache-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = { baseURL: "http://127.0.0.1:11434/v1", model: "m", temperature: 0, maxTokens: 100 };
const messages = [{ role: "user" as const, content: "hi" }];

describe("ResponseCache", () => {
  it("keys by endpoint, model, sampling settings and messages (trailing slash of baseURL ignored)", () => {
    const key = cacheKey(config, messages);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...config, baseURL: "http://127.0.0.1:11434/v1/" }, messages)).toBe(key);
    expect(cacheKey({ ...config, model: "n" }, messages)).not.toBe(key);
    expect(cacheKey({ ...config, maxTokens: 101 }, messages)).not.toBe(key);
    expect(cacheKey(config, [{ role: "system", content: "hi" }])).not.toBe(key);
    expect(cacheKey(config, [...messages, { role: "assistant", content: "" }])).not.toBe(key);
  });

  it("round-trips an entry and treats corrupt or foreign files as misses", async () => {
    const cache = new ResponseCache(dir);
    const key = cacheKey(config, messages);
    expect(await cache.get(key)).toBeUndefined();
    await cache.put(
      key,
      { ...config, messages },
      { text: "hello", usage: { promptTokens: 3, completionTokens: 2 } },
    );
    expect(await cache.get(key)).toEqual({ text: "hello", usage: { promptTokens: 3, completionTokens: 2 } });
    expect(await readdir(dirname(cache.pathFor(key)))).toEqual([`${key}.json`]);

    await writeFile(cache.pathFor(key), '{"format": "seclsp-llm-cache/1", "key": "');
    expect(await cache.get(key)).toBeUndefined();
    const other = cacheKey(config, [{ role: "user", content: "other" }]);
    await mkdir(dirname(cache.pathFor(other)), { recursive: true });
    await writeFile(
      cache.pathFor(other),
      JSON.stringify({ format: "seclsp-llm-cache/1", key, response: { text: "x" } }),
    );
    expect(await cache.get(other)).toBeUndefined();
  });

  it("survives concurrent writers of the same key", async () => {
    const cache = new ResponseCache(dir);
    const key = cacheKey(config, messages);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        cache.put(
          key,
          { ...config, messages },
          { text: `v${i}`, usage: { promptTokens: 0, completionTokens: 0 } },
        ),
      ),
    );
    expect((await cache.get(key))?.text).toMatch(/^v[0-7]$/);
    expect(await readdir(dirname(cache.pathFor(key)))).toEqual([`${key}.json`]);
  });

  it("defaults to $XDG_CACHE_HOME/seclsp/llm, else ~/.cache/seclsp/llm", () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/x/cache" })).toBe(join("/x/cache", "seclsp", "llm"));
    expect(defaultCacheDir({})).toBe(join(homedir(), ".cache", "seclsp", "llm"));
  });
});
