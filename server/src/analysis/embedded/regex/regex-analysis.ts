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
  /** Charged before the pattern is read (translated, parsed): see `readCost`. */
  readCost: number;
  /** Charged before its automata are built (0 for a pattern rejected before them): see `regexCost`. */
  analysisCost: number;
};

/**
 * Analysis work granted per file, in the units of `regexCost` (~1 ms each on an idle 2020s core):
 * ~600 ordinary patterns, or 4 of the largest the bounds admit.
 */
export const REGEX_FILE_BUDGET = 300;

/**
 * What reading a pattern costs (the host check, translation, parse and size checks, all linear in
 * its length): charged before any of it, so a file of thousands of patterns, or of megabyte-long
 * ones, stops reading them once its budget is spent.
 */
export function readCost(length: number): number {
  return 0.5 + length / 4000;
}

/**
 * Deterministic cost of analyzing a pattern: measured, its time grows with the square of its
 * quantifiers (the pairwise ambiguity search, scslre's automata): ≤ 1.3 ms up to 6 quantifiers,
 * 5–22 ms at 12, 18–40 ms at 24 (the bound). Computed from the pattern alone, so where a file's
 * budget runs out depends neither on the machine's load nor on which patterns an earlier file,
 * an earlier edit or another worker left in the cache: the same file gives the same report.
 */
export function regexCost(quantifiers: number, length = 0): number {
  return readCost(length) + automataCost(quantifiers);
}

function automataCost(quantifiers: number): number {
  return (quantifiers * quantifiers) / 8;
}

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
    // Charged in the two steps an uncached pattern is, so both stop at the same place.
    if (budget && !(budget.take(hit.readCost) && budget.take(hit.analysisCost))) return undefined;
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
  const toRead = readCost(pattern.length);
  if (budget && !budget.take(toRead)) return undefined;
  const incompleteHost = pattern.length <= 10_000 ? incompleteHostname(pattern) : undefined;
  const rejected = (
    status: "unsupported" | "not-analyzed",
    reason: string,
    analysisCost = 0,
  ): RegexAnalysis => ({
    status,
    reason,
    incompleteHost,
    readCost: toRead,
    analysisCost,
  });
  const translation = translatePythonRegex(pattern, flags);
  if (!translation.ok) return rejected("unsupported", translation.reason);
  let analysisCost = 0;
  try {
    const { source } = translation;
    const parsed = parser.parsePattern(source, 0, source.length, { unicode: false });
    const parsedFlags = parser.parseFlags(translation.flags);
    const { quantifiers, tooComplex } = measurePattern(source, parsed);
    if (tooComplex) return rejected("not-analyzed", tooComplex);
    const cost = automataCost(quantifiers);
    if (budget && !budget.take(cost)) return undefined;
    analysisCost = cost;
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
      readCost: toRead,
      analysisCost,
    };
  } catch (error) {
    // A JS syntax error (Python accepts some patterns JS rejects) or a library failure; what was
    // charged stays charged, and the cached entry costs the same.
    const reason = error instanceof RangeError ? "pattern too complex" : `not understood (${String(error)})`;
    return rejected("not-analyzed", reason, analysisCost);
  }
}
