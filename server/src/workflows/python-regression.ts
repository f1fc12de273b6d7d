import type { Parser } from "web-tree-sitter";
import { checkPythonSyntax } from "../python/syntax-check.js";
import { outlineModule, parseableText } from "./python-outline.js";

/**
 * What an edit made of a file that Python can no longer compile, or undefined: "a syntax error
 * near line 7", "indentation Python rejects near line 3". A file that compiled before must compile
 * after; one that did not must not get more syntax errors, and an indentation problem it already
 * had is not the edit's. For every edit seclsp applies from model code (merged fixes, generated
 * code): the result must parse (python/indentation-check.ts for what tree-sitter accepts).
 */
export function pythonRegression(parser: Parser, before: string, after: string): string | undefined {
  const check = checkPythonSyntax(parser, parseableText(after), { wholeFile: true });
  if (check.ok) return undefined;
  const worse =
    check.problem === "indentation"
      ? checkPythonSyntax(parser, parseableText(before), { wholeFile: true }).ok
      : syntaxErrorsGrew(parser, before, after);
  if (!worse) return undefined;
  const where = check.firstErrorLine ? ` near line ${check.firstErrorLine}` : "";
  return `${check.problem === "indentation" ? "indentation Python rejects" : "a syntax error"}${where}`;
}

function syntaxErrorsGrew(parser: Parser, before: string, after: string): boolean {
  const errorsBefore = outlineModule(parser, before).errorCount;
  return errorsBefore === 0 || outlineModule(parser, after).errorCount > errorsBefore;
}
