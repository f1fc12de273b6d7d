import { editSpan } from "../../../python/common-affix.js";
import type { PyNode, SyntaxTree } from "./syntax-tree.js";

/**
 * The top-level statements of a file's previous syntax tree that the new one may take over
 * (shifted) instead of copying them from wasm again — each keeps its identity, so everything
 * memoized per statement node (function catalog, checks, stamps) is reused too.
 *
 * An edit changes one region of the text: a statement wholly before it, or wholly after it, has
 * the same text at a known offset, so it is matched by position (type, range, column) without
 * reading its text. Statements that touch the edited region are matched by their text (a pasted
 * or moved statement), among the previous statements that touched it too.
 */
export class ReusableStatements {
  /** Start of the edit in both texts; where it ends in the previous and in the new text. */
  readonly editStart: number;
  readonly oldEditEnd: number;
  readonly newEditEnd: number;
  private readonly delta: number;
  /** Previous statements wholly outside the edit, by start offset in the previous text. */
  private readonly byStart = new Map<number, PyNode>();
  /** The others, by their text (built when first asked). */
  private byText: StatementsByText | undefined;
  private readonly touched: PyNode[] = [];

  constructor(
    private readonly previous: SyntaxTree,
    private readonly text: string,
  ) {
    const before = previous.text;
    const edit = editSpan(before, text);
    this.editStart = edit.start;
    this.oldEditEnd = edit.oldEnd;
    this.newEditEnd = edit.newEnd;
    this.delta = text.length - before.length;
    for (const statement of previous.root.children) {
      if (statement.end <= this.editStart || statement.start >= this.oldEditEnd)
        this.byStart.set(statement.start, statement);
      else this.touched.push(statement);
    }
  }

  /** The previous statement equal to `fresh` (shifted to its place), or undefined; each is taken once. */
  take(fresh: PyNode): PyNode | undefined {
    const old = this.positional(fresh) ?? this.byContent(fresh);
    if (!old) return undefined;
    shiftSubtree(old, fresh.start - old.start, fresh.startRow - old.startRow);
    old.parent = fresh.parent;
    return old;
  }

  private positional(fresh: PyNode): PyNode | undefined {
    let oldStart: number;
    if (fresh.end <= this.editStart) oldStart = fresh.start;
    else if (fresh.start >= this.newEditEnd) oldStart = fresh.start - this.delta;
    else return undefined;
    const old = this.byStart.get(oldStart);
    if (
      !old ||
      old.type !== fresh.type ||
      old.end - old.start !== fresh.end - fresh.start ||
      old.startCol !== fresh.startCol
    )
      return undefined;
    this.byStart.delete(oldStart);
    return old;
  }

  private byContent(fresh: PyNode): PyNode | undefined {
    if (this.touched.length === 0) return undefined;
    this.byText ??= new StatementsByText(this.touched, this.previous.text);
    return this.byText.take(fresh, this.text);
  }
}

/** Statements of a previous text by their own text: a new statement equal to one takes its node (once). */
export class StatementsByText {
  private readonly byText = new Map<string, PyNode[]>();

  constructor(statements: readonly PyNode[], text: string) {
    for (const statement of statements) {
      const key = keyOf(statement, text);
      const list = this.byText.get(key);
      if (list) list.push(statement);
      else this.byText.set(key, [statement]);
    }
  }

  /** The previous statement equal to `fresh` (read in `text`), not shifted; undefined when none is left. */
  take(fresh: PyNode, text: string): PyNode | undefined {
    return this.byText.get(keyOf(fresh, text))?.shift();
  }
}

function keyOf(statement: PyNode, text: string): string {
  return `${statement.type}\0${statement.startCol}\0${text.slice(statement.start, statement.end)}`;
}

/** Move a subtree by `delta` characters and `rows` lines (columns stay: it moves by whole lines, or within its line's tail). */
export function shiftSubtree(node: PyNode, delta: number, rows: number): void {
  if (delta === 0 && rows === 0) return;
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    n.start += delta;
    n.end += delta;
    n.startRow += rows;
    n.endRow += rows;
    for (const child of n.children) stack.push(child);
  }
}
