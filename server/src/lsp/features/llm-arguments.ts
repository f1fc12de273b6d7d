import { ErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import type { Position, Range } from "../../analysis/finding.js";
import type { FeedbackKind, HintMode } from "../../workflows/types.js";

/**
 * Arguments of seclsp.explain / seclsp.repair / seclsp.generate. Both forms are accepted, so
 * that code actions, keymaps and people typing in a command palette can all call them:
 *   positional: [uri, fingerprint | diagnostic, feedback?]  /  [uri, position | range, prompt?, hints?, cwe?]
 *   one object: [{ uri, fingerprint?, diagnostic?, ruleId?, line?, feedback? }]
 *               [{ uri, position? | range?, prompt?, hints?, cwe? }]
 */

/** Which finding a command is about. */
export interface FindingRef {
  uri: string;
  fingerprint?: string;
  ruleId?: string;
  line?: number;
}

export interface RepairArguments extends FindingRef {
  feedback?: FeedbackKind;
}

export interface GenerateArguments {
  uri: string;
  range: Range;
  prompt?: string;
  hints: HintMode;
  cwe?: string;
}

const HINT_MODES: readonly HintMode[] = ["none", "self", "cwe-definition", "contextual"];

export function parseFindingArguments(command: string, args: unknown[]): RepairArguments {
  const first = args[0];
  const named = isRecord(first) ? first : undefined;
  const uri = named ? named.uri : first;
  if (typeof uri !== "string" || uri === "") {
    throw invalid(`${command} needs the document URI (first argument, or {uri} in an object)`);
  }
  const ref: RepairArguments = { uri };
  const target = named ? (named.diagnostic ?? named.fingerprint) : args[1];
  if (typeof target === "string" && target !== "") ref.fingerprint = target;
  if (isRecord(target)) readDiagnostic(target, ref);
  if (named) {
    if (typeof named.ruleId === "string") ref.ruleId = named.ruleId;
    if (typeof named.line === "number") ref.line = named.line;
  }
  const feedback = named ? named.feedback : args[2];
  if (feedback !== undefined && feedback !== null) {
    if (feedback !== "direct" && feedback !== "explained") {
      throw invalid(`${command}: feedback must be "direct" or "explained", not ${JSON.stringify(feedback)}`);
    }
    ref.feedback = feedback;
  }
  if (!ref.fingerprint && !ref.ruleId && ref.line === undefined) {
    throw invalid(`${command} needs the finding: its fingerprint or the diagnostic (second argument)`);
  }
  return ref;
}

export function parseGenerateArguments(args: unknown[]): GenerateArguments {
  const first = args[0];
  const named = isRecord(first) ? first : undefined;
  const uri = named ? named.uri : first;
  if (typeof uri !== "string" || uri === "") {
    throw invalid("seclsp.generate needs the document URI (first argument, or {uri} in an object)");
  }
  const where = named ? (named.range ?? named.position) : args[1];
  const range = isRange(where) ? where : isPosition(where) ? { start: where, end: where } : undefined;
  if (!range) throw invalid("seclsp.generate needs a position {line, character} or a range {start, end}");
  const prompt = named ? named.prompt : args[2];
  const hints = (named ? named.hints : args[3]) ?? "none";
  if (typeof hints !== "string" || !HINT_MODES.includes(hints as HintMode)) {
    throw invalid(`seclsp.generate: hints must be one of ${HINT_MODES.join(", ")}`);
  }
  const cwe = named ? named.cwe : args[4];
  return {
    uri,
    range,
    hints: hints as HintMode,
    ...(typeof prompt === "string" && prompt.trim() !== "" ? { prompt } : {}),
    ...(typeof cwe === "string" && cwe !== "" ? { cwe } : {}),
  };
}

/** A diagnostic as the client sent it back: our `data`, else its code and start line. */
function readDiagnostic(diagnostic: Record<string, unknown>, ref: FindingRef): void {
  const data = isRecord(diagnostic.data) ? diagnostic.data : undefined;
  if (typeof data?.fingerprint === "string" && data.fingerprint !== "") ref.fingerprint = data.fingerprint;
  const ruleId = typeof data?.ruleId === "string" ? data.ruleId : diagnostic.code;
  if (typeof ruleId === "string") ref.ruleId = ruleId;
  if (isRange(diagnostic.range)) ref.line = diagnostic.range.start.line;
  // A plain {fingerprint, ruleId, line} object (what our code actions send) works too.
  if (typeof diagnostic.fingerprint === "string" && diagnostic.fingerprint !== "")
    ref.fingerprint = diagnostic.fingerprint;
  if (typeof diagnostic.ruleId === "string") ref.ruleId = diagnostic.ruleId;
  if (typeof diagnostic.line === "number") ref.line = diagnostic.line;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPosition(value: unknown): value is Position {
  return (
    isRecord(value) &&
    Number.isInteger(value.line) &&
    Number.isInteger(value.character) &&
    (value.line as number) >= 0 &&
    (value.character as number) >= 0
  );
}

function isRange(value: unknown): value is Range {
  return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `seclsp: ${message}`);
}
