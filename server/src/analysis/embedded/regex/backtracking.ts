import type { AST } from "@eslint-community/regexpp";
import { analyse } from "scslre";
import { findAmbiguousRepetition } from "./ambiguous-repetition.js";

/** What scslre found: the worst kind of super-linear backtracking and a character to repeat. */
export interface Backtracking {
  kind: "exponential" | "polynomial" | "none";
  /** The character whose repetition triggers it ("a"), when there is a report. */
  repeated?: string;
  /** The responsible part of the (JS) pattern, for the message: "(a+)+". */
  part?: string;
}

/** Patterns longer than this are not analyzed: scslre's automata grow with the pattern. */
export const MAX_ANALYZED_LENGTH = 1_000;
/** Counted repetitions larger than this are unrolled by refa into huge automata. */
export const MAX_COUNTED_REPETITION = 100;
/** Quantifiers beyond this make the pairwise ambiguity search too expensive (~100 ms worst seen). */
export const MAX_QUANTIFIERS = 24;
/** Quantifiers nested deeper than this multiply the automata scslre builds. */
export const MAX_QUANTIFIER_NESTING = 4;

/** Quantifiers of a parsed pattern (what the analysis cost grows with), and why it is too big to analyze. */
export function measurePattern(
  source: string,
  pattern: AST.Pattern,
): { quantifiers: number; tooComplex?: string } {
  let quantifiers = 0;
  let counted: number | undefined;
  let deepest = 0;
  const visit = (node: AST.Node, nesting: number): void => {
    let depth = nesting;
    if (node.type === "Quantifier") {
      quantifiers++;
      depth++;
      deepest = Math.max(deepest, depth);
      const bound = Number.isFinite(node.max) ? node.max : node.min;
      if (bound > MAX_COUNTED_REPETITION) counted = bound;
    }
    for (const child of childrenOf(node)) visit(child, depth);
  };
  if (source.length > MAX_ANALYZED_LENGTH)
    return { quantifiers, tooComplex: `pattern longer than ${MAX_ANALYZED_LENGTH} characters` };
  visit(pattern, 0);
  const tooComplex =
    counted !== undefined
      ? `counted repetition {${counted}} too large`
      : quantifiers > MAX_QUANTIFIERS
        ? `more than ${MAX_QUANTIFIERS} quantifiers`
        : deepest > MAX_QUANTIFIER_NESTING
          ? `quantifiers nested more than ${MAX_QUANTIFIER_NESTING} deep`
          : undefined;
  return tooComplex ? { quantifiers, tooComplex } : { quantifiers };
}

export function childrenOf(node: AST.Node): AST.Node[] {
  switch (node.type) {
    case "Pattern":
    case "CapturingGroup":
    case "Group":
      return node.alternatives;
    case "Assertion":
      return node.kind === "lookahead" || node.kind === "lookbehind" ? node.alternatives : [];
    case "Alternative":
      return node.elements;
    case "Quantifier":
      return [node.element];
    case "CharacterClass":
      return node.elements;
    default:
      return [];
  }
}

/**
 * Run scslre on a parsed pattern. `anchoredAtStart` is true for `re.match`/`fullmatch`
 * (sticky): the regex engine then never retries from later start positions.
 */
export function findBacktracking(
  pattern: AST.Pattern,
  flags: AST.Flags,
  anchoredAtStart: boolean,
): Backtracking {
  const parsedFlags = anchoredAtStart ? { ...flags, sticky: true, raw: `${flags.raw}y` } : flags;
  const result = analyse({ pattern, flags: parsedFlags }, { maxReports: 8 });
  const exponential = result.reports.find((r) => r.exponential);
  if (!exponential) {
    // scslre calls `(a|a?)+b` polynomial (or misses it): check its alternations for ambiguity.
    const ambiguous = findAmbiguousRepetition(pattern, flags);
    if (ambiguous) return { kind: "exponential", ...ambiguous };
  }
  const worst = exponential ?? result.reports[0];
  if (!worst) return { kind: "none" };
  const part =
    worst.type === "Self"
      ? worst.parentQuant.raw
      : worst.type === "Trade"
        ? worst.startQuant.raw
        : worst.quant.raw;
  return {
    kind: exponential ? "exponential" : "polynomial",
    repeated: worst.character.pick,
    part,
  };
}
