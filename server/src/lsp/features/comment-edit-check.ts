import type { Node, Parser, Tree } from "web-tree-sitter";
import { computeEdit } from "../../python/parse-cache.js";

/** ERROR and MISSING nodes as [startIndex, endIndex] spans (UTF-16 code units, like the text). */
type Problems = Array<[number, number]>;

/** An edit of one line: `original[start, end)` becomes `newText`. */
export interface LineReplacement {
  start: number;
  end: number;
  newText: string;
  /** Offset in `newText` of the `#` that starts the added comment. */
  commentAt: number;
}

/**
 * Checks that adding a comment to one line of a Python file keeps it what it was: the edited text
 * is parsed (tree-sitter, incrementally from the original's tree) and the `#` must start a real
 * `comment` node outside any string (tree-sitter admits comments even inside a string's content,
 * and accepts a one-quote string continued with `\`), and the edit must add no syntax error (a
 * comment after a line-continuation backslash does). Files that already have syntax errors
 * elsewhere may still be edited. One per request; `tree` is the original's tree, owned by the
 * caller (a ParseCache keeps it across requests, so a cursor move costs no full parse).
 */
export class CommentEditCheck {
  private before?: Problems;

  constructor(
    private readonly parser: Parser,
    private readonly original: string,
    private readonly tree: Tree,
  ) {}

  /** Why the replacement is refused, or undefined when it is fine. */
  problem(replacement: LineReplacement, lineNumber: number): string | undefined {
    const { start, end, newText } = replacement;
    const edited = this.original.slice(0, start) + newText + this.original.slice(end);
    this.before ??= problems(this.tree.rootNode);
    const previous = this.tree.copy();
    previous.edit(computeEdit(this.original, edited));
    const tree = this.parser.parse(edited, previous);
    previous.delete();
    if (!tree) return "the edited file could not be parsed";
    try {
      const hash = start + replacement.commentAt;
      const node = tree.rootNode.descendantForIndex(hash, hash + 1);
      // The `#` may follow another comment on the line (`# noqa  # seclsp: ...`): one comment node.
      if (node?.type !== "comment" || inString(node)) {
        return `line ${lineNumber + 1} cannot take a comment (it would land inside a string)`;
      }
      const after = problems(tree.rootNode);
      const onLine = (spans: Problems, lineEnd: number) =>
        spans.some(([from, to]) => from <= lineEnd && to >= start);
      if (
        after.length > this.before.length ||
        (onLine(after, start + newText.length) && !onLine(this.before, end))
      ) {
        return `a comment on line ${lineNumber + 1} would be a syntax error`;
      }
      return undefined;
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
  const found: Problems = [];
  if (!root.hasError) return found;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) {
      found.push([node.startIndex, node.endIndex]);
      if (node.isMissing) continue;
    }
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) stack.push(child);
  }
  return found;
}
