import type { TestableTask } from "../sandbox/testcase-runner.js";
import type { TaskSpec } from "../workflows/prompts/task-spec.js";
import type { GenerationTask } from "../workflows/types.js";
import type { ReferenceCode } from "./unit-tests/seccodeplt-tests.js";

export type DatasetFormat = "securityeval" | "seccodeplt";

/** One coding task of a benchmark dataset, ready for the generator. */
export interface BenchTask extends GenerationTask {
  /** The task's fields (stub, or description/context/arguments/setup): prompts are built from these. */
  spec: TaskSpec;
  /** Target CWE is always known for dataset tasks (normalized "CWE-89"). */
  targetCwe: string;
  /** Short dataset name (from the run config, or the file name) used in tables. */
  dataset: string;
  format: DatasetFormat;
  /** Where the task came from, for error messages and reports. */
  origin: { file: string; line: number };
  /** SecCodePLT unit tests (capability + safety), when the row has them. */
  tests?: TestableTask;
  /** SecCodePLT reference solutions, for `seclsp bench validate-dataset`. */
  reference?: ReferenceCode;
}

/** A dataset row that could not be read; the loader keeps going with the rest. */
export interface DatasetProblem {
  file: string;
  line: number;
  message: string;
}

export interface LoadedDataset {
  name: string;
  file: string;
  format: DatasetFormat;
  tasks: BenchTask[];
  problems: DatasetProblem[];
}

/** Stable identity of a task across runs and shards. */
export function taskKey(task: Pick<BenchTask, "dataset" | "id">): string {
  return `${task.dataset}/${task.id}`;
}
