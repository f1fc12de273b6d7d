import type { Node } from "web-tree-sitter";
import { lineStart } from "./line-start.js";

/**
 * Indentation Python rejects but tree-sitter's grammar accepts without an ERROR node: an unindent
 * to a level no enclosing block has ("unindent does not match any outer indentation level"), an
 * indent no block header asked for ("unexpected indent") and tabs and spaces mixed so that the
 * nesting depends on the tab size (TabError). tree-sitter reads all of these as some tree — e.g.
 * `def f():\n    a = 1\n  b = 2` gives `b` as a module-level statement on column 2 — so a
 * model's fix with such a line passed the syntax check and could be applied, leaving a file Python
 * cannot import.
 *
 * Checked on the tree, the way CPython's tokenizer measures lines: only lines that begin a statement
 * or a clause count (so strings, bracketed continuations and comments never do), a line's indent is
 * its leading whitespace measured with tabs to multiples of 8 and again with tabs as 1 column (the
 * two must order lines alike, else TabError), and a form feed resets the column. Rules: statements
 * of the module start on column 0; the statements of a block that begin a line all have the same
 * indent, deeper than the line of the statement owning the block, and a block whose first statement
 * sits on its header's line has no statement on a line of its own; `elif`, `else`, `except` and
 * `finally` line up with their statement; decorators line up with what they decorate.
 *
 * Returns the first offending node (document order of the checks, not of the text), or undefined.
 */
export function indentationProblem(root: Node, text: string): Node | undefined {
  for (const statement of root.namedChildren) {
    if (!statement || EXEMPT.has(statement.type)) continue;
    const indent = lineIndent(text, statement.startIndex);
    if (indent && (indent.wide !== 0 || indent.narrow !== 0)) return statement;
  }
  for (const block of root.descendantsOfType("block")) {
    const problem = block ? blockProblem(block, text) : undefined;
    if (problem) return problem;
  }
  for (const clause of root.descendantsOfType(CLAUSES)) {
    const owner = clause?.parent;
    if (!clause || !owner) continue;
    const own = lineIndent(text, clause.startIndex);
    if (own && !sameIndent(own, headerIndent(text, owner.startIndex))) return clause;
  }
  for (const decorated of root.descendantsOfType("decorated_definition")) {
    const definition = decorated?.childForFieldName("definition");
    if (!decorated || !definition) continue;
    const own = lineIndent(text, definition.startIndex);
    if (own && !sameIndent(own, headerIndent(text, decorated.startIndex))) return definition;
  }
  return undefined;
}

/** Extras, not statements: they may sit at any indentation. */
const EXEMPT = new Set(["comment", "line_continuation"]);

const CLAUSES = ["elif_clause", "else_clause", "except_clause", "except_group_clause", "finally_clause"];

interface Indent {
  /** Columns with tabs to the next multiple of 8 (what CPython compares). */
  wide: number;
  /** Columns with a tab as one (CPython's "alternate" measure for TabError). */
  narrow: number;
}

function blockProblem(block: Node, text: string): Node | undefined {
  const owner = block.parent;
  if (!owner) return undefined;
  const header = headerIndent(text, owner.startIndex);
  const headerRow = owner.startPosition.row;
  let first: Indent | undefined;
  let inline = false;
  for (const statement of block.namedChildren) {
    if (!statement || EXEMPT.has(statement.type)) continue;
    const indent = lineIndent(text, statement.startIndex);
    if (!indent) {
      // `if x: a; b` — the body is on the header's line (or after a `;`).
      if (statement.startPosition.row === headerRow) inline = true;
      continue;
    }
    if (inline) return statement;
    if (!first) {
      if (!(indent.wide > header.wide && indent.narrow > header.narrow)) return statement;
      first = indent;
    } else if (!sameIndent(indent, first)) return statement;
  }
  return undefined;
}

function sameIndent(a: Indent, b: Indent): boolean {
  return a.wide === b.wide && a.narrow === b.narrow;
}

/** The indent of the line holding `offset`, up to its first non-blank character. */
function headerIndent(text: string, offset: number): Indent {
  const start = lineStart(text, offset);
  let end = start;
  while (end < text.length && isIndentChar(text.charCodeAt(end))) end++;
  return measure(text, start, end);
}

/** The indent before `offset` when only whitespace precedes it on its line, else undefined. */
function lineIndent(text: string, offset: number): Indent | undefined {
  const start = lineStart(text, offset);
  for (let i = start; i < offset; i++) if (!isIndentChar(text.charCodeAt(i))) return undefined;
  return measure(text, start, offset);
}

const SPACE = 32;
const TAB = 9;
const FORM_FEED = 12;

function isIndentChar(code: number): boolean {
  return code === SPACE || code === TAB || code === FORM_FEED;
}

function measure(text: string, from: number, to: number): Indent {
  let wide = 0;
  let narrow = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === TAB) {
      wide = (Math.floor(wide / 8) + 1) * 8;
      narrow++;
    } else if (c === FORM_FEED) {
      wide = 0;
      narrow = 0;
    } else {
      wide++;
      narrow++;
    }
  }
  return { wide, narrow };
}
