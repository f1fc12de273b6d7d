import { RegExpParser } from "@eslint-community/regexpp";
import { type Backtracking, findBacktracking, tooComplex } from "./backtracking.js";
import { badTagFilterProblem, incompleteHostname, overlyLargeRanges } from "./pattern-checks.js";
import { type PythonRegexFlags, translatePythonRegex } from "./python-regex-translation.js";

/** Everything the regex rules need to know about one (pattern, flags, anchoring). */
export type RegexAnalysis =
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
  | { status: "not-analyzed"; reason: string; incompleteHost: string | undefined };

/** Distinct patterns remembered; an edit re-analyzes only patterns it changed. */
export const REGEX_CACHE_SIZE = 512;

const cache = new Map<string, RegexAnalysis>();
const parser = new RegExpParser({ ecmaVersion: 2025 });

/**
 * Analyze a Python pattern. `anchoredAtStart` is true for `re.match`/`re.fullmatch`. Results are
 * cached per (pattern, flags, anchoring) in an LRU; the work per pattern is bounded by size limits
 * checked before scslre runs (it is synchronous and cannot be interrupted).
 */
export function analyzeRegex(
  pattern: string,
  flags: PythonRegexFlags,
  anchoredAtStart: boolean,
): RegexAnalysis {
  const key = cacheKey(pattern, flags, anchoredAtStart);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const result = analyzeUncached(pattern, flags, anchoredAtStart);
  cache.set(key, result);
  if (cache.size > REGEX_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return result;
}

/** Whether `analyzeRegex` would answer from the cache (no analysis work). */
export function isRegexCached(pattern: string, flags: PythonRegexFlags, anchoredAtStart: boolean): boolean {
  return cache.has(cacheKey(pattern, flags, anchoredAtStart));
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

function analyzeUncached(pattern: string, flags: PythonRegexFlags, anchoredAtStart: boolean): RegexAnalysis {
  const incompleteHost = pattern.length <= 10_000 ? incompleteHostname(pattern) : undefined;
  const translation = translatePythonRegex(pattern, flags);
  if (!translation.ok) return { status: "unsupported", reason: translation.reason, incompleteHost };
  try {
    const { source } = translation;
    const parsed = parser.parsePattern(source, 0, source.length, { unicode: false });
    const parsedFlags = parser.parseFlags(translation.flags);
    const complex = tooComplex(source, parsed);
    if (complex) return { status: "not-analyzed", reason: complex, incompleteHost };
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
    };
  } catch (error) {
    // A JS syntax error (Python accepts some patterns JS rejects) or a library failure.
    const reason = error instanceof RangeError ? "pattern too complex" : `not understood (${String(error)})`;
    return { status: "not-analyzed", reason, incompleteHost };
  }
}
