import type { Finding } from "../analysis/finding.js";
import type { ChatMessage, LlmCallRecord, ModelRoles } from "../llm/types.js";

/** Re-analyze candidate code (embedded, CodeQL or both): used to verify every model-written fix. */
export type AnalyzeCode = (code: string, signal?: AbortSignal) => Promise<Finding[]>;

export interface WorkflowContext {
  models: ModelRoles;
  analyze: AnalyzeCode;
  signal?: AbortSignal;
  /** Short progress lines ("asking the explainer…") for $/progress or a CLI spinner. */
  onProgress?: (message: string) => void;
}

/** A code-generation task (a bench dataset row, or a prompt from the editor). */
export interface GenerationTask {
  id: string;
  /** The vanilla prompt (paper Fig. 2): code stub with docstring, or a task description. */
  prompt: string;
  /** Target CWE of the task ("CWE-89"), when known. */
  targetCwe?: string;
  /** Function the model must implement (kept signature check), when known. */
  functionName?: string;
}

export type HintMode = "none" | "self" | "cwe-definition" | "contextual";

export interface GenerateOptions {
  hints: HintMode;
}

export interface Hint {
  cwe: string;
  name: string;
  description: string;
}

export interface GenerateResult {
  code: string;
  hints: Hint[];
  /** Free-text hint for cwe-definition / contextual modes. */
  hintText?: string;
  findings: Finding[];
  /** The generation conversation, so direct-feedback repair can continue it (paper Fig. 4). */
  conversation: ChatMessage[];
  calls: LlmCallRecord[];
  /** Set when the model changed the function signature of the prompt. */
  signatureChanged?: string;
  /** Set when the model returned no usable code ("model returned no code"); `code` is then "". */
  error?: string;
}

export type FeedbackKind = "direct" | "explained";

export interface RepairRound {
  round: number;
  /** The text given to the generator this round (raw message + location, or the explanation). */
  feedback: string;
  code: string;
  findings: Finding[];
  /** Fingerprints/rules of the findings this round was meant to remove that are gone. */
  resolved: boolean;
  /** Findings present after the round that were not there before it. */
  introduced: Finding[];
  calls: LlmCallRecord[];
  /** Why this round produced no candidate (no code in the reply, model call failed, reply refused). */
  error?: string;
  /**
   * The reply had code, but not code that replaces what was targeted (another function, a
   * result that does not parse): like a reply without code, a model outcome, not a failure.
   */
  refused?: boolean;
  /** Set when the candidate changed a function signature of the code it repaired. */
  signatureChanged?: string;
}

export interface RepairResult {
  rounds: RepairRound[];
  code: string;
  findings: Finding[];
  /** The targeted findings are gone and nothing new appeared. */
  verified: boolean;
}

export interface RepairOptions {
  feedback: FeedbackKind;
  /** Default 3; 1 reproduces the paper. */
  maxRounds?: number;
  /** The generation conversation to continue (direct feedback follows it as a new user turn). */
  conversation?: ChatMessage[];
  /**
   * Everything `ctx.analyze` reports on the input code, when the caller already has it (the
   * bench's vanilla findings): skips the baseline analysis, which matters when it is CodeQL.
   */
  baseline?: Finding[];
}

export interface Explanation {
  markdown: string;
  calls: LlmCallRecord[];
}

export interface HintVerdict {
  verdict: "precise" | "imprecise";
  reason: string;
  calls: LlmCallRecord[];
}
