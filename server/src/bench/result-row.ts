import type { Finding } from "../analysis/finding.js";
import type { ChatMessage } from "../llm/types.js";
import type { Hint } from "../workflows/types.js";
import type { Condition } from "./conditions.js";
import type { RowTestOutcome } from "./unit-tests/row-test-outcome.js";

/**
 * One line of results.jsonl: one model × condition × task × round. Everything the tables need is
 * in the rows, so tables can be rebuilt (and shards merged) without calling a model.
 */
export interface ResultRow {
  model: string;
  condition: Condition;
  dataset: string;
  taskId: string;
  targetCwe: string;
  /** 0 for single-shot conditions; 1..k for repair rounds; 0 also marks "clean, no repair needed". */
  round: number;
  /** The last row written for this model × condition × task (a unit is complete only with it). */
  final: boolean;
  /** Analyzers whose findings are in `findings` ("embedded", "codeql+bandit"). */
  analyzer: string;
  /** Final code of this row; "" when the model returned none. */
  code: string;
  /** The model returned usable code. */
  parsed: boolean;
  /** Undefined when the task names no function; false when the model changed the prompt's signature. */
  signatureKept?: boolean;
  findings: Finding[];
  /** Self-generated hints (self-hints), with whether they name the target CWE (paper Table 5). */
  hints?: Hint[];
  hintsIncludeTarget?: boolean;
  /** cwe-definition / contextual hint text; repair feedback text. */
  hintText?: string;
  feedback?: string;
  /** hint-preciseness: the judge's verdict on the hint for the target CWE. */
  verdict?: "precise" | "imprecise";
  verdictReason?: string;
  /** Why this row needed no model call ("vanilla code had no finding", "hints omit the target CWE"). */
  skipped?: string;
  /** Generation conversation, kept on vanilla rows so direct-feedback repair can continue it. */
  conversation?: ChatMessage[];
  tokens: { prompt: number; completion: number };
  calls: number;
  cacheHits: number;
  latencyMs: number;
  error?: string;
  /** SecCodePLT capability/safety tests run on `code` in the sandbox (`--tests on`). */
  tests?: RowTestOutcome;
}

/** Identity of a row; resume and merge use it. */
export function rowKey(row: Pick<ResultRow, "model" | "condition" | "dataset" | "taskId" | "round">): string {
  return `${row.model}\u0000${row.condition}\u0000${row.dataset}\u0000${row.taskId}\u0000${row.round}`;
}

/** Identity of a unit of work (all rounds of one model × condition × task). */
export function unitKey(row: Pick<ResultRow, "model" | "condition" | "dataset" | "taskId">): string {
  return `${row.model}\u0000${row.condition}\u0000${row.dataset}\u0000${row.taskId}`;
}

/** Deterministic order for written and merged results: model, condition, dataset, task, round. */
export function compareRows(a: ResultRow, b: ResultRow): number {
  return (
    cmp(a.model, b.model) ||
    cmp(a.condition, b.condition) ||
    cmp(a.dataset, b.dataset) ||
    cmp(a.taskId, b.taskId) ||
    a.round - b.round
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Findings carry the target CWE (TarV). */
export function hasTargetFinding(row: Pick<ResultRow, "findings" | "targetCwe">): boolean {
  return row.findings.some((f) => f.cwes.includes(row.targetCwe));
}
