import { normalizeCwe } from "../analysis/cwe.js";
import type { Hint } from "./types.js";

/**
 * Parse a model's vulnerability hints (paper §3.2 step 1) from whatever shape it answered in:
 * JSON (an array, or an object holding one), numbered or bulleted lists, or prose. CWE ids are
 * normalized ("CWE-089" → "CWE-89"); duplicates are dropped; at most the first five are kept.
 * Lines without a CWE id are not hints (relevance is judged by id).
 */

const MAX_HINTS = 5;
const CWE_TOKEN = /\bCWE[\s_-]*0*(\d{1,5})\b/gi;
const LIST_MARKER = /^\s*(?:[-*•+]|\d{1,2}[.)]|\(\d{1,2}\)|#+)\s*/;
const SEPARATOR = /\s*(?::|\s-\s|\s–\s|\s—\s)\s*/;

export function parseHints(text: string): Hint[] {
  const fromJson = parseJsonHints(text);
  const hints = fromJson.length > 0 ? fromJson : parseTextHints(text);
  const seen = new Set<string>();
  const unique: Hint[] = [];
  for (const hint of hints) {
    if (seen.has(hint.cwe) || hint.cwe === "CWE-0") continue;
    seen.add(hint.cwe);
    unique.push(hint);
    if (unique.length === MAX_HINTS) break;
  }
  return unique;
}

function parseJsonHints(text: string): Hint[] {
  for (const candidate of jsonCandidates(text)) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      continue;
    }
    const list = Array.isArray(value) ? value : firstArrayProperty(value);
    if (!list) continue;
    const hints = list.flatMap((item): Hint[] => {
      if (typeof item === "string") return parseTextHints(item);
      if (!item || typeof item !== "object") return [];
      const record = item as Record<string, unknown>;
      const rawId = pick(record, ["cwe", "cwe_id", "cweId", "id", "CWE", "cwe-id"]);
      const cwe = rawId === undefined ? undefined : normalizeCwe(String(rawId).trim());
      if (!cwe) return [];
      return [
        {
          cwe,
          name: clean(String(pick(record, ["name", "title", "vulnerability", "type"]) ?? "")),
          description: clean(
            String(pick(record, ["description", "desc", "explanation", "reason", "details"]) ?? ""),
          ),
        },
      ];
    });
    if (hints.length > 0) return hints;
  }
  return [];
}

/** Fenced ```json blocks first, then the outermost [...] / {...} span of the reply. */
function jsonCandidates(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/```(?:json)?\s*\n([\s\S]*?)```/gi)) if (m[1]) out.push(m[1]);
  for (const [open, close] of [
    ["[", "]"],
    ["{", "}"],
  ] as const) {
    const start = text.indexOf(open);
    const end = text.lastIndexOf(close);
    if (start !== -1 && end > start) out.push(text.slice(start, end + 1));
  }
  return out;
}

function firstArrayProperty(value: unknown): unknown[] | undefined {
  if (!value || typeof value !== "object") return undefined;
  for (const v of Object.values(value as Record<string, unknown>)) if (Array.isArray(v)) return v;
  return undefined;
}

function pick(record: Record<string, unknown>, keys: string[]): unknown {
  for (const key of keys) if (record[key] !== undefined && record[key] !== null) return record[key];
  return undefined;
}

function parseTextHints(text: string): Hint[] {
  const hints: Hint[] = [];
  let last: Hint | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "") {
      last = undefined;
      continue;
    }
    const ids = [...line.matchAll(CWE_TOKEN)];
    if (ids.length === 0) {
      // A continuation line ("   Description: ...") completes the previous hint.
      if (last && last.description === "" && !LIST_MARKER.test(rawLine)) {
        last.description = clean(line.replace(/^description\s*:\s*/i, ""));
      }
      continue;
    }
    if (ids.length === 1) {
      last = parseHintLine(line, ids[0] as RegExpMatchArray);
      hints.push(last);
    } else {
      last = undefined;
      for (const id of ids)
        hints.push({ cwe: `CWE-${Number(id[1])}`, name: parentheticalAfter(line, id), description: "" });
    }
  }
  return hints;
}

/** "1. **SQL Injection (CWE-89)**: desc", "CWE-89: SQL Injection - desc", "CWE-089 – name: desc" … */
function parseHintLine(line: string, id: RegExpMatchArray): Hint {
  const cwe = `CWE-${Number(id[1])}`;
  const withoutMarker = stripEmphasis(line.replace(LIST_MARKER, ""));
  const withoutId = withoutMarker
    .replace(/\(\s*CWE[\s_-]*0*\d{1,5}\s*\)|\[\s*CWE[\s_-]*0*\d{1,5}\s*\]/i, "")
    .replace(/\bCWE[\s_-]*0*\d{1,5}\b/i, "")
    .replace(/^\s*(?::|-|–|—)\s*/, "")
    .trim();
  const parts = withoutId.split(SEPARATOR);
  const name = clean(parts[0] ?? "");
  const description = clean(parts.slice(1).join(": "));
  return { cwe, name, description };
}

function parentheticalAfter(line: string, id: RegExpMatchArray): string {
  const after = line.slice((id.index ?? 0) + id[0].length);
  const m = /^\s*\(([^)]+)\)/.exec(after);
  return m?.[1] ? clean(m[1]) : "";
}

/** Markdown emphasis and code marks, keeping underscores inside identifiers (db_path). */
function stripEmphasis(text: string): string {
  return text.replace(/[*`]+/g, "").replace(/(^|[\s([])_+|_+(?=$|[\s)\]:,.])/g, "$1");
}

function clean(text: string): string {
  return stripEmphasis(text)
    .replace(/^["'\s:–—-]+|["'\s]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
