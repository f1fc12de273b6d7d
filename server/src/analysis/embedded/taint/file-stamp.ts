import type { ThreatModel } from "../../analyzer.js";
import type { FunctionInfo } from "./function-catalog.js";
import type { ImportMap } from "./imports.js";
import { field, type PyNode, type SyntaxTree } from "./syntax-tree.js";

/** Splits the stamp into what rows do not change (text, names) and the rows themselves. */
export const ROWS = "\u0001rows:";

/**
 * Everything outside function bodies that a function's analysis can depend on: the threat
 * model, imports, the function catalog (names, parameters, routes), and the module-level code
 * with its rows (module globals carry ranges). Function bodies are replaced by a marker, comments
 * between statements are left out, and all rows come after `ROWS`, so that a pure move of code
 * (or a comment) can be told apart from a change.
 *
 * Built per top-level statement: an unchanged statement keeps its node and catalog entries across
 * edits, so its part (text, and rows relative to its first row) is kept; only its first row is
 * read again.
 */
export function fileStamp(
  tree: SyntaxTree,
  threatModel: ThreatModel,
  imports: ImportMap,
  functions: readonly FunctionInfo[],
): string {
  const byStatement = new Map<PyNode, FunctionInfo[]>();
  for (const fn of functions) {
    let top = fn.node;
    while (top.parent && top.parent !== tree.root) top = top.parent;
    const list = byStatement.get(top);
    if (list) list.push(fn);
    else byStatement.set(top, [fn]);
  }
  const parts: string[] = [threatModel, JSON.stringify([...imports])];
  const rows: string[] = [];
  for (const statement of tree.root.children) {
    const own = byStatement.get(statement) ?? NO_FUNCTIONS;
    byStatement.delete(statement);
    let known = statementStamps.get(statement);
    if (!known || !sameItems(known.functions, own)) {
      known = statementStamp(tree, statement, own);
      statementStamps.set(statement, known);
    }
    parts.push(known.text);
    rows.push(`${statement.startRow}:${known.rows}`);
  }
  // Never expected (every node lies in a top-level statement), but a function left out would let
  // a change to it go unnoticed: any such function is stamped on its own.
  for (const [top, own] of byStatement) {
    const part = statementStamp(tree, top, own);
    parts.push(part.text);
    rows.push(`${top.startRow}:${part.rows}`);
  }
  return `${parts.join("\n")}${ROWS}${rows.join(",")}`;
}

interface StatementStamp {
  /** The catalog entries of the functions in the statement the stamp was made for. */
  functions: readonly FunctionInfo[];
  /** Their row-free catalog fields, then the statement's text with their bodies replaced. */
  text: string;
  /** The rows of the functions, parameters and replaced bodies, relative to the statement's first row. */
  rows: string;
}

const NO_FUNCTIONS: FunctionInfo[] = [];
const statementStamps = new WeakMap<PyNode, StatementStamp>();

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function statementStamp(tree: SyntaxTree, statement: PyNode, functions: FunctionInfo[]): StatementStamp {
  const first = statement.startRow;
  const rows: number[] = [];
  const pieces: string[] = [];
  for (const fn of functions) {
    rows.push(fn.node.startRow - first);
    for (const p of fn.params) rows.push(p.node.startRow - first);
    // Joined by NUL, not JSON (cheaper): the header text these come from is in the module-level
    // pieces below anyway, so an ambiguous join cannot hide a change.
    const fields = [fn.key, fn.node.startCol, fn.className, fn.routeKind, [...fn.requestParams].join(",")];
    for (const p of fn.params) fields.push(p.name, p.index, p.annotation, p.defaultText, p.node.startCol);
    pieces.push(fields.join("\0"));
  }
  const bodies = functions
    .map((fn) => field(fn.node, "body"))
    .filter((b) => b !== undefined)
    .sort((a, b) => a.start - b.start);
  let at = statement.start;
  for (const body of bodies) {
    if (body.start < at) continue; // nested in a body already replaced
    pieces.push(tree.text.slice(at, body.start), "\0body\0");
    rows.push(body.startRow - first, body.endRow - first);
    at = body.end;
  }
  pieces.push(tree.text.slice(at, statement.end), "\0;\0");
  return { functions, text: pieces.join("\n"), rows: rows.join(" ") };
}
