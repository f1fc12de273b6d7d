import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Range } from "../../analysis/finding.js";

/**
 * Where seclsp.generate gets its task and where the code goes:
 *   - a prompt argument: the code is inserted on its own line at the position (after the
 *     selection / current line when those hold text);
 *   - a non-empty selection: the selected text is the prompt, the code goes after it;
 *   - the cursor in a function stub (a `def` whose body is only a docstring, `pass` or `...`):
 *     the stub is the prompt (the paper's stub-with-docstring form) and is replaced by the code.
 */
export interface GenerationSite {
  prompt: string;
  /** Text replaced by the generated code (empty range = insertion). */
  replace: Range;
  /** Name of the stub's function (the workflow checks that the model kept its signature). */
  functionName?: string;
  from: "argument" | "selection" | "stub";
}

export function generationSite(
  document: TextDocument,
  range: Range,
  prompt?: string,
): GenerationSite | undefined {
  const selected = document.getText(range);
  if (prompt !== undefined) return { prompt, replace: insertionAfter(document, range), from: "argument" };
  if (selected.trim() !== "")
    return { prompt: selected, replace: insertionAfter(document, range), from: "selection" };
  return stubAt(document, range.start.line);
}

/** Start of the line after `range` (or of its own line when that line is blank). */
function insertionAfter(document: TextDocument, range: Range): Range {
  const line = range.end.line;
  const lineText = lineAt(document, line);
  const selectionEndsAtLineStart = range.end.character === 0 && range.end.line > range.start.line;
  const target = lineText.trim() === "" || selectionEndsAtLineStart ? line : line + 1;
  const position =
    target < document.lineCount
      ? { line: target, character: 0 }
      : document.positionAt(document.getText().length);
  return { start: position, end: position };
}

const DEF = /^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;

/** The function stub containing `line`: its `def` upward, its body while indented deeper. */
function stubAt(document: TextDocument, line: number): GenerationSite | undefined {
  let defLine = -1;
  for (let l = Math.min(line, document.lineCount - 1); l >= 0; l--) {
    if (DEF.test(lineAt(document, l))) {
      defLine = l;
      break;
    }
  }
  if (defLine < 0) return undefined;
  const match = DEF.exec(lineAt(document, defLine));
  const indent = match?.[1]?.length ?? 0;
  let end = defLine;
  for (let l = defLine + 1; l < document.lineCount; l++) {
    const text = lineAt(document, l);
    if (text.trim() === "") continue;
    if (text.length - text.trimStart().length <= indent) break;
    end = l;
  }
  if (line > end && lineAt(document, line).trim() !== "") return undefined;
  const endPosition = { line: end, character: lineAt(document, end).length };
  const replace = { start: { line: defLine, character: 0 }, end: endPosition };
  const stub = document.getText(replace);
  if (!isStub(stub)) return undefined;
  return { prompt: stub, replace, from: "stub", ...(match?.[2] ? { functionName: match[2] } : {}) };
}

/** A body that is only a docstring and/or pass / ... (nothing implemented yet). */
function isStub(text: string): boolean {
  const body = text
    .split(/\r?\n/)
    .slice(1)
    .join("\n")
    .replace(/("""|''')[\s\S]*?\1/g, "")
    .replace(/#.*$/gm, "")
    .trim();
  return /^((pass|\.\.\.)\s*)*$/.test(body);
}

function lineAt(document: TextDocument, line: number): string {
  return document
    .getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } })
    .replace(/\r?\n$|\r$/, "");
}
