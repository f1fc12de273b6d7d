import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { CodeqlAnalyzer, type CodeqlConfig } from "../../../../server/src/analysis/codeql/codeql-analyzer.js";
import { DEFAULT_CONFIG } from "../../../../server/src/config/schema.js";
import {
  databaseInvocations,
  FAKE_CODEQL,
  removeTempDirs,
  tempDir,
} from "../../../fakes/fake-codeql-helpers.js";

afterAll(removeTempDirs);

let dir: string;
let logFile: string;

beforeEach(async () => {
  dir = await tempDir("seclsp-codeql-batch-");
  logFile = path.join(dir, "invocations.log");
});

function analyzer(config: Partial<CodeqlConfig> = {}): CodeqlAnalyzer {
  return new CodeqlAnalyzer(
    { ...DEFAULT_CONFIG.codeql, path: FAKE_CODEQL, cacheDir: path.join(dir, "cache"), ...config },
    { env: { ...process.env, FAKE_CODEQL_LOG: logFile }, workDir: dir },
  );
}

/** Snippet i is vulnerable (SQL on line i % 5 + 2) when i % 3 === 0, else clean. */
function snippets(count: number): { id: string; code: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const padding = "x = 1\n".repeat(i % 5);
    const sink = i % 3 === 0 ? "cursor.execute(q)  # fake-codeql: py/sql-injection\n" : "print('ok')\n";
    return { id: `CWE-089_author_${i}.py`, code: `import os\n${padding}${sink}` };
  });
}

describe("CodeqlAnalyzer.analyzeBatch", () => {
  it("analyzes 100 snippets with exactly one create and one analyze, mapping findings to their snippet", async () => {
    const input = snippets(100);
    const result = await analyzer().analyzeBatch(input, { chunkSize: 200 });
    const calls = databaseInvocations(logFile);
    expect(calls.map((argv) => argv[1])).toEqual(["create", "analyze"]);
    expect(result.errors).toEqual([]);
    expect(result.size).toBe(100);
    for (const [i, snippet] of input.entries()) {
      const findings = result.get(snippet.id)!;
      if (i % 3 === 0) {
        expect(findings.map((f) => [f.file, f.ruleId, f.range.start.line])).toEqual([
          [snippet.id, "py/sql-injection", 1 + (i % 5)],
        ]);
      } else {
        expect(findings).toEqual([]);
      }
    }
  });

  it("splits into chunks, bounded in parallel, and isolates a failing chunk", async () => {
    const input = snippets(30);
    input[25] = { id: "broken", code: "x = 1  # fake-codeql-crash\n" };
    const progress: number[] = [];
    const result = await analyzer().analyzeBatch(input, {
      chunkSize: 10,
      parallelChunks: 2,
      onChunkDone: (done) => progress.push(done),
    });
    expect(databaseInvocations(logFile).filter((argv) => argv[1] === "create")).toHaveLength(3);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.ids).toEqual(input.slice(20, 30).map((s) => s.id));
    expect(result.errors[0]!.error.message).toMatch(/exit 2.*\n.*fake-codeql-crash/);
    expect(result.size).toBe(20);
    expect(result.has("broken")).toBe(false);
    expect(result.get(input[0]!.id)).toHaveLength(1);
    expect(progress).toEqual([1, 2, 3]);
  });

  it("gives snippets with clashing file names distinct files", async () => {
    const result = await analyzer().analyzeBatch(
      [
        { id: "a/b", code: "eval(x)  # fake-codeql: py/code-injection\n" },
        { id: "a_b", code: "print(1)\n" },
      ],
      {},
    );
    expect(result.get("a/b")).toHaveLength(1);
    expect(result.get("a_b")).toEqual([]);
  });

  it("rejects when cancelled instead of reporting chunk errors", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(analyzer().analyzeBatch(snippets(3), { signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});
