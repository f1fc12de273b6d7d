import type { Parser } from "web-tree-sitter";
import { checkPythonSyntax, withPythonTree } from "../python/syntax-check.js";
import { countErrors, parseableText } from "./python-outline.js";

/**
 * What an edit made of a file that Python can no longer compile, or undefined: "a syntax error
 * near line 7", "indentation Python rejects near line 3". A file that compiled before must compile
 * after; one that did not must not get more syntax errors, and an indentation or compile problem
 * it already had is not the edit's. For every edit seclsp applies from model code (merged fixes, generated
 * code): the result must parse (python/indentation-check.ts and compile-rules.ts for what
 * tree-sitter accepts and Python does not).
 */
export function pythonRegression(parser: Parser, before: string, after: string): string | undefined {
  const check = checkPythonSyntax(parser, parseableText(after), { wholeFile: true });
  if (check.ok) return undefined;
  const worse =
    check.problem === "syntax"
      ? syntaxErrorsGrew(parser, before, after)
      : checkPythonSyntax(parser, parseableText(before), { wholeFile: true }).ok;
  if (!worse) return undefined;
  const where = check.firstErrorLine ? ` near line ${check.firstErrorLine}` : "";
  const what =
    check.problem === "indentation"
      ? "indentation Python rejects"
      : check.problem === "compile"
        ? `code Python rejects (${check.detail})`
        : "a syntax error";
  return `${what}${where}`;
}

function syntaxErrorsGrew(parser: Parser, before: string, after: string): boolean {
  const errorsBefore = syntaxErrors(parser, before);
  return errorsBefore === 0 || syntaxErrors(parser, after) > errorsBefore;
}

/** What `outlineModule(...).errorCount` counts, without building the outline. */
function syntaxErrors(parser: Parser, text: string): number {
  return withPythonTree(parser, parseableText(text), (root) => (root.hasError ? countErrors(root) : 0)) ?? 1;
}
