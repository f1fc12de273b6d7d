import type { Tree } from "web-tree-sitter";
import { editSpan } from "../../../python/common-affix.js";
import { LineTable } from "./line-table.js";
import { StatementsByText, shiftSubtree } from "./reusable-statements.js";
import { type PyNode, type SyntaxTree, toSyntaxTree } from "./syntax-tree.js";

/**
 * The touched statements are re-parsed alone only when they are this much smaller than the file:
 * otherwise (one big class, an edit spanning most of the file) tree-sitter's incremental parse of
 * the whole text reuses more.
 */
const MAX_SHARE = 8;

/** A trailing backslash joins the next line: the statement after the region would change. */
const LINE_CONTINUATION = /\\(?:\r\n|\r|\n)$/;

/**
 * The syntax tree of `text`, an edit of `previous.text`, from the previous tree and a parse of the
 * top-level statements the edit touches only — or undefined when that is not sure to equal a parse
 * of the whole text (the caller then parses it incrementally).
 *
 * Why: in a big file tree-sitter's incremental parse re-parses far more than the edited statement:
 * a line added to a function took 11–15 ms anywhere in a 28,000-line concatenation of stdlib modules
 * (a fresh parse 219 ms), and in the benchmarks' generated 20,000-line file (2,400 top-level
 * statements) 55 ms in the middle, 12 ms at a tenth, 3 ms at the end. One stdlib module re-parses
 * in 0.3–3 ms; the region alone parses in well under 1 ms at any size. A Python module is a sequence of
 * statements that each parse the same alone as in the file when the region starts at a statement
 * on column 0 and ends where the next one starts, with nothing open across the boundary.
 *
 * When it holds: the previous tree parsed without error (error recovery is not local); the region
 * starts at the line of the last statement starting before the edit (so an edit at a statement's
 * first character, or in the blank lines and comments after a block, is read with the block it may
 * join) and ends at the first statement starting after the edit's end, on column 0; the region's new
 * text parses alone without error (an unclosed bracket or string is an error at its end) and does
 * not end in a line continuation. Statements outside the region keep their nodes, shifted — and so
 * does a statement in the region whose text did not change — so everything memoized per statement
 * node is reused.
 */
export function reparseTouchedStatements(
  previous: SyntaxTree,
  text: string,
  parse: (text: string) => Tree | null | undefined,
  maxShare = MAX_SHARE,
): SyntaxTree | undefined {
  const before = previous.text;
  if (!previous.clean || before === text) return undefined;
  const { start: editStart, oldEnd: oldEditEnd, newEnd: newEditEnd } = editSpan(before, text);
  const delta = newEditEnd - oldEditEnd;
  const kids = previous.root.children;

  // First statement of the region: the last one starting before the edit, with those sharing its line.
  let first = lastIndexBefore(kids, editStart);
  while (first > 0 && kids[first - 1]!.endRow === kids[first]!.startRow) first--;
  if (first > 0 && kids[first]!.startCol !== 0) return undefined;
  const oldStart = first <= 0 ? 0 : kids[first]!.start;
  if (first < 0) first = 0;
  // Last statement of the region: the last one starting at or before the edit's end.
  let last = lastIndexBefore(kids, oldEditEnd + 1);
  while (last >= 0 && last + 1 < kids.length && kids[last + 1]!.startRow === kids[last]!.endRow) last++;
  const next = kids[last + 1];
  // Shifting moves nodes by whole lines: a statement after the region must begin its line (an
  // edit of the indentation before one tree-sitter accepted off column 0 would move it within it).
  if (next && next.startCol !== 0) return undefined;
  const oldEnd = next ? next.start : before.length;
  const newEnd = oldEnd + delta;
  if ((newEnd - oldStart) * maxShare > text.length) return undefined;
  const region = text.slice(oldStart, newEnd);
  if (next && LINE_CONTINUATION.test(region)) return undefined;

  const tree = parse(region);
  if (!tree) return undefined;
  let fresh: SyntaxTree;
  try {
    fresh = toSyntaxTree(tree, region);
  } finally {
    tree.delete();
  }
  if (!fresh.clean) return undefined;
  const parts = fresh.root.children;

  // Sure now: from here on the previous tree is consumed.
  const lines =
    previous.lines?.text === before
      ? LineTable.afterEdit(previous.lines, text, editStart, oldEditEnd, newEditEnd)
      : new LineTable(text);
  const startRow = lines.rowOf(oldStart);
  const rowDelta = next ? lines.rowOf(newEnd) - next.startRow : 0;
  const touched = new StatementsByText(kids.slice(first, last + 1), before);
  const root: PyNode = {
    ...previous.root,
    children: [],
    namedKids: [],
  };
  const place = (node: PyNode) => {
    node.parent = root;
    root.children.push(node);
    if (node.named) root.namedKids.push(node);
  };
  for (let k = 0; k < first; k++) place(kids[k]!);
  for (const part of parts) {
    shiftSubtree(part, oldStart, startRow);
    const same = touched.take(part, text);
    if (same) shiftSubtree(same, part.start - same.start, part.startRow - same.startRow);
    place(same ?? part);
  }
  for (let k = last + 1; k < kids.length; k++) {
    shiftSubtree(kids[k]!, delta, rowDelta);
    place(kids[k]!);
  }
  // The module starts at its first token (an unchanged one, unless the region begins the file) and
  // ends with the text.
  root.start = oldStart === 0 ? fresh.root.start : previous.root.start;
  root.startRow = lines.rowOf(root.start);
  root.startCol = root.start - lines.starts[root.startRow]!;
  root.end = text.length;
  root.endRow = lines.starts.length - 1;
  root.endCol = text.length - lines.starts[root.endRow]!;
  return { root, text, lines, clean: true };
}

/** Index of the last node starting before `offset` (nodes in document order), or -1. */
function lastIndexBefore(nodes: readonly PyNode[], offset: number): number {
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
