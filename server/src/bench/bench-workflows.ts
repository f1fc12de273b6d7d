import type { Finding } from "../analysis/finding.js";
import * as workflows from "../workflows/index.js";
import type {
  Explanation,
  GenerateResult,
  GenerationTask,
  Hint,
  HintMode,
  HintVerdict,
  RepairOptions,
  RepairResult,
  WorkflowContext,
} from "../workflows/types.js";

/**
 * The paper's steps as the bench uses them. The default implementation is the real
 * `workflows/` functions (one implementation of every step, shared with the LSP); tests may
 * inject scripted ones.
 */
export interface BenchWorkflows {
  generate(ctx: WorkflowContext, task: GenerationTask, options: { hints: HintMode }): Promise<GenerateResult>;
  repair(
    ctx: WorkflowContext,
    code: string,
    findings: Finding[],
    options: RepairOptions,
  ): Promise<RepairResult>;
  explainFinding(ctx: WorkflowContext, code: string, finding: Finding): Promise<Explanation>;
  hintRelevance(hints: Hint[], targetCwe: string): boolean;
  judgeHint(ctx: WorkflowContext, hint: Hint, officialDefinition: string): Promise<HintVerdict>;
  /** Official CWE definition text given to the judge ("CWE-89: Improper Neutralization ... — ..."). */
  officialDefinition(cwe: string): Promise<string>;
}

const NAMES = ["generate", "repair", "explainFinding", "hintRelevance", "judgeHint"] as const;

/** The real workflow functions; a clear error if a function is not exported (yet). */
export function defaultBenchWorkflows(): BenchWorkflows {
  const exported = workflows as Record<string, unknown>;
  const missing = NAMES.filter((n) => typeof exported[n] !== "function");
  if (missing.length > 0) {
    throw new Error(
      `seclsp bench: workflows/index.ts does not export ${missing.join(", ")} (build incomplete)`,
    );
  }
  const fns = exported as unknown as Omit<BenchWorkflows, "officialDefinition">;
  return {
    generate: (ctx, task, options) => fns.generate(ctx, task, options),
    repair: (ctx, code, findings, options) => fns.repair(ctx, code, findings, options),
    explainFinding: (ctx, code, finding) => fns.explainFinding(ctx, code, finding),
    hintRelevance: (hints, target) => fns.hintRelevance(hints, target),
    judgeHint: (ctx, hint, definition) => fns.judgeHint(ctx, hint, definition),
    officialDefinition: catalogDefinition,
  };
}

interface CweInfoLike {
  id: string;
  name: string;
  description?: string;
}

/** Uses the CWE catalog (analysis/cwe-catalog.ts) when present; the bare id otherwise. */
async function catalogDefinition(cwe: string): Promise<string> {
  const specifier = "../analysis/cwe-catalog.js";
  try {
    // The catalog is optional at build time, so it is loaded by a computed specifier.
    const catalog = (await import(specifier)) as { cweInfo?: (id: string) => CweInfoLike };
    const info = catalog.cweInfo?.(cwe);
    if (info)
      return info.description ? `${info.id}: ${info.name}. ${info.description}` : `${info.id}: ${info.name}`;
  } catch {
    // Fall through to the id alone.
  }
  return cwe;
}
