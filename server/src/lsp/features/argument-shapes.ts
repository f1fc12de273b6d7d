import { ErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import type { Position, Range } from "../../analysis/finding.js";

/** Shape checks for command arguments: they come from clients and people, so nothing is assumed. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isPosition(value: unknown): value is Position {
  return (
    isRecord(value) &&
    Number.isInteger(value.line) &&
    Number.isInteger(value.character) &&
    (value.line as number) >= 0 &&
    (value.character as number) >= 0
  );
}

export function isRange(value: unknown): value is Range {
  return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}

/** An InvalidParams error every client shows: what the command needs instead. */
export function invalidArgument(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `seclsp: ${message}`);
}
