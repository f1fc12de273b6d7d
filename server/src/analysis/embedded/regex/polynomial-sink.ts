import { calleeName, collectCallsAndAssignments } from "../checks/call-names.js";
import { singleAssignments } from "../checks/python-literals.js";
import type { CallInfo } from "../taint/call-info.js";
import { collectImports, type ImportMap } from "../taint/imports.js";
import { type PyNode, type SyntaxTree, textOf, unwrap } from "../taint/syntax-tree.js";
import type { RegexAnalysis } from "./regex-analysis.js";
import { fileRegexLedger, type RegexInputs } from "./regex-ledger.js";

const MATCHING = new Set(["match", "fullmatch", "search", "findall", "finditer", "split", "sub", "subn"]);

interface FileFacts {
  imports: ImportMap;
  /** Whether anything is imported from `re` (else no call here can be a regex call). */
  usesRe: boolean;
  /** Computed on first need (a walk over the whole file), for the ledger and the receivers. */
  inputs?: RegexInputs;
}

/** Imports, and what the file's regex ledger reads, per syntax tree (a new tree per edit). */
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

/** The file's calls and single-assignment constants, from one walk. */
function inputsOf(tree: SyntaxTree): RegexInputs {
  const known = factsOf(tree);
  if (!known.inputs) {
    const { calls, assignments } = collectCallsAndAssignments(tree);
    known.inputs = { imports: known.imports, constants: singleAssignments(tree, assignments), calls };
  }
  return known.inputs;
}

/**
 * The subject argument of a regex call whose pattern backtracks polynomially, for `py/polynomial-redos`: `re.search(r"\s+$", s)` or `P.match(s)` with
 * `P = re.compile(r"...")` assigned once in the file. Undefined for linear or unknown patterns, and
 * for patterns past the file's regex budget (the ledger decides, in document order, whatever order
 * the engine meets the calls in).
 */
export function polynomialRegexSubject(call: CallInfo): PyNode | undefined {
  if (!MATCHING.has(call.name)) return undefined;
  const { tree } = call;
  if (!factsOf(tree).usesRe) return undefined;
  const subjectIndex = call.name === "sub" || call.name === "subn" ? 1 : 0;
  const anchored = call.name === "match" || call.name === "fullmatch";
  if (call.qualified === `re.${call.name}`) {
    const subject = call.args[subjectIndex + 1] ?? call.kwargs.get("string");
    return polynomial(fileRegexLedger(tree, inputsOf(tree)).analysisAt(call.node)) ? subject : undefined;
  }
  const receiver = call.receiver ? unwrap(call.receiver) : undefined;
  if (receiver?.type !== "identifier") return undefined;
  const inputs = inputsOf(tree);
  const compiled = inputs.constants.get(textOf(tree, receiver));
  if (compiled?.type !== "call" || calleeName(tree, factsOf(tree).imports, compiled) !== "re.compile")
    return undefined;
  const subject = call.args[subjectIndex] ?? call.kwargs.get("string");
  return polynomial(fileRegexLedger(tree, inputs).compiledVariant(compiled, anchored)) ? subject : undefined;
}

/** Exponential patterns are py/redos at the pattern already, whatever the subject. */
function polynomial(analysis: RegexAnalysis | undefined): boolean {
  return analysis?.status === "analyzed" && analysis.backtracking.kind === "polynomial";
}
