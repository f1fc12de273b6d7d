import { RegExpParser } from "@eslint-community/regexpp";
import { type Backtracking, findBacktracking, measurePattern } from "./backtracking.js";
import { badTagFilterProblem, incompleteHostname, overlyLargeRanges } from "./pattern-checks.js";
import { type PythonRegexFlags, translatePythonRegex } from "./python-regex-translation.js";

/** Everything the regex rules need to know about one (pattern, flags, anchoring). */
export type RegexAnalysis = (
  | {
      status: "analyzed";
      backtracking: Backtracking;
      badTag: string | undefined;
      overlyLargeRanges: string[];
      incompleteHost: string | undefined;
    }
  /** Python syntax without a JS equivalent (possessive, atomic, conditional, ...). */
  | { status: "unsupported"; reason: string; incompleteHost: string | undefined }
  /** Too big for the bounded analysis, or the analysis failed: said to the user, never a stall. */
  | { status: "not-analyzed"; reason: string; incompleteHost: string | undefined }
) & {
  /** What the analysis costs, in budget units (see `regexCost`). */
  cost: number;
};

/**
 * Analysis work granted per file, in the units of `regexCost` (~1 ms each on an idle 2020s core):
 * ~600 ordinary patterns, or 4 of the largest the bounds admit.
 */
export const REGEX_FILE_BUDGET = 300;

/**
 * Deterministic cost of analyzing a pattern: measured, its time grows with the square of its
 * quantifiers (the pairwise ambiguity search, scslre's automata): ≤ 1.3 ms up to 6 quantifiers,
 * 5–22 ms at 12, 18–40 ms at 24 (the bound). Computed from the pattern alone, so where a file's
 * budget runs out depends neither on the machine's load nor on which patterns an earlier file,
 * an earlier edit or another worker left in the cache: the same file gives the same report.
 */
export function regexCost(quantifiers: number): number {
  return 0.5 + (quantifiers * quantifiers) / 8;
}

/** What rejecting a pattern before the automata costs (translation, parse, size checks). */
const REJECT_COST = regexCost(0);

/** One file's regex work: patterns are charged in the order they are met. */
export class RegexBudget {
  private spent = 0;

  constructor(readonly units = REGEX_FILE_BUDGET) {}

  /** Charge `cost` when it fits in what is left; false (nothing charged) when it does not. */
  take(cost: number): boolean {
    if (this.spent + cost > this.units) return false;
    this.spent += cost;
    return true;
  }
}

/** Distinct patterns remembered; an edit re-analyzes only patterns it changed. */
export const REGEX_CACHE_SIZE = 512;

const cache = new Map<string, RegexAnalysis>();
const parser = new RegExpParser({ ecmaVersion: 2025 });

/**
 * Analyze a Python pattern. `anchoredAtStart` is true for `re.match`/`re.fullmatch`. Results are
 * cached per (pattern, flags, anchoring) in an LRU; the work per pattern is bounded by size limits
 * checked before scslre runs (it is synchronous and cannot be interrupted). With a `budget`, a
 * pattern whose cost does not fit in it is not analyzed (undefined) — cached or not, so the
 * answer never depends on the cache.
 */
export function analyzeRegex(
  pattern: string,
  flags: PythonRegexFlags,
  anchoredAtStart: boolean,
): RegexAnalysis;
export function analyzeRegex(
  pattern: string,
  flags: PythonRegexFlags,
  anchoredAtStart: boolean,
  budget: RegexBudget,
): RegexAnalysis | undefined;
export function analyzeRegex(
  pattern: string,
  flags: PythonRegexFlags,
  anchoredAtStart: boolean,
  budget?: RegexBudget,
): RegexAnalysis | undefined {
  const key = cacheKey(pattern, flags, anchoredAtStart);
  const hit = cache.get(key);
  if (hit) {
    if (budget && !budget.take(hit.cost)) return undefined;
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const result = analyzeUncached(pattern, flags, anchoredAtStart, budget);
  if (!result) return undefined;
  cache.set(key, result);
  if (cache.size > REGEX_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return result;
}

function cacheKey(pattern: string, flags: PythonRegexFlags, anchoredAtStart: boolean): string {
  const bits = [flags.ignoreCase, flags.multiline, flags.dotAll, flags.verbose, anchoredAtStart]
    .map(Number)
    .join("");
  return `${bits}\0${pattern}`;
}

export function regexCacheSize(): number {
  return cache.size;
}

function analyzeUncached(
  pattern: string,
  flags: PythonRegexFlags,
  anchoredAtStart: boolean,
  budget: RegexBudget | undefined,
): RegexAnalysis | undefined {
  const incompleteHost = pattern.length <= 10_000 ? incompleteHostname(pattern) : undefined;
  const rejected = (status: "unsupported" | "not-analyzed", reason: string): RegexAnalysis | undefined =>
    !budget || budget.take(REJECT_COST) ? { status, reason, incompleteHost, cost: REJECT_COST } : undefined;
  const translation = translatePythonRegex(pattern, flags);
  if (!translation.ok) return rejected("unsupported", translation.reason);
  let cost = REJECT_COST;
  let charged = false;
  try {
    const { source } = translation;
    const parsed = parser.parsePattern(source, 0, source.length, { unicode: false });
    const parsedFlags = parser.parseFlags(translation.flags);
    const { quantifiers, tooComplex } = measurePattern(source, parsed);
    if (tooComplex) return rejected("not-analyzed", tooComplex);
    cost = regexCost(quantifiers);
    if (budget && !budget.take(cost)) return undefined;
    charged = true;
    const backtracking = findBacktracking(parsed, parsedFlags, anchoredAtStart);
    const badTag =
      backtracking.kind === "exponential"
        ? undefined
        : badTagFilterProblem(translation.source, translation.flags);
    return {
      status: "analyzed",
      backtracking,
      badTag,
      overlyLargeRanges: overlyLargeRanges(parsed),
      incompleteHost,
      cost,
    };
  } catch (error) {
    // A JS syntax error (Python accepts some patterns JS rejects) or a library failure.
    const reason = error instanceof RangeError ? "pattern too complex" : `not understood (${String(error)})`;
    // Failing inside the automata: charged already, and the cached entry must cost the same.
    return charged
      ? { status: "not-analyzed", reason, incompleteHost, cost }
      : rejected("not-analyzed", reason);
  }
}
