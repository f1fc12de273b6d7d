import type { Range } from "../../finding.js";
import { type ImportMap, qualifiedName } from "./imports.js";
import { field, type PyNode, type SyntaxTree } from "./syntax-tree.js";

/** Where a flow ends, as far as the severity policy cares (parameter-findings.ts). */
export interface SinkContext {
  /** The sink is the value of a `return` statement (a library return sink). */
  returned: boolean;
  /** Qualified name of the call whose argument the sink is, when it is one. */
  callee?: string;
}

function covers(node: PyNode, range: Range): boolean {
  const startsBefore =
    node.startRow < range.start.line ||
    (node.startRow === range.start.line && node.startCol <= range.start.character);
  const endsAfter =
    node.endRow > range.end.line || (node.endRow === range.end.line && node.endCol >= range.end.character);
  return startsBefore && endsAfter;
}

/** The deepest node spanning `range` (descends only into children that cover it: O(depth)). */
function nodeAt(root: PyNode, range: Range): PyNode | undefined {
  if (!covers(root, range)) return undefined;
  let node = root;
  for (;;) {
    // Siblings are ordered and do not overlap: only the first one ending at or after the range's
    // end can cover it (a linear scan per level made a file's thousands of statements quadratic).
    const kids = node.children;
    let low = 0;
    let high = kids.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const c = kids[mid]!;
      const endsBefore =
        c.endRow < range.end.line || (c.endRow === range.end.line && c.endCol < range.end.character);
      if (endsBefore) low = mid + 1;
      else high = mid;
    }
    const child = kids[low];
    if (!child || !covers(child, range)) return node;
    node = child;
  }
}

/** The sink node's statement role and call, from its range in the file's syntax tree. */
export function sinkContext(tree: SyntaxTree, imports: ImportMap, sink: Range): SinkContext {
  let node = nodeAt(tree.root, sink);
  // Step out of parentheses and keyword-argument wrappers to the argument itself.
  while (
    node?.parent &&
    (node.parent.type === "parenthesized_expression" || node.parent.type === "keyword_argument")
  )
    node = node.parent;
  const parent = node?.parent;
  if (parent?.type === "return_statement") return { returned: true };
  if (parent?.type === "argument_list" && parent.parent?.type === "call") {
    const callee = qualifiedName(tree, imports, field(parent.parent, "function"));
    return callee ? { returned: false, callee } : { returned: false };
  }
  return { returned: false };
}
