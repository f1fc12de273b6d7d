import { createInterface } from "node:readline/promises";
import type { Condition } from "./conditions.js";
import { maxCallsPerTask } from "./conditions.js";

export interface Estimate {
  tasks: number;
  models: number;
  conditions: Condition[];
  rounds: number;
  /** Units (model × condition × task) still to run, and already done (resume). */
  pendingUnits: number;
  doneUnits: number;
  /** Upper bound: repair conditions only call models for vulnerable snippets. */
  maxCalls: number;
  /** Rough prompt tokens of the generation calls (characters / 4). */
  approxPromptTokens: number;
  /** Wall time at the configured concurrency, from secondsPerCall. */
  approxSeconds: number;
}

export function estimateRun(input: {
  pending: Array<{ condition: Condition; promptChars: number }>;
  doneUnits: number;
  tasks: number;
  models: number;
  conditions: Condition[];
  rounds: number;
  secondsPerCall: number;
  parallelCalls: number;
}): Estimate {
  let maxCalls = 0;
  let promptChars = 0;
  for (const unit of input.pending) {
    const calls = maxCallsPerTask(unit.condition, input.rounds);
    maxCalls += calls;
    promptChars += unit.promptChars * calls;
  }
  return {
    tasks: input.tasks,
    models: input.models,
    conditions: input.conditions,
    rounds: input.rounds,
    pendingUnits: input.pending.length,
    doneUnits: input.doneUnits,
    maxCalls,
    approxPromptTokens: Math.round(promptChars / 4),
    approxSeconds: Math.ceil((maxCalls * input.secondsPerCall) / Math.max(1, input.parallelCalls)),
  };
}

export function describeEstimate(e: Estimate): string {
  const lines = [
    `${e.tasks} tasks × ${e.models} model(s) × ${e.conditions.length} condition(s) [${e.conditions.join(", ")}]` +
      (e.conditions.includes("iterative-repair") ? `, up to ${e.rounds} repair rounds` : ""),
    `${e.pendingUnits} unit(s) to run${e.doneUnits > 0 ? `, ${e.doneUnits} already done (resumed)` : ""}`,
    `at most ${e.maxCalls} model calls (repairs only run on vulnerable snippets; cached replies cost nothing)`,
    `≈ ${e.approxPromptTokens.toLocaleString("en-US")} prompt tokens, ≈ ${formatDuration(e.approxSeconds)} at the configured concurrency`,
  ];
  return lines.join("\n");
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * Ask "Continue? [y/N]" on a terminal. Never prompts when stdin is not a TTY (CI, Kubernetes):
 * then the run proceeds, so unattended jobs need no --yes.
 */
export async function confirmOnTty(
  question: string,
  io: { input: NodeJS.ReadableStream & { isTTY?: boolean }; output: NodeJS.WritableStream } = {
    input: process.stdin,
    output: process.stderr,
  },
): Promise<boolean> {
  if (!io.input.isTTY) return true;
  const rl = createInterface({ input: io.input, output: io.output });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
