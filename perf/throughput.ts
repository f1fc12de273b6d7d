/**
 * npm run perf:throughput — batch scanning speed.
 *   (1) `seclsp check <dir>` (the BUILT CLI, embedded analyzer, JSON report) over 2,000 generated
 *       snippets in one folder: wall time from process start to exit, snippets/s.
 *   (2) CodeQL batch mode with the fake CLI (test/fakes/codeql, FAKE_CODEQL_LOG): the same
 *       2,000 snippets through CodeqlAnalyzer.analyzeBatch (what `seclsp bench` uses; `seclsp
 *       check` runs the embedded analyzer only), counting the codeql processes started per
 *       chunk of seclsp.codeql.batchSize (200) snippets. The fake does no real analysis, so only
 *       the process count is meaningful, not its time.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createAnalyzer } from "../server/src/analysis/create-analyzers.js";
import { DEFAULT_CONFIG } from "../server/src/config/schema.js";
import { SECLSP_BIN } from "./lib/lsp-stdio-client.js";
import { machineLine, writeResult } from "./lib/results.js";

/** The fake CodeQL CLI, an executable read as test data (perf scripts import nothing from test/). */
const FAKE_CODEQL = fileURLToPath(new URL("../test/fakes/codeql", import.meta.url));

const SNIPPETS = Number(process.env.SECLSP_BENCH_SNIPPETS ?? 2000);

/** Small task-sized functions like generated code in the paper's datasets, 1 in 3 vulnerable. */
function snippet(i: number): string {
  const variants = [
    `import sqlite3\n\ndef get_user_${i}(conn, name):\n    cur = conn.cursor()\n    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)\n    return cur.fetchone()\n`,
    `import subprocess\n\ndef ping_${i}(host):\n    return subprocess.run(["ping", "-c", "1", host], capture_output=True).returncode\n`,
    `import os\n\ndef read_${i}(base, name):\n    path = os.path.join(base, os.path.basename(name))\n    with open(path) as f:\n        return f.read()\n`,
    `import yaml\n\ndef load_${i}(text):\n    return yaml.load(text, Loader=yaml.Loader)\n`,
    `import hashlib\n\ndef digest_${i}(data: bytes) -> str:\n    return hashlib.sha256(data).hexdigest()\n`,
    `from flask import Flask, request\n\napp = Flask(__name__)\n\n@app.route("/r${i}")\ndef route_${i}():\n    return str(eval(request.args["q"]))\n`,
  ];
  return variants[i % variants.length]!;
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], env });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

const work = mkdtempSync(join(tmpdir(), "seclsp-throughput-"));
try {
  const dir = join(work, "snippets");
  mkdirSync(dir);
  const snippets = Array.from({ length: SNIPPETS }, (_, i) => ({ id: `task_${i}.py`, code: snippet(i) }));
  for (const s of snippets) writeFileSync(join(dir, s.id), s.code);

  // (1) the CLI, embedded analyzer.
  const report = join(work, "report.json");
  const started = performance.now();
  const result = await run([
    SECLSP_BIN,
    "check",
    dir,
    "--format",
    "json",
    "--output",
    report,
    "--fail-on",
    "error",
    // The embedded analyzer alone: CodeQL/Bandit found on this machine would change what is timed.
    "--no-codeql",
    "--no-bandit",
  ]);
  const checkMs = performance.now() - started;
  if (result.code !== 0 && result.code !== 1)
    throw new Error(`seclsp check failed (${result.code}): ${result.stderr}`);
  const parsed = JSON.parse(readFileSync(report, "utf8")) as {
    filesAnalyzed?: number;
    findings?: unknown[];
  };
  const analyzed = parsed.filesAnalyzed ?? Number.NaN;
  const perSecond = SNIPPETS / (checkMs / 1000);

  // (2) CodeQL batch with the fake CLI: processes per chunk.
  const log = join(work, "codeql.log");
  const analyzer = createAnalyzer(
    "codeql",
    {
      ...DEFAULT_CONFIG,
      codeql: { ...DEFAULT_CONFIG.codeql, path: FAKE_CODEQL, cacheDir: join(work, "codeql-cache") },
    },
    { env: { ...process.env, FAKE_CODEQL_LOG: log }, workDir: work, required: true },
  );
  const batchStarted = performance.now();
  const batch = await analyzer.analyzeBatch(snippets);
  const batchMs = performance.now() - batchStarted;
  const invocations = readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { argv?: string[] });
  const database = invocations.filter((e) => e.argv?.[0] === "database");
  const chunks = Math.ceil(SNIPPETS / DEFAULT_CONFIG.codeql.batchSize);
  const withFindings = [...batch.values()].filter((f) => f.length > 0).length;

  console.log(`seclsp throughput over ${SNIPPETS} generated snippets (one folder)`);
  console.log(
    `seclsp check (embedded, CLI start to exit): ${(checkMs / 1000).toFixed(2)} s, ${analyzed} files analyzed, ` +
      `${perSecond.toFixed(0)} snippets/s (goal ≥ 200) → ${perSecond >= 200 ? "met" : "NOT met"}`,
  );
  console.log(
    `CodeQL batch (fake CLI, batchSize ${DEFAULT_CONFIG.codeql.batchSize}): ${chunks} chunks, ` +
      `${invocations.length} codeql processes (${database.length} database create/analyze + ` +
      `${invocations.length - database.length} version), ${(database.length / chunks).toFixed(1)} per chunk; ` +
      `${batch.size} snippets answered, ${batch.errors.length} failed chunks, ${withFindings} with findings ` +
      `(${(batchMs / 1000).toFixed(1)} s — fake, not comparable to real CodeQL)`,
  );
  console.log(machineLine());
  writeResult("throughput", {
    snippets: SNIPPETS,
    check: {
      ms: checkMs,
      filesAnalyzed: analyzed,
      findings: parsed.findings?.length,
      snippetsPerSecond: perSecond,
    },
    codeqlBatch: {
      batchSize: DEFAULT_CONFIG.codeql.batchSize,
      chunks,
      processes: invocations.length,
      databaseProcesses: database.length,
      databaseProcessesPerChunk: database.length / chunks,
      failedChunks: batch.errors.length,
      ms: batchMs,
    },
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
