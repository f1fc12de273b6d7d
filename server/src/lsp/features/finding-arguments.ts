import type { Range } from "../../analysis/finding.js";
import type { FindingRef } from "../../workflows/finding-ref.js";
import type { FeedbackKind } from "../../workflows/types.js";
import { invalidArgument, isRange, isRecord } from "./argument-shapes.js";

/**
 * Arguments of the commands about one finding (seclsp.explain, seclsp.repair, seclsp.showDataFlow),
 * read into one FindingRef. Every shape a shipped client, keymap or person sends is accepted:
 *   [uri, ref, feedback?]        what our code actions send (ref = a diagnostic's `data`)
 *   [uri, diagnostic, feedback?] a diagnostic as the client has it (its `data`, else code + range)
 *   [uri, fingerprint, feedback?]
 *   [{ uri, fingerprint?, diagnostic?, ruleId?, line?, version?, range?, feedback? }]
 * A bare `line` (older code actions, people) is read as the start of that line.
 */
export interface FindingCommandArguments {
  ref: FindingRef;
  feedback?: FeedbackKind;
}

export function parseFindingArguments(command: string, args: unknown[]): FindingCommandArguments {
  const first = args[0];
  const named = isRecord(first) ? first : undefined;
  const uri = named ? named.uri : first;
  if (typeof uri !== "string" || uri === "") {
    throw invalidArgument(`${command} needs the document URI (first argument, or {uri} in an object)`);
  }
  const ref: FindingRef = { uri };
  const target = named ? (named.diagnostic ?? named.fingerprint) : args[1];
  if (typeof target === "string" && target !== "") ref.fingerprint = target;
  if (isRecord(target)) readTarget(target, ref);
  if (named) readRefFields(named, ref);
  const feedback = named ? named.feedback : args[2];
  const parsed: FindingCommandArguments = { ref };
  if (feedback !== undefined && feedback !== null) {
    if (feedback !== "direct" && feedback !== "explained") {
      throw invalidArgument(
        `${command}: feedback must be "direct" or "explained", not ${JSON.stringify(feedback)}`,
      );
    }
    parsed.feedback = feedback;
  }
  if (!ref.fingerprint && !ref.ruleId && !ref.range) {
    throw invalidArgument(
      `${command} needs the finding: its fingerprint or the diagnostic (second argument)`,
    );
  }
  return parsed;
}

/** A diagnostic (our `data` is a FindingRef; clients that drop it still send code and range) or a ref. */
function readTarget(target: Record<string, unknown>, ref: FindingRef): void {
  if (typeof target.code === "string") ref.ruleId = target.code;
  if (isRange(target.range)) ref.range = target.range;
  if (isRecord(target.data)) readRefFields(target.data, ref);
  readRefFields(target, ref);
}

/** The FindingRef fields of an object, where they are well-formed (the uri stays the argument's). */
function readRefFields(fields: Record<string, unknown>, ref: FindingRef): void {
  if (typeof fields.fingerprint === "string" && fields.fingerprint !== "")
    ref.fingerprint = fields.fingerprint;
  if (typeof fields.ruleId === "string" && fields.ruleId !== "") ref.ruleId = fields.ruleId;
  if (Number.isInteger(fields.version)) ref.version = fields.version as number;
  if (fields.source === "embedded" || fields.source === "codeql" || fields.source === "bandit")
    ref.source = fields.source;
  if (isRange(fields.range)) ref.range = fields.range;
  else if (Number.isInteger(fields.line) && (fields.line as number) >= 0)
    ref.range = lineStart(fields.line as number);
}

function lineStart(line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}
