import type { Range } from "../../analysis/finding.js";
import type { HintMode } from "../../workflows/types.js";
import { invalidArgument, isPosition, isRange, isRecord } from "./argument-shapes.js";

/**
 * Arguments of seclsp.generate, positional `[uri, position | range, prompt?, hints?, cwe?]` or one
 * object `[{ uri, position? | range?, prompt?, hints?, cwe? }]` (finding commands: finding-arguments.ts).
 */
export interface GenerateArguments {
  uri: string;
  range: Range;
  prompt?: string;
  hints: HintMode;
  cwe?: string;
}

const HINT_MODES: readonly HintMode[] = ["none", "self", "cwe-definition", "contextual"];

export function parseGenerateArguments(args: unknown[]): GenerateArguments {
  const first = args[0];
  const named = isRecord(first) ? first : undefined;
  const uri = named ? named.uri : first;
  if (typeof uri !== "string" || uri === "") {
    throw invalidArgument("seclsp.generate needs the document URI (first argument, or {uri} in an object)");
  }
  const where = named ? (named.range ?? named.position) : args[1];
  const range = isRange(where) ? where : isPosition(where) ? { start: where, end: where } : undefined;
  if (!range)
    throw invalidArgument("seclsp.generate needs a position {line, character} or a range {start, end}");
  const prompt = named ? named.prompt : args[2];
  const hints = (named ? named.hints : args[3]) ?? "none";
  if (typeof hints !== "string" || !HINT_MODES.includes(hints as HintMode)) {
    throw invalidArgument(`seclsp.generate: hints must be one of ${HINT_MODES.join(", ")}`);
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
