import { writeFile } from "node:fs/promises";
import { formatProblem, loadDataset } from "../datasets/load-dataset.js";
import { TaskTestPool } from "./task-test-pool.js";
import { formatValidation, validateDataset } from "./validate-dataset.js";

export interface ValidateFlags {
  json?: string;
  caseTimeout?: string;
  concurrency?: string;
}

/** `seclsp bench validate-dataset <file>`: run each task's tests on its own reference code. */
export async function validateDatasetCommand(file: string, flags: ValidateFlags): Promise<void> {
  const dataset = await loadDataset(file);
  for (const problem of dataset.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  const withTests = dataset.tasks.filter((t) => t.tests);
  if (withTests.length === 0) {
    throw new Error(`${file}: no task has unit tests (only SecCodePLT rows with unittest.testcases do)`);
  }
  const pool = new TaskTestPool(
    { caseTimeoutSeconds: flags.caseTimeout ? Number(flags.caseTimeout) : undefined },
    flags.concurrency ? Number(flags.concurrency) : undefined,
  );
  const result = await validateDataset(dataset.tasks, pool);
  process.stdout.write(`${formatValidation(result)}\n`);
  if (flags.json) await writeFile(flags.json, `${JSON.stringify(result, null, 2)}\n`);
  if (result.inconsistent > 0) process.exitCode = 1;
}
