import { calleeLastName, calleeName, lastSegment } from "../checks/call-names.js";
import { pythonStringValue, resolveConstant } from "../checks/python-literals.js";
import { splitArguments } from "../taint/call-info.js";
import type { ImportMap } from "../taint/imports.js";
import { type PyNode, type SyntaxTree, textOf } from "../taint/syntax-tree.js";
import { flagsFromNames, type PythonRegexFlags } from "./python-regex-translation.js";

/** Positional index of `flags` per `re` function (`re.sub(pattern, repl, string, count, flags)`). */
const FLAGS_INDEX: Record<string, number> = {
  compile: 1,
  match: 2,
  fullmatch: 2,
  search: 2,
  findall: 2,
  finditer: 2,
  split: 3,
  sub: 4,
  subn: 4,
};

/** A pattern given to an `re` function as a literal (or a name with one literal value). */
export interface RegexUse {
  call: PyNode;
  /** The string literal (where the finding goes). */
  literal: PyNode;
  pattern: string;
  flags: PythonRegexFlags;
  /** `re.match`/`re.fullmatch`: matching starts only at the beginning. */
  anchoredAtStart: boolean;
  /** The subject string argument, when the function takes one. */
  subject: PyNode | undefined;
}

export function findRegexUses(
  tree: SyntaxTree,
  imports: ImportMap,
  constants: Map<string, PyNode>,
  calls: readonly PyNode[],
): RegexUse[] {
  const uses: RegexUse[] = [];
  for (const node of calls) {
    // Cheap pre-filter: `re.sub(...)`, `sub(...)`, or an imported alias (`from re import sub as s`).
    const last = calleeLastName(tree, node);
    if (last === undefined || (FLAGS_INDEX[last] === undefined && !imports.has(last))) continue;
    const callee = calleeName(tree, imports, node);
    if (!callee?.startsWith("re.") || callee.split(".").length !== 2) continue;
    const fn = lastSegment(callee);
    const flagsIndex = FLAGS_INDEX[fn];
    if (flagsIndex === undefined) continue;
    const { args, kwargs } = splitArguments(tree, node);
    const patternArg = args[0] ?? kwargs.get("pattern");
    if (!patternArg) continue;
    const literal = resolveConstant(tree, patternArg, constants);
    const pattern = pythonStringValue(tree, literal);
    if (pattern === undefined) continue;
    const flagsNode = args[flagsIndex] ?? kwargs.get("flags");
    const subjectIndex = fn === "sub" || fn === "subn" ? 2 : 1;
    const flagNames = flagsNode
      ? textOf(tree, flagsNode)
          .split("|")
          .map((p) => lastSegment(p.trim()))
      : [];
    uses.push({
      call: node,
      literal,
      pattern,
      flags: flagsFromNames(flagNames),
      anchoredAtStart: fn === "match" || fn === "fullmatch",
      subject: fn === "compile" ? undefined : (args[subjectIndex] ?? kwargs.get("string")),
    });
  }
  return uses;
}
