import type { Node, Parser } from "web-tree-sitter";

interface Problems {
  count: number;
  /** Row spans [first, last] of ERROR and MISSING nodes. */
  spans: Array<[number, number]>;
}

/**
 * Checks that adding a comment to one line of a Python file keeps it what it was: the new text
 * is parsed (tree-sitter) and the comment must be a real `comment` node on that line (not text
 * inside a string, which tree-sitter accepts even for a one-quote string continued with `\`),
 * and the edit must add no syntax error (a comment after a line-continuation backslash does).
 * Files that already have syntax errors elsewhere may still be edited. One per request: the
 * original text is parsed once for all candidate edits.
 */
export class CommentEditCheck {
  private before?: Problems;

  constructor(
    private readonly parser: Parser,
    private readonly original: string,
  ) {}

  /** Why `edited` (the original with a comment added on `line`) is refused, or undefined when it is fine. */
  problem(edited: string, line: number, comment: RegExp): string | undefined {
    const tree = this.parser.parse(edited);
    if (!tree) return "the edited file could not be parsed";
    try {
      const root = tree.rootNode;
      const onLine = root
        .descendantsOfType("comment", { row: line, column: 0 }, { row: line + 1, column: 0 })
        .some(
          (node) =>
            node !== null && node.startPosition.row === line && comment.test(node.text) && !inString(node),
        );
      if (!onLine) return `line ${line + 1} cannot take a comment (it would land inside a string)`;
      const after = problems(root);
      this.before ??= this.problemsOf(this.original);
      const before = this.before;
      const covers = (spans: Problems["spans"]) =>
        spans.some(([first, last]) => first <= line && line <= last);
      if (after.count > before.count || (covers(after.spans) && !covers(before.spans))) {
        return `a comment on line ${line + 1} would be a syntax error`;
      }
      return undefined;
    } finally {
      tree.delete();
    }
  }

  private problemsOf(text: string): Problems {
    const tree = this.parser.parse(text);
    if (!tree) return { count: Number.POSITIVE_INFINITY, spans: [] };
    try {
      return problems(tree.rootNode);
    } finally {
      tree.delete();
    }
  }
}

/** tree-sitter admits `comment` as an extra anywhere, even inside a string's content. */
function inString(node: Node): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === "string" || parent.type === "string_content") return true;
  }
  return false;
}

/** ERROR and MISSING nodes, found without recursion (hostile files nest deeply). */
function problems(root: Node): Problems {
  const found: Problems = { count: 0, spans: [] };
  if (!root.hasError) return found;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) {
      found.count++;
      found.spans.push([node.startPosition.row, node.endPosition.row]);
      if (node.isMissing) continue;
    }
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) stack.push(child);
  }
  return found;
}
