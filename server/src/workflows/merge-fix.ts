import type { Parser } from "web-tree-sitter";
import { lineStart } from "../python/line-start.js";
import { matchLineEndings } from "./compute-edit.js";
import type { FixRegion } from "./fix-region.js";
import { droppedUnusedImports, importAnchor, missingImportLines } from "./import-merge.js";
import { type OutlineItem, outlineModule } from "./python-outline.js";
import { pythonRegression } from "./python-regression.js";
import { endOfTrailingBlankLines, indentBefore, lineEndingAt, reindent } from "./region-text.js";

/**
 * Put a model's fix into the document. The reply may be the whole file (it carries most of the
 * document's other definitions: what it drops is dropped), or just the fixed function(s) or
 * statement(s), possibly with imports (everything it does not mention stays). Either way the
 * document is edited item by item: unchanged items keep every byte, replaced items take the
 * line ending of the place they go to, new imports go to the end of the import block. A reply
 * that replaces none of the target regions is refused, as is a result that does not parse.
 */

export type MergeOutcome =
  | { ok: true; text: string; replaced: string[]; wholeFile: boolean }
  | { ok: false; reason: string };

interface Op {
  start: number;
  end: number;
  text: string;
}

interface MergeState {
  doc: string;
  reply: string;
  ops: Op[];
  targets: Map<OutlineItem, FixRegion>;
  /** Classes that hold a target method. */
  containers: Set<OutlineItem>;
  /** Target items answered by a reply item found outside their class (a method sent alone). */
  fallbacks: Map<OutlineItem, OutlineItem>;
  used: Set<OutlineItem>;
  replaced: string[];
  wholeFile: boolean;
}

export function mergeFix(
  parser: Parser,
  documentText: string,
  regions: FixRegion[],
  replyCode: string,
): MergeOutcome {
  const reply = replyCode.replace(/\r\n?/g, "\n");
  if (regions.length === 0) {
    // Nothing to aim at (no finding inside code): the reply stands for the whole file.
    const text = matchLineEndings(documentText, reply);
    const broken = pythonRegression(parser, documentText, text);
    if (broken) return { ok: false, reason: `the model's file has ${broken}` };
    return { ok: true, text, replaced: [], wholeFile: true };
  }
  const doc = outlineModule(parser, documentText);
  const answer = outlineModule(parser, reply);
  const state: MergeState = {
    doc: documentText,
    reply,
    ops: [],
    targets: new Map(),
    containers: new Set(),
    fallbacks: new Map(),
    used: new Set(),
    replaced: [],
    wholeFile: false,
  };
  locateTargets(state, doc.items, answer.items, regions);
  const statementTarget = [...state.targets].find(([, region]) => region.kind === "statement");
  state.wholeFile = mergeLevel(state, doc.items, answer.items, true);
  if (statementTarget && !state.replaced.includes(statementTarget[1].label)) {
    replaceStatementWithFragment(state, statementTarget[1], answer.items);
  }
  if (state.replaced.length === 0) return { ok: false, reason: refusal(regions, answer.items) };

  const importLines = missingImportLines(doc.items, answer.items);
  let text = compose(state, [...state.ops, ...importOps(state, doc.items, importLines, new Set())]);
  if (!text.ok) return text;
  if (state.wholeFile && answer.items.some((item) => item.kind === "import")) {
    const dropped = droppedUnusedImports(doc.items, answer.items, outlineModule(parser, text.text).usedNames);
    if (dropped.length > 0) {
      const removed = new Set(dropped);
      // When the last import goes, the new import lines take its place (importOps) instead.
      const anchor = importAnchor(doc.items);
      const replacedAnchor = importLines.length > 0 && "after" in anchor ? anchor.after : undefined;
      const removals = dropped
        .filter((item) => item !== replacedAnchor)
        .map((item) => removalOp(state, item));
      const ops = [...state.ops, ...importOps(state, doc.items, importLines, removed), ...removals];
      text = compose(state, ops);
      if (!text.ok) return text;
    }
  }
  const broken = pythonRegression(parser, documentText, text.text);
  if (broken)
    return { ok: false, reason: `the model's code does not fit into the file: the result has ${broken}` };
  return { ok: true, text: text.text, replaced: state.replaced, wholeFile: state.wholeFile };
}

/** Find the document item of every region and, when the reply sends a method alone, its answer. */
function locateTargets(
  state: MergeState,
  docItems: OutlineItem[],
  replyItems: OutlineItem[],
  regions: FixRegion[],
): void {
  for (const region of regions) {
    let level = docItems;
    let replyLevel: OutlineItem[] | undefined = replyItems;
    let item: OutlineItem | undefined;
    for (const [depth, name] of region.path.entries()) {
      const last = depth === region.path.length - 1;
      item = level.find(
        (i) => i.key === `${last ? "def" : "class"}:${name}` && (!last || i.start === region.start),
      );
      if (!item) break;
      if (!last) {
        state.containers.add(item);
        level = item.members ?? [];
        replyLevel = replyLevel?.find((i) => i.key === `class:${name}`)?.members;
      }
    }
    if (region.kind === "statement") item = docItems.find((i) => i.start === region.start);
    if (!item) continue;
    state.targets.set(item, region);
    const name = region.path.at(-1);
    const inClass = replyLevel?.some((i) => i.key === `def:${name}`) ?? false;
    if (region.kind === "function" && region.path.length > 1 && !inClass) {
      const alone = replyItems.find((i) => i.key === `def:${name}`);
      if (alone) state.fallbacks.set(item, alone);
    }
  }
}

/**
 * Merge one level (the module or a class body). Returns whether the reply is the whole of this
 * level: it reproduces more than half of the items that are not targets.
 */
function mergeLevel(
  state: MergeState,
  docItems: OutlineItem[],
  replyItems: OutlineItem[],
  moduleLevel: boolean,
): boolean {
  const byKey = new Map<string, OutlineItem[]>();
  for (const item of replyItems) {
    if (item.kind === "import" || state.used.has(item)) continue;
    const queue = byKey.get(item.key);
    if (queue) queue.push(item);
    else byKey.set(item.key, [item]);
  }
  const matches = new Map<OutlineItem, OutlineItem>();
  for (const item of docItems) {
    if (item.kind === "import" || item.kind === "error") continue;
    const match = byKey.get(item.key)?.shift() ?? state.fallbacks.get(item);
    if (match) {
      matches.set(item, match);
      state.used.add(match);
    }
  }
  const others = docItems.filter(
    (i) => i.kind !== "import" && i.kind !== "error" && !state.targets.has(i) && !state.containers.has(i),
  );
  const reproduced = others.filter((i) => matches.has(i)).length;
  // With nothing else at this level, the reply is the whole of it only if it also carries the
  // items holding the targets (a method sent alone is not the whole module).
  const holders = docItems.filter((i) => state.targets.has(i) || state.containers.has(i));
  const whole =
    others.length === 0 ? holders.every((i) => byKeyHad(replyItems, i.key)) : 2 * reproduced > others.length;

  for (const item of docItems) {
    if (item.kind === "import" || item.kind === "error") continue;
    const match = matches.get(item);
    const region = state.targets.get(item);
    if (state.containers.has(item)) {
      // Without the class in the reply, its target methods may still come alone (fallbacks).
      mergeLevel(state, item.members ?? [], match?.members ?? [], false);
    } else if (match) {
      if (match.normalized !== item.normalized || region) state.ops.push(replaceOp(state, item, match));
      if (region) state.replaced.push(region.label);
    } else if (whole && !region) {
      state.ops.push(removalOp(state, item));
    }
  }
  // Reply items with no counterpart are new: they go next to their neighbours in the reply.
  // A fragment's bare statements are the fix of a statement target nothing replaced yet.
  const statementFragment =
    !whole &&
    moduleLevel &&
    [...state.targets].some(([target, region]) => region.kind === "statement" && !matches.has(target));
  const docOf = new Map([...matches].map(([doc, reply]) => [reply, doc]));
  let anchor: Anchor;
  let anchorIndex = -1;
  for (const [index, item] of replyItems.entries()) {
    if (item.kind === "import" || state.used.has(item)) continue;
    if (statementFragment && item.kind === "statement") continue;
    state.used.add(item);
    // Consecutive new items share one anchor lookup (a reply of thousands of new items stays linear).
    if (anchorIndex < 0 || docOf.has(replyItems[index - 1] as OutlineItem) || index !== anchorIndex + 1) {
      anchor = anchorFor(replyItems, index, docOf);
    }
    anchorIndex = index;
    state.ops.push(insertionOp(state, item, anchor, docItems));
    if (whole) {
      const removedTarget = [...state.targets].find(
        ([target, region]) =>
          region.kind === "statement" && !matches.has(target) && docItems.includes(target),
      );
      if (removedTarget && item.kind === "statement" && !state.replaced.includes(removedTarget[1].label)) {
        state.ops.push(removalOp(state, removedTarget[0]));
        state.replaced.push(removedTarget[1].label);
      }
    }
  }
  return whole;
}

function byKeyHad(items: OutlineItem[], key: string): boolean {
  return items.some((item) => item.key === key);
}

type Anchor = { after: OutlineItem } | { before: OutlineItem } | undefined;

function anchorFor(replyItems: OutlineItem[], index: number, docOf: Map<OutlineItem, OutlineItem>): Anchor {
  for (let i = index - 1; i >= 0; i--) {
    const found = docOf.get(replyItems[i] as OutlineItem);
    if (found) return { after: found };
  }
  for (let i = index + 1; i < replyItems.length; i++) {
    const found = docOf.get(replyItems[i] as OutlineItem);
    if (found) return { before: found };
  }
  return undefined;
}

/** A fragment of plain statements replaces the innermost statement around the finding. */
function replaceStatementWithFragment(state: MergeState, region: FixRegion, replyItems: OutlineItem[]): void {
  const fragment = replyItems.filter((i) => i.kind === "statement" && !state.used.has(i));
  const inner = region.inner;
  const first = fragment[0];
  const last = fragment.at(-1);
  if (!inner || !first || !last) return;
  for (const item of fragment) state.used.add(item);
  const eol = lineEndingAt(state.doc, inner.start);
  const code = state.reply.slice(first.start, last.end);
  const indent = indentBefore(state.doc, inner.start);
  const rows = fragment.flatMap((item) =>
    item.stringRows.map((r) => r + rowOf(state.reply, item.start) - rowOf(state.reply, first.start)),
  );
  state.ops.push({
    start: inner.start,
    end: inner.end,
    text: reindent(code, first.column, rows, indent, eol),
  });
  state.replaced.push(region.label);
}

function rowOf(text: string, offset: number): number {
  let rows = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 0x0a) rows++;
  return rows;
}

function replaceOp(state: MergeState, item: OutlineItem, match: OutlineItem): Op {
  // A reply without the decorators keeps the document's.
  const start = item.decorated && !match.decorated ? item.definitionStart : item.start;
  const eol = lineEndingAt(state.doc, item.start);
  const code = state.reply.slice(match.start, match.end);
  return {
    start,
    end: item.end,
    text: reindent(code, match.column, match.stringRows, indentBefore(state.doc, item.start), eol),
  };
}

function removalOp(state: MergeState, item: OutlineItem): Op {
  const start = lineStart(state.doc, item.start);
  return {
    start: indentBefore(state.doc, item.start) === "" ? item.start : start,
    end: endOfTrailingBlankLines(state.doc, item.end),
    text: "",
  };
}

function insertionOp(state: MergeState, item: OutlineItem, anchor: Anchor, docItems: OutlineItem[]): Op {
  const place = anchor ?? (docItems.at(-1) ? { after: docItems.at(-1) as OutlineItem } : undefined);
  const at = place ? ("after" in place ? place.after : place.before) : undefined;
  const eol = at ? lineEndingAt(state.doc, at.start) : lineEndingAt(state.doc, 0);
  const indent = at ? indentBefore(state.doc, at.start) : "";
  const code = reindent(state.reply.slice(item.start, item.end), item.column, item.stringRows, indent, eol);
  const definition = item.kind === "function" || item.kind === "class";
  const gap = eol.repeat(definition ? (indent === "" ? 2 : 1) : 0);
  if (!place || !at) return { start: state.doc.length, end: state.doc.length, text: eol + code + eol };
  if ("after" in place) return { start: at.end, end: at.end, text: eol + gap + indent + code };
  const start = lineStart(state.doc, at.start);
  return { start, end: start, text: indent + code + eol + gap };
}

function importOps(
  state: MergeState,
  docItems: OutlineItem[],
  lines: string[],
  removed: Set<OutlineItem>,
): Op[] {
  if (lines.length === 0) return [];
  const anchor = importAnchor(docItems);
  if ("atEnd" in anchor)
    return [{ start: state.doc.length, end: state.doc.length, text: `${lines.join("\n")}\n` }];
  if ("before" in anchor) {
    const eol = lineEndingAt(state.doc, anchor.before.start);
    const start = lineStart(state.doc, anchor.before.start);
    return [{ start, end: start, text: lines.join(eol) + eol + eol }];
  }
  const eol = lineEndingAt(state.doc, anchor.after.start);
  // The anchor import itself is going away: the new lines take its place.
  if (removed.has(anchor.after))
    return [{ start: anchor.after.start, end: anchor.after.end, text: lines.join(eol) }];
  const lead = anchor.kind === "docstring" ? eol + eol : eol;
  return [{ start: anchor.after.end, end: anchor.after.end, text: lead + lines.join(eol) }];
}

function compose(state: MergeState, ops: Op[]): { ok: true; text: string } | { ok: false; reason: string } {
  // Stable order: by start, then insertions (empty ranges) before replacements at the same point.
  const sorted = ops
    .map((op, seq) => ({ op, seq }))
    .sort(
      (a, b) => a.op.start - b.op.start || a.op.end - a.op.start - (b.op.end - b.op.start) || a.seq - b.seq,
    );
  let out = "";
  let cursor = 0;
  for (const { op } of sorted) {
    if (op.start < cursor)
      return { ok: false, reason: "the model's code changes overlapping parts of the file" };
    out += state.doc.slice(cursor, op.start) + op.text;
    cursor = op.end;
  }
  return { ok: true, text: out + state.doc.slice(cursor) };
}

function refusal(regions: FixRegion[], replyItems: OutlineItem[]): string {
  const wanted = regions.map((r) => (r.kind === "function" ? `\`${r.label}\`` : r.label)).join(", ");
  const defined = [...new Set(allDefinitionNames(replyItems))];
  const instead =
    defined.length > 0
      ? `it defines ${defined
          .slice(0, 5)
          .map((n) => `\`${n}\``)
          .join(", ")}${defined.length > 5 ? ", …" : ""} instead`
      : "it contains no function with that name";
  return `the model's code does not replace ${wanted}: ${instead}`;
}

function allDefinitionNames(items: OutlineItem[]): string[] {
  return items.flatMap((item) => [
    ...(item.kind === "function" && item.name ? [item.name] : []),
    ...(item.kind === "class" ? allDefinitionNames(item.members ?? []).map((n) => `${item.name}.${n}`) : []),
  ]);
}
