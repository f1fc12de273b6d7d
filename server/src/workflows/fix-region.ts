import type { Node, Parser } from "web-tree-sitter";
import type { Finding, Position } from "../analysis/finding.js";
import { parseableText } from "./python-outline.js";

/**
 * What a fix may change: the function or method around each targeted finding (decorators
 * included; for a method, the method inside its class), or at module level the top-level
 * statement around it. Everything else in the document is the user's and stays as it is.
 */
export interface FixRegion {
  kind: "function" | "statement";
  /** "get_user", "UserRepo.get_user", or "the statement at line 12". */
  label: string;
  /** Function regions: enclosing class names, then the function name. */
  path: string[];
  /** Offsets of the region in the document (the whole top-level statement for statements). */
  start: number;
  end: number;
  /** 0-based first and last line of the region, and the column it starts at. */
  startLine: number;
  endLine: number;
  column: number;
  /** Statement regions: the innermost statement around the finding (what a one-line fix replaces). */
  inner?: { start: number; end: number; column: number };
}

export function fixRegions(parser: Parser, text: string, findings: Finding[]): FixRegion[] {
  const source = parseableText(text);
  const tree = parser.parse(source);
  if (!tree) return [];
  try {
    const lineStarts = lineStartOffsets(source);
    const regions = new Map<number, FixRegion>();
    for (const finding of findings) {
      const offset = offsetOf(source, lineStarts, finding.range.start);
      const node = tree.rootNode.descendantForIndex(offset);
      const region = node ? regionAround(node) : undefined;
      if (region && !regions.has(region.start)) regions.set(region.start, region);
    }
    return [...regions.values()].sort((a, b) => a.start - b.start);
  } finally {
    tree.delete();
  }
}

function regionAround(node: Node): FixRegion | undefined {
  const chain: Node[] = [];
  for (let up: Node | null = node; up && up.type !== "module"; up = up.parent) chain.push(up);
  const top = chain.at(-1);
  if (top?.parent?.type !== "module") return undefined;
  // The outermost function, if only classes (and decorators) stand between it and the module.
  const outermost = [...chain].reverse().find((n) => n.type === "function_definition");
  if (outermost && onlyClassesAbove(outermost)) {
    const whole = outermost.parent?.type === "decorated_definition" ? outermost.parent : outermost;
    const path = [...classNamesAbove(outermost), outermost.childForFieldName("name")?.text ?? "?"];
    return {
      kind: "function",
      label: path.join("."),
      path,
      start: whole.startIndex,
      end: whole.endIndex,
      startLine: whole.startPosition.row,
      endLine: whole.endPosition.row,
      column: whole.startPosition.column,
    };
  }
  const inner = chain.find(isStatement) ?? top;
  return {
    kind: "statement",
    label: `the statement at line ${inner.startPosition.row + 1}`,
    path: [],
    start: top.startIndex,
    end: top.endIndex,
    startLine: top.startPosition.row,
    endLine: top.endPosition.row,
    column: top.startPosition.column,
    inner: { start: inner.startIndex, end: inner.endIndex, column: inner.startPosition.column },
  };
}

function isStatement(node: Node): boolean {
  return node.type.endsWith("_statement") || node.type.endsWith("_definition");
}

function onlyClassesAbove(fn: Node): boolean {
  for (let up = fn.parent; up && up.type !== "module"; up = up.parent) {
    if (up.type !== "decorated_definition" && up.type !== "block" && up.type !== "class_definition")
      return false;
  }
  return true;
}

function classNamesAbove(fn: Node): string[] {
  const names: string[] = [];
  for (let up = fn.parent; up; up = up.parent) {
    if (up.type === "class_definition") names.unshift(up.childForFieldName("name")?.text ?? "?");
  }
  return names;
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) starts.push(i + 1);
  return starts;
}

/**
 * A finding position (0-based line, UTF-16 column) as an offset on code: leading indentation is
 * skipped and a column past the end falls back to the line's last character.
 */
function offsetOf(text: string, lineStarts: number[], position: Position): number {
  const line = Math.min(Math.max(position.line, 0), lineStarts.length - 1);
  const start = lineStarts[line] ?? 0;
  let end = (lineStarts[line + 1] ?? text.length + 1) - 1;
  while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
  let offset = Math.min(start + Math.max(position.character, 0), Math.max(end - 1, start));
  while (offset < end - 1 && (text[offset] === " " || text[offset] === "\t")) offset++;
  return offset;
}
