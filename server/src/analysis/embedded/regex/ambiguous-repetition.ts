import type { AST } from "@eslint-community/regexpp";
import { type CharSet, getIntersectionWordSets, JS, NFA } from "refa";
import { childrenOf } from "./backtracking.js";

/** Alternations wider than this are not compared pairwise (n² intersections). */
export const MAX_COMPARED_ALTERNATIVES = 16;
/** Intersections per pattern (bounds the work for patterns of many wide alternations). */
export const MAX_COMPARED_PAIRS = 600;
/** Automaton size bound for one intersection; beyond it the pair is not decided (no report). */
const MAX_NODES = 10_000;

export interface AmbiguousRepetition {
  /** The repeated group, for the message: "(a|a?)+". */
  part: string;
  /** A character both alternatives can start a common word with. */
  repeated: string;
}

/**
 * Exponential backtracking scslre does not see: an unbounded repetition of an alternation in which
 * two alternatives match a common non-empty word w (`(a|a?)+`, `(\w|\d)*`, `(.|\s)*`). The engine
 * can match wⁿ in 2ⁿ ways; if something after the repetition then fails, it tries them all.
 * Alternatives with lookarounds or backreferences are not decided (no report).
 */
export function findAmbiguousRepetition(
  pattern: AST.Pattern,
  flags: AST.Flags,
): AmbiguousRepetition | undefined {
  let parser: JS.Parser | undefined;
  let found: AmbiguousRepetition | undefined;
  const budget = { pairs: MAX_COMPARED_PAIRS };
  const visit = (node: AST.Node): void => {
    if (found) return;
    if (node.type === "Quantifier" && node.max === Number.POSITIVE_INFINITY && followedByElement(node)) {
      const group = node.element;
      if (
        (group.type === "Group" || group.type === "CapturingGroup") &&
        group.alternatives.length > 1 &&
        group.alternatives.length <= MAX_COMPARED_ALTERNATIVES
      ) {
        parser ??= JS.Parser.fromAst({ pattern, flags });
        const repeated = commonWordStart(parser, group.alternatives, budget);
        if (repeated !== undefined) {
          found = { part: node.raw, repeated };
          return;
        }
      }
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(pattern);
  return found;
}

/** Whether some element follows the quantifier (in it or an enclosing alternative) that can make the match fail. */
function followedByElement(node: AST.Quantifier): boolean {
  let current: AST.Node = node;
  while (current.parent) {
    const parent: AST.Node = current.parent;
    if (parent.type === "Alternative") {
      const index = parent.elements.indexOf(current as AST.Element);
      if (index >= 0 && index < parent.elements.length - 1) return true;
    }
    if (parent.type === "Assertion") return false;
    current = parent;
  }
  return false;
}

function commonWordStart(
  parser: JS.Parser,
  alternatives: AST.Alternative[],
  budget: { pairs: number },
): string | undefined {
  const automata: Array<NFA | undefined> = alternatives.map((alternative) => {
    try {
      const { expression, maxCharacter } = parser.parseElement(alternative, {
        backreferences: "throw",
        assertions: "throw",
      });
      return NFA.fromRegex(
        expression,
        { maxCharacter },
        { assertions: "throw" },
        new NFA.LimitedNodeFactory(MAX_NODES),
      );
    } catch {
      return undefined;
    }
  });
  for (let i = 0; i < automata.length; i++) {
    for (let j = i + 1; j < automata.length; j++) {
      const left = automata[i];
      const right = automata[j];
      if (!left || !right) continue;
      if (--budget.pairs < 0) return undefined;
      const first = firstNonEmptyWord(left, right);
      if (first) return printableOf(first);
    }
  }
  return undefined;
}

/** A printable character of the set for the message (a space rather than a tab), else its first. */
function printableOf(set: CharSet): string {
  for (const { min, max } of set.ranges) {
    const start = Math.max(min, 0x20);
    if (start <= max && start !== 0x7f) return String.fromCodePoint(start);
  }
  return String.fromCodePoint(set.ranges[0]?.min ?? 0x61);
}

/** The first character set of a shortest non-empty word both accept (words come shortest first). */
function firstNonEmptyWord(left: NFA, right: NFA): CharSet | undefined {
  try {
    let seen = 0;
    for (const wordSet of getIntersectionWordSets(left, right, MAX_NODES)) {
      if (wordSet.length > 0) return wordSet[0];
      // Only the empty word can come before the shortest non-empty one.
      if (++seen > 1) return undefined;
    }
  } catch {
    // Too many nodes: undecided, no report.
  }
  return undefined;
}
