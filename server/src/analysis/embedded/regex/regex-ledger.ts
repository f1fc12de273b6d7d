import type { ImportMap } from "../taint/imports.js";
import type { PyNode, SyntaxTree } from "../taint/syntax-tree.js";
import { analyzeRegex, REGEX_FILE_BUDGET, type RegexAnalysis, RegexBudget } from "./regex-analysis.js";
import { findRegexUses, type RegexUse } from "./regex-uses.js";

/** What a file's regex checks read: its imports, single-assignment constants and calls. */
export interface RegexInputs {
  imports: ImportMap;
  constants: Map<string, PyNode>;
  calls: readonly PyNode[];
}

/**
 * Which of a file's patterns are analyzed, decided once per syntax tree: every pattern given to an
 * `re` function is charged to the file's budget (see `regexCost`) in document order, so the cut
 * depends on the text alone — not on the cache, the load, or the order in which the taint engine
 * meets the calls (its per-function results are reused across edits, and a reused function asks
 * nothing). The pattern checks (`runRegexChecks`) and the taint engine's polynomial-ReDoS sink
 * (`polynomialRegexSubject`) read the same ledger, so neither analyzes a pattern past the budget.
 */
export class RegexLedger {
  private readonly byCall = new Map<PyNode, { use: RegexUse; analysis: RegexAnalysis | undefined }>();
  /** Anchored analyses of compiled patterns (`P.match(s)`), at most one per admitted pattern. */
  private readonly anchored = new Map<PyNode, RegexAnalysis | undefined>();

  private constructor(
    readonly units: number,
    /** In document order, each with its analysis; undefined: past the budget, never read. */
    readonly uses: ReadonlyArray<{ use: RegexUse; analysis: RegexAnalysis | undefined }>,
  ) {
    for (const entry of uses) this.byCall.set(entry.use.call, entry);
  }

  /** Charge every use of `inputs.calls` in order (tests give their own budget and inputs). */
  static build(tree: SyntaxTree, inputs: RegexInputs, units = REGEX_FILE_BUDGET): RegexLedger {
    const budget = new RegexBudget(units);
    const uses = findRegexUses(tree, inputs.imports, inputs.constants, inputs.calls).map((use) => ({
      use,
      analysis: analyzeRegex(use.pattern, use.flags, use.anchoredAtStart, budget),
    }));
    return new RegexLedger(units, uses);
  }

  /** The analysis of the pattern given at `call` (an `re` function call); undefined when there is none or it is past the budget. */
  analysisAt(call: PyNode): RegexAnalysis | undefined {
    return this.byCall.get(call)?.analysis;
  }

  /**
   * The pattern compiled at `compileCall` (`re.compile(...)`) as a later call uses it: anchored at
   * the start for `match`/`fullmatch`. Only for a pattern the budget admitted at its compile call;
   * the anchored variant is analyzed once per ledger, so the work stays within twice the budget.
   */
  compiledVariant(compileCall: PyNode, anchoredAtStart: boolean): RegexAnalysis | undefined {
    const entry = this.byCall.get(compileCall);
    if (!entry?.analysis || !anchoredAtStart || entry.use.anchoredAtStart) return entry?.analysis;
    if (entry.analysis.status !== "analyzed") return entry.analysis;
    if (!this.anchored.has(compileCall))
      this.anchored.set(compileCall, analyzeRegex(entry.use.pattern, entry.use.flags, true));
    return this.anchored.get(compileCall);
  }
}

const ledgers = new WeakMap<SyntaxTree, RegexLedger>();

/**
 * The file's ledger with the default budget, built on first need by whichever pass asks first
 * (the `inputs` of both are the same functions of the tree: imports, single assignments, calls).
 */
export function fileRegexLedger(tree: SyntaxTree, inputs: RegexInputs): RegexLedger {
  let ledger = ledgers.get(tree);
  if (!ledger) {
    ledger = RegexLedger.build(tree, inputs);
    ledgers.set(tree, ledger);
  }
  return ledger;
}
