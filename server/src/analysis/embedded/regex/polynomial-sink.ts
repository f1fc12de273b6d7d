import { calleeName, lastSegment } from "../checks/call-names.js";
import { pythonStringValue, resolveConstant, singleAssignments } from "../checks/python-literals.js";
import { type CallInfo, splitArguments } from "../taint/call-info.js";
import { collectImports, type ImportMap } from "../taint/imports.js";
import { type PyNode, type SyntaxTree, textOf, unwrap } from "../taint/syntax-tree.js";
import { flagsFromNames, NO_FLAGS, type PythonRegexFlags } from "./python-regex-translation.js";
import { analyzeRegex } from "./regex-analysis.js";

const MATCHING = new Set(["match", "fullmatch", "search", "findall", "finditer", "split", "sub", "subn"]);
const FLAGS_INDEX: Record<string, number> = {
  match: 2,
  fullmatch: 2,
  search: 2,
  findall: 2,
  finditer: 2,
  split: 3,
  sub: 4,
  subn: 4,
};

interface FileFacts {
  imports: ImportMap;
  /** Whether anything is imported from `re` (else no call here can be a regex call). */
  usesRe: boolean;
  /** Computed on first need: a walk over the whole file. */
  constants?: Map<string, PyNode>;
}

/** Imports and single-assignment constants per syntax tree (a new tree per edit). */
const facts = new WeakMap<SyntaxTree, FileFacts>();

function factsOf(tree: SyntaxTree): FileFacts {
  let known = facts.get(tree);
  if (!known) {
    const imports = collectImports(tree);
    const usesRe = [...imports.values()].some((q) => q === "re" || q.startsWith("re."));
    known = { imports, usesRe };
    facts.set(tree, known);
  }
  return known;
}

function constantsOf(tree: SyntaxTree): Map<string, PyNode> {
  const known = factsOf(tree);
  known.constants ??= singleAssignments(tree);
  return known.constants;
}

/**
 * The subject argument of a regex call whose pattern backtracks polynomially, for `py/polynomial-redos`: `re.search(r"\s+$", s)` or `P.match(s)` with
 * `P = re.compile(r"...")` assigned once in the file. Undefined for linear or unknown patterns.
 */
export function polynomialRegexSubject(call: CallInfo): PyNode | undefined {
  if (!MATCHING.has(call.name)) return undefined;
  const { tree } = call;
  if (!factsOf(tree).usesRe) return undefined;
  const subjectIndex = call.name === "sub" || call.name === "subn" ? 1 : 0;
  const anchored = call.name === "match" || call.name === "fullmatch";
  if (call.qualified === `re.${call.name}`) {
    const pattern = call.args[0] ?? call.kwargs.get("pattern");
    const flags = call.args[FLAGS_INDEX[call.name]!] ?? call.kwargs.get("flags");
    const subject = call.args[subjectIndex + 1] ?? call.kwargs.get("string");
    return pattern && superLinear(tree, pattern, flags, anchored) ? subject : undefined;
  }
  const receiver = call.receiver ? unwrap(call.receiver) : undefined;
  if (receiver?.type !== "identifier") return undefined;
  const compiled = constantsOf(tree).get(textOf(tree, receiver));
  if (compiled?.type !== "call" || calleeName(tree, factsOf(tree).imports, compiled) !== "re.compile")
    return undefined;
  const { args, kwargs } = splitArguments(tree, compiled);
  const pattern = args[0] ?? kwargs.get("pattern");
  const flags = args[1] ?? kwargs.get("flags");
  const subject = call.args[subjectIndex] ?? call.kwargs.get("string");
  return pattern && superLinear(tree, pattern, flags, anchored) ? subject : undefined;
}

function superLinear(
  tree: SyntaxTree,
  patternNode: PyNode,
  flagsNode: PyNode | undefined,
  anchored: boolean,
): boolean {
  const literal = resolveConstant(tree, patternNode, constantsOf(tree));
  const pattern = pythonStringValue(tree, literal);
  if (pattern === undefined) return false;
  const analysis = analyzeRegex(pattern, flagsOf(tree, flagsNode), anchored);
  // Exponential patterns are py/redos at the pattern already, whatever the subject.
  return analysis.status === "analyzed" && analysis.backtracking.kind === "polynomial";
}

function flagsOf(tree: SyntaxTree, node: PyNode | undefined): PythonRegexFlags {
  if (!node) return NO_FLAGS;
  return flagsFromNames(
    textOf(tree, node)
      .split("|")
      .map((part) => lastSegment(part.trim())),
  );
}
