import type { LlmCallRecord } from "../llm/types.js";
import type { FeedbackKind, RepairRound, WorkflowContext } from "../workflows/types.js";
import type { BenchTask } from "./bench-task.js";
import type { BenchWorkflows } from "./bench-workflows.js";
import { type Condition, GENERATION_HINTS } from "./conditions.js";
import type { ResultRow } from "./result-row.js";
import { type RowTestOutcome, rowTestOutcome } from "./unit-tests/row-test-outcome.js";
import type { TaskTestPool } from "./unit-tests/task-test-pool.js";

/** What one model × task pipeline has produced so far (earlier conditions feed later ones). */
export interface PipelineState {
  vanilla?: ResultRow;
  selfHints?: ResultRow;
}

export interface ConditionInput {
  condition: Condition;
  task: BenchTask;
  model: string;
  analyzer: string;
  ctx: WorkflowContext;
  workflows: BenchWorkflows;
  state: PipelineState;
  rounds: number;
  iterativeFeedback: FeedbackKind;
  /** Run the task's unit tests on every row's code (SecCodePLT tasks with tests). */
  tests?: TaskTestPool;
}

/**
 * Run one condition for one task and return its rows (the last one `final`). A model answer
 * without code is a row with `error`; a failed call (endpoint down, replay miss) throws, so the
 * runner leaves the unit unwritten and a rerun retries it.
 */
export async function runCondition(input: ConditionInput): Promise<ResultRow[]> {
  const rows = await conditionRows(input);
  if (input.tests && input.task.tests) await attachTestOutcomes(rows, input, input.tests);
  else if (input.tests && input.task.format === "seccodeplt") markNoTests(rows);
  return rows;
}

/**
 * A SecCodePLT task without `unittest.testcases`: its rows say "no tests" (counted in the
 * unit-tests table's "No tests" column, never as passing) instead of looking untested by
 * accident. Nothing runs, so there is nothing to isolate.
 */
const NO_TESTS: RowTestOutcome = {
  status: "no-tests",
  capability: { passed: 0, total: 0 },
  safety: { passed: 0, total: 0 },
  allPassed: false,
  reason: "the task has no unit tests",
  networkIsolated: true,
};

function markNoTests(rows: ResultRow[]): void {
  for (const row of rows) if (row.code.trim() !== "") row.tests = { ...NO_TESTS };
}

/** Test each distinct code once; rows that kept vanilla's code reuse vanilla's outcome. */
async function attachTestOutcomes(
  rows: ResultRow[],
  input: ConditionInput,
  pool: TaskTestPool,
): Promise<void> {
  const task = input.task.tests;
  if (!task) return;
  const vanilla = input.state.vanilla;
  for (const row of rows) {
    if (!row.parsed && row.code.trim() === "") continue;
    if (vanilla?.tests && row.code === vanilla.code) row.tests = vanilla.tests;
    else if (row.code.trim() !== "") row.tests = rowTestOutcome(await pool.run(task, row.code));
  }
}

async function conditionRows(input: ConditionInput): Promise<ResultRow[]> {
  const { condition } = input;
  const hints = GENERATION_HINTS[condition];
  if (hints !== undefined) return [await generationRow(input, hints)];
  switch (condition) {
    case "repair-direct":
      return repairRows(input, "direct", 1);
    case "repair-explained":
      return repairRows(input, "explained", 1);
    case "iterative-repair":
      return repairRows(input, input.iterativeFeedback, input.rounds);
    case "hint-preciseness":
      return [await precisenessRow(input)];
    default:
      throw new Error(`condition ${condition} writes no rows`);
  }
}

function baseRow(input: ConditionInput, round: number): ResultRow {
  return {
    model: input.model,
    condition: input.condition,
    dataset: input.task.dataset,
    taskId: input.task.id,
    targetCwe: input.task.targetCwe,
    round,
    final: true,
    analyzer: input.analyzer,
    code: "",
    parsed: false,
    findings: [],
    tokens: { prompt: 0, completion: 0 },
    calls: 0,
    cacheHits: 0,
    latencyMs: 0,
  };
}

function withCalls(row: ResultRow, calls: LlmCallRecord[]): ResultRow {
  for (const call of calls) {
    row.tokens.prompt += call.usage.promptTokens;
    row.tokens.completion += call.usage.completionTokens;
    row.calls++;
    if (call.cached) row.cacheHits++;
    row.latencyMs += call.latencyMs;
  }
  return row;
}

async function generationRow(
  input: ConditionInput,
  hints: "none" | "self" | "cwe-definition" | "contextual",
): Promise<ResultRow> {
  const row = baseRow(input, 0);
  // Exceptions (endpoint down, replay miss) propagate: the unit is not written and reruns on resume.
  const result = await input.workflows.generate(input.ctx, input.task, { hints });
  row.code = result.code;
  row.parsed = result.code.trim() !== "";
  row.findings = result.findings;
  // "model returned no code" is an answer of the model, so it is recorded, not retried.
  if (result.error !== undefined) row.error = result.error;
  if (row.parsed) row.signatureKept = signatureKept(input.task, result.code, result.signatureChanged);
  if (hints === "self") {
    row.hints = result.hints;
    row.hintsIncludeTarget = input.workflows.hintRelevance(result.hints, input.task.targetCwe);
  }
  if (result.hintText !== undefined) row.hintText = result.hintText;
  if (hints === "none") row.conversation = result.conversation;
  return withCalls(row, result.calls);
}

async function repairRows(
  input: ConditionInput,
  feedback: FeedbackKind,
  maxRounds: number,
): Promise<ResultRow[]> {
  const vanilla = input.state.vanilla;
  const unchanged = (reason: string, round: number): ResultRow => ({
    ...baseRow(input, round),
    code: vanilla?.code ?? "",
    parsed: vanilla?.parsed ?? false,
    signatureKept: vanilla?.signatureKept,
    findings: vanilla?.findings ?? [],
    skipped: reason,
  });
  if (!vanilla) return [unchanged("no vanilla row", 0)];
  if (!vanilla.parsed) return [unchanged("vanilla produced no code", 0)];
  if (vanilla.findings.length === 0) return [unchanged("vanilla code had no finding", 0)];
  const result = await input.workflows.repair(input.ctx, vanilla.code, vanilla.findings, {
    feedback,
    maxRounds,
    conversation: feedback === "direct" ? vanilla.conversation : undefined,
  });
  // The repair loop records failed model calls as rounds; in a bench they are transient (the
  // endpoint, not the model's answer), so the unit fails and reruns on resume.
  // A refused reply (code that replaces nothing targeted) is the model's answer too, not a failure.
  const failed = result.rounds.find((r) => r.error !== undefined && !r.refused && !NO_CODE.test(r.error));
  if (failed) throw new Error(`repair round ${failed.round}: ${failed.error}`);
  if (result.rounds.length === 0) return [unchanged("repair returned no rounds", 1)];
  return result.rounds.map((round, i) => roundRow(input, round, i === result.rounds.length - 1, vanilla));
}

/** The workflows' NoCodeError message: the model answered without code (a real outcome). */
const NO_CODE = /returned no code/i;

/**
 * A repair round's row. A round without a candidate (no code, failed call) keeps the previous code
 * and findings, so the metrics count the snippet as unrepaired.
 */
function roundRow(input: ConditionInput, round: RepairRound, final: boolean, vanilla: ResultRow): ResultRow {
  const row = baseRow(input, round.round);
  row.final = final;
  row.code = round.code.trim() === "" ? vanilla.code : round.code;
  row.parsed = round.error === undefined;
  row.findings = round.code.trim() === "" ? vanilla.findings : round.findings;
  row.feedback = round.feedback;
  // The workflow compares each candidate with the code it repaired; a signature already lost in
  // vanilla stays lost.
  if (vanilla.signatureKept !== undefined)
    row.signatureKept = vanilla.signatureKept && round.signatureChanged === undefined;
  if (round.error !== undefined) row.error = round.error;
  return withCalls(row, round.calls);
}

/**
 * Code prompts (SecurityEval) are checked by the workflow against the stub's signature. Prose
 * prompts (SecCodePLT) name the function: there the check is that the function is defined.
 */
function signatureKept(task: BenchTask, code: string, changed: string | undefined): boolean | undefined {
  if (task.functionName === undefined) return undefined;
  if (task.format === "securityeval") return changed === undefined;
  // SecCodePLT: the named function exists, with the reference's parameters when the row has them.
  const defined = new RegExp(`^\\s*(?:async\\s+)?def\\s+${escapeRegExp(task.functionName)}\\s*\\(`, "m").test(
    code,
  );
  return defined && changed === undefined;
}

async function precisenessRow(input: ConditionInput): Promise<ResultRow> {
  const row = baseRow(input, 0);
  const hint = input.state.selfHints?.hints?.find((h) => h.cwe === input.task.targetCwe);
  if (!hint) {
    row.skipped = "self-generated hints omit the target CWE";
    return row;
  }
  row.hints = [hint];
  const definition = await input.workflows.officialDefinition(input.task.targetCwe);
  const verdict = await input.workflows.judgeHint(input.ctx, hint, definition);
  row.verdict = verdict.verdict;
  row.verdictReason = verdict.reason;
  return withCalls(row, verdict.calls);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
