import { createTwoFilesPatch, diffArrays } from "diff";
import type { Parser } from "web-tree-sitter";
import { functionSignatureChangeWith } from "../python/function-signature.js";
import { splitLines } from "./compute-edit.js";
import type { FixRegion } from "./fix-region.js";
import { type OutlineItem, outlineModule } from "./python-outline.js";

/**
 * How far a fix reaches beyond what it targets, judged on the document before and after (so it
 * holds whatever the rounds did). Import lines are fine; any other line outside the target
 * regions, a removed definition or a changed signature of a target makes the change
 * destructive-looking: the editor must show the diff and get an explicit yes.
 */
export interface ChangeAssessment {
  /** Lines changed outside the target regions (imports not counted). */
  outsideLines: number;
  /** Definitions ("get_db", "Repo.load") present before and gone after. */
  removedDefinitions: string[];
  /** "parameters of get_user changed from (a) to (a, b)". */
  signatureChange?: string;
  destructive: boolean;
  /** What the fix targeted, for "changes 3 lines outside the function". */
  targetKind: "function" | "statement" | "finding";
  /** One line for the question: "changes 3 lines outside `get_user`; removes `get_db`". */
  description: string;
  /** Unified diff (\n line breaks), for the confirmation and the log. */
  diff: string;
}

export function assessChange(
  parser: Parser,
  before: string,
  after: string,
  regions: FixRegion[],
  fileLabel = "document",
): ChangeAssessment {
  const outsideLines = linesOutside(before, after, regions);
  const kept = new Set(definitionNames(outlineModule(parser, after).items));
  const removedDefinitions = definitionNames(outlineModule(parser, before).items).filter((n) => !kept.has(n));
  let signatureChange: string | undefined;
  for (const region of regions) {
    if (region.kind !== "function") continue;
    const change = functionSignatureChangeWith(parser, before, after, region.path.join("."));
    if (change && !change.includes("removed or renamed")) signatureChange = change;
  }
  const targets =
    regions.map((r) => (r.kind === "function" ? `\`${r.label}\`` : r.label)).join(", ") || "the finding";
  const parts = [
    ...(outsideLines > 0
      ? [`changes ${outsideLines} line${outsideLines === 1 ? "" : "s"} outside ${targets}`]
      : []),
    ...(removedDefinitions.length > 0
      ? [`removes ${removedDefinitions.map((n) => `\`${n}\``).join(", ")}`]
      : []),
    ...(signatureChange ? [signatureChange] : []),
  ];
  const normalize = (text: string) => text.replace(/\r\n?/g, "\n");
  return {
    outsideLines,
    removedDefinitions,
    ...(signatureChange ? { signatureChange } : {}),
    destructive: parts.length > 0,
    targetKind:
      regions.every((r) => r.kind === "function") && regions.length > 0
        ? "function"
        : regions.length > 0
          ? "statement"
          : "finding",
    description: parts.join("; "),
    diff: createTwoFilesPatch(
      `a/${fileLabel}`,
      `b/${fileLabel}`,
      normalize(before),
      normalize(after),
      "",
      "",
      {
        context: 2,
      },
    ),
  };
}

/** Changed lines (the larger side of each hunk) that are neither inside a region nor import lines. */
function linesOutside(before: string, after: string, regions: FixRegion[]): number {
  const beforeLines = splitLines(before);
  const inside = (first: number, last: number) =>
    regions.some((r) => first >= r.startLine && last <= r.endLine);
  let line = 0;
  let count = 0;
  let removed: string[] = [];
  let added: string[] = [];
  let hunkStart = 0;
  const flush = () => {
    if (removed.length === 0 && added.length === 0) return;
    const last = removed.length > 0 ? hunkStart + removed.length - 1 : hunkStart;
    const importsOnly = [...removed, ...added].every((l) => IMPORT_OR_BLANK.test(l));
    const insertion = removed.length === 0;
    // New lines inside a region are its own; right after it (past blank lines only: a line diff
    // may align the body's blank lines with the blank lines that follow the function) only when
    // indented into its body.
    const within = insertion
      ? regions.some(
          (r) =>
            (hunkStart > r.startLine && hunkStart <= r.endLine) ||
            (hunkStart > r.endLine &&
              beforeLines.slice(r.endLine + 1, hunkStart).every((l) => l.trim() === "") &&
              added.every((l) => l.trim() === "" || indentOf(l) > r.column)),
        )
      : inside(hunkStart, last);
    if (!within && !importsOnly) count += Math.max(removed.length, added.length);
    removed = [];
    added = [];
  };
  for (const part of diffArrays(beforeLines, splitLines(after))) {
    if (!part.added && !part.removed) {
      flush();
      line += part.value.length;
      hunkStart = line;
      continue;
    }
    if (part.removed) {
      if (removed.length === 0 && added.length === 0) hunkStart = line;
      removed.push(...part.value);
      line += part.value.length;
    } else {
      if (removed.length === 0 && added.length === 0) hunkStart = line;
      added.push(...part.value);
    }
  }
  flush();
  return count;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

const IMPORT_OR_BLANK = /^\s*(?:(?:import|from)\s+[\w.]+(?:\s+import\b.*)?.*|)\s*$/;

function definitionNames(items: OutlineItem[], prefix = ""): string[] {
  return items.flatMap((item) => {
    if (!item.name || (item.kind !== "function" && item.kind !== "class")) return [];
    const name = prefix + item.name;
    return item.kind === "class" ? [name, ...definitionNames(item.members ?? [], `${name}.`)] : [name];
  });
}
