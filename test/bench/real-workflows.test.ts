import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { defaultAnalyzerFactory } from "../../server/src/bench/bench-analyzer.js";
import { defaultModelFactory } from "../../server/src/bench/bench-models.js";
import { defaultBenchWorkflows } from "../../server/src/bench/bench-workflows.js";
import { readManifest } from "../../server/src/bench/manifest.js";
import { writeOutputs } from "../../server/src/bench/report/write-outputs.js";
import { rowKey } from "../../server/src/bench/result-row.js";
import { readResults } from "../../server/src/bench/results-store.js";
import { loadRunConfig, type RunConfig } from "../../server/src/bench/run-config.js";
import { runBench } from "../../server/src/bench/runner.js";
import { type FakeOpenAIServer, startFakeOpenAI } from "../fakes/openai-server.js";
import { benchReply } from "./helpers/openai-script.js";
import { ALL_CONDITIONS, FIXTURE_DIR } from "./helpers/scenario.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CLI = join(ROOT, "bin", "seclsp.js");

/**
 * The real workflows (prompts, code extraction, signature check, repair loop), the real LLM
 * client and cache against the local fake OpenAI server, the real embedded analyzer, both
 * fixture datasets. Numbers are the hand-computed ones of helpers/openai-script.ts.
 */
describe("bench with the real workflows, LLM client and embedded analyzer", () => {
  let server: FakeOpenAIServer;
  let dir: string;
  let config: RunConfig;
  let configFile: string;
  let tables: string;

  async function runInProcess(outDir: string, replay: boolean) {
    const summary = await runBench({
      config,
      outDir,
      workflows: defaultBenchWorkflows(),
      models: defaultModelFactory({ cacheDir: join(dir, "cache"), replay, allowRemote: false }),
      analyzers: defaultAnalyzerFactory({ threatModel: config.threatModel }),
    });
    await writeOutputs(outDir, await readManifest(outDir), summary.rows);
    return summary;
  }

  beforeAll(async () => {
    server = await startFakeOpenAI({ script: benchReply });
    dir = await mkdtemp(join(tmpdir(), "seclsp-bench-real-"));
    configFile = join(dir, "bench.yaml");
    await writeFile(
      configFile,
      stringify({
        name: "real",
        datasets: [
          { path: join(FIXTURE_DIR, "securityeval-format.jsonl"), name: "SecurityEval" },
          { path: join(FIXTURE_DIR, "seccodeplt-format.jsonl"), name: "SecCodePLT" },
        ],
        generators: [
          {
            name: "fake-coder",
            model: "fake-coder",
            baseURL: server.baseURL,
            apiKeyEnv: "SECLSP_TEST_NO_KEY",
          },
        ],
        analyzers: ["embedded"],
        threatModel: "remote",
        conditions: [...ALL_CONDITIONS],
        rounds: 2,
        concurrency: { perEndpoint: 2, tasks: 2 },
      }),
    );
    config = await loadRunConfig(configFile);
    await runInProcess(join(dir, "run"), false);
    tables = await readFile(join(dir, "run", "tables.md"), "utf8");
  }, 120_000);

  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("produces the hand-computed tables for both datasets", () => {
    expect(tables).toContain(
      "| Model | SecurityEval TarV-R | SecurityEval AllV-R | SecCodePLT TarV-R | SecCodePLT AllV-R |\n|---|---|---|---|---|\n| fake-coder | 25.0% | 25.0% | 66.7% | 66.7% |",
    );
    // Table 4: hinted code is clean
    expect(tables).toContain("| fake-coder | 0.0% (-25.0) | 0.0% (-25.0) | 0.0% (-66.7) | 0.0% (-66.7) |");
    // Table 8: both repairs fix everything
    expect(tables).toContain("| fake-coder | 0.0% (-25.0) | 0.0% (-25.0) | 0.0% (-66.7) | 0.0% (-66.7) |");
    // Relevance: hints name CWE-502, CWE-327 and CWE-22 → 3 of 8 and 2 of 3; the judge finds them precise
    expect(tables).toContain("| SecurityEval | fake-coder | 37.5% (3/8) | 100.0% (3/3) |");
    expect(tables).toContain("| SecCodePLT | fake-coder | 66.7% (2/3) | 100.0% (2/2) |");
    expect(tables).toContain("| SecurityEval | fake-coder | AllV-R | 25.0% | 0.0% | 0.0% |");
    // Every answer had code and kept the prompt's signature
    expect(tables).toContain("| SecurityEval | fake-coder | vanilla | 8 | 100.0% | 100.0% | 0 |");
    expect(tables).toContain("| SecCodePLT | fake-coder | vanilla | 3 | 100.0% | 100.0% | 0 |");
  });

  it("sends the paper's prompts: vanilla stubs as code, SecCodePLT without its security policy", () => {
    const bodies = server.requests.map((r) => r.body?.messages.at(-1)?.content ?? "");
    expect(
      bodies.some(
        (b) =>
          b.startsWith("Complete the following Python code") &&
          b.includes("def find_user(db_path, username):"),
      ),
    ).toBe(true);
    const plt = bodies.filter((b) => b.includes("Function Name: count_lines"));
    expect(plt.length).toBeGreaterThan(0);
    for (const b of plt) expect(b).not.toContain("must never be interpreted by a shell");
    // The description is prose: only the setup code is fenced, never the whole task (issue 13.7).
    for (const b of plt)
      expect(b).not.toMatch(/^Complete the following Python code|```python\nFunction Name/);
    // direct feedback continues the vanilla conversation with the analyzer's message and location
    const direct = server.requests.find((r) => (r.body?.messages.length ?? 0) === 3);
    expect(direct?.body?.messages[2]?.content).toMatch(/at line \d+, column \d+/);
  });

  it("--replay re-scores the run from the LLM cache only: no request, identical tables", async () => {
    const before = server.requests.length;
    const summary = await runInProcess(join(dir, "replay"), true);
    expect(server.requests.length).toBe(before);
    expect(summary.rows.every((r) => r.error === undefined)).toBe(true);
    expect(await readFile(join(dir, "replay", "tables.md"), "utf8")).toBe(tables);
  });

  it("the built CLI, killed mid-run, resumes to the same tables without duplicate rows", async () => {
    if (!existsSync(join(ROOT, "dist", "bench", "bench-command.js"))) {
      throw new Error("dist/ is not built: run `npm run build` (npm test does) before this test");
    }
    // Slow answers so the kill lands mid-run; a fresh cache so the CLI really calls the server;
    // two conditions keep the spawned runs short on a busy machine.
    server.setScript((request) => ({ delayMs: 40, reply: benchReply(request) }));
    const small = join(dir, "small.yaml");
    await writeFile(
      small,
      stringify({ ...parse(await readFile(configFile, "utf8")), conditions: ["vanilla", "repair-direct"] }),
    );
    const out = join(dir, "cli");
    const args = [
      CLI,
      "bench",
      "run",
      small,
      "--out",
      out,
      "--cache-dir",
      join(dir, "cli-cache"),
      "--yes",
      "--no-progress",
    ];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    await waitFor(
      async () =>
        (await readFile(join(out, "results.jsonl"), "utf8").catch(() => "")).split("\n").length > 12,
    );
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const partial = await readResults(join(out, "results.jsonl"));
    const requestsBefore = server.requests.length;

    const rerun = await runCli(args);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/\d+ unit\(s\) run, \d+ resumed/);
    const resumed = Number(/(\d+) resumed/.exec(rerun.stderr)?.[1]);
    expect(resumed).toBeGreaterThanOrEqual(partial.rows.filter((r) => r.final).length);
    const { rows } = await readResults(join(out, "results.jsonl"));
    expect(new Set(rows.map(rowKey)).size).toBe(rows.length);
    expect(server.requests.length).toBeGreaterThan(requestsBefore);
    const cliTables = await readFile(join(out, "tables.md"), "utf8");
    expect(cliTables).toContain("| fake-coder | 25.0% | 25.0% | 66.7% | 66.7% |");
    expect(cliTables).toContain("| fake-coder | 0.0% (-25.0) | 0.0% (-66.7) |");
    expect(cliTables).not.toContain("Table 4");
    server.setScript(benchReply);
  }, 120_000);
});

function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("exit", (code) => resolve({ code, stderr }));
  });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("timed out waiting for the CLI to write results");
    await new Promise((r) => setTimeout(r, 25));
  }
}
