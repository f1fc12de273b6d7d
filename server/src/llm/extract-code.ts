import type { Parser } from "web-tree-sitter";
import { checkPythonSyntax, pythonParser, withPythonTree } from "../python/syntax-check.js";

/**
 * Take the code out of a model's reply. The rule (GitHub's guidance for CodeQL autofix): only
 * whole, syntactically valid code is ever used; anything else is an error, never a half edit.
 */

export class NoCodeError extends Error {
  override readonly name = "NoCodeError";
  constructor(detail?: string) {
    super(detail ? `model returned no code (${detail})` : "model returned no code");
  }
}

export interface ExtractedCode {
  code: string;
  /** Where it came from: a ```python block, an untagged ``` block, or the whole reply. */
  origin: "python-block" | "untagged-block" | "plain-reply";
}

interface FencedBlock {
  tag: string;
  body: string;
}

/** A fence opener: indent, a run of 3+ backticks or tildes, an optional info string (tag first). */
const FENCE_OPENER = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\s`]*)/;
/** Longest reply extracted from (characters); the HTTP layer already caps bytes, this guards other callers. */
export const MAX_REPLY_CHARS = 1024 * 1024;
const PYTHON_TAGS = new Set(["python", "py", "python3", "py3"]);

/** Top-level statements that make a plain reply count as code (prose never parses into these). */
const CODE_STATEMENTS = new Set([
  "function_definition",
  "class_definition",
  "decorated_definition",
  "import_statement",
  "import_from_statement",
  "if_statement",
  "for_statement",
  "while_statement",
  "try_statement",
  "with_statement",
  "return_statement",
]);

/**
 * Complete fenced blocks (``` or ~~~, any indent); an unterminated block is not complete. Same
 * result as the former regex (a block opens at the first opener line that has a matching closer
 * — the same fence run alone on a line — after it; scanning resumes after the closer) but linear:
 * closers are indexed once per fence run instead of rescanning the rest of the reply per opener.
 */
export function fencedBlocks(reply: string): FencedBlock[] {
  const lines = reply.split("\n");
  const closersByFence = new Map<string, number[]>();
  const openers: Array<{ line: number; indent: string; fence: string; tag: string } | undefined> = [];
  for (let i = 0; i < lines.length; i++) {
    const match = FENCE_OPENER.exec(lines[i] ?? "");
    if (!match) continue;
    const [whole, indent = "", fence = "", tag = ""] = match;
    openers[i] = { line: i, indent, fence, tag };
    // A closer is the fence run alone on its line (trailing blanks, or a CR, allowed).
    if (/^[ \t\r]*$/.test((lines[i] ?? "").slice(whole.length - tag.length)) && tag === "") {
      const list = closersByFence.get(fence) ?? [];
      list.push(i);
      closersByFence.set(fence, list);
    }
  }
  // Per fence run, a cursor into its closer list only ever moves forward: linear overall.
  const cursorByFence = new Map<string, number>();
  const nextCloser = (fence: string, after: number): number | undefined => {
    const list = closersByFence.get(fence);
    if (!list) return undefined;
    let cursor = cursorByFence.get(fence) ?? 0;
    while (cursor < list.length && (list[cursor] ?? 0) <= after) cursor++;
    cursorByFence.set(fence, cursor);
    return list[cursor];
  };
  const blocks: FencedBlock[] = [];
  // The opener line needs a newline after it, so the last line can never open a block.
  for (let i = 0; i < lines.length - 1; i++) {
    const opener = openers[i];
    if (!opener) continue;
    const close = nextCloser(opener.fence, i);
    if (close === undefined) continue;
    const body = lines
      .slice(i + 1, close)
      .map((line) =>
        opener.indent && line.startsWith(opener.indent) ? line.slice(opener.indent.length) : line,
      );
    blocks.push({ tag: opener.tag.toLowerCase(), body: body.length > 0 ? `${body.join("\n")}\n` : "" });
    i = close;
  }
  return blocks;
}

/** The code in `reply`: the longest python-tagged block that parses, else the longest untagged one, else the whole reply when it is plain code. */
export async function extractCode(reply: string): Promise<ExtractedCode> {
  return extractCodeWith(await pythonParser(), reply);
}

export function extractCodeWith(parser: Parser, reply: string): ExtractedCode {
  const extracted = extractFrom(parser, reply);
  const placeholder = /<SECLSP_SECRET_\d+>/.exec(extracted.code);
  if (placeholder) {
    throw new NoCodeError(
      `its code puts ${placeholder[0]}, the stand-in for a secret seclsp did not send, into a line the model wrote; ` +
        "seclsp never copies secrets into new code, so nothing was applied (keep the secret out of the code, e.g. in an environment variable)",
    );
  }
  return extracted;
}

function extractFrom(parser: Parser, reply: string): ExtractedCode {
  if (reply.length > MAX_REPLY_CHARS) {
    throw new NoCodeError(
      `the reply is ${reply.length} characters, over the ${MAX_REPLY_CHARS} limit; nothing was applied`,
    );
  }
  const blocks = fencedBlocks(reply).filter((b) => b.body.trim() !== "");
  const parses = (code: string) => checkPythonSyntax(parser, code).ok;
  const pick = (origin: ExtractedCode["origin"], candidates: FencedBlock[]): ExtractedCode | undefined => {
    const valid = candidates.filter((b) => parses(b.body)).sort((a, b) => b.body.length - a.body.length);
    return valid[0] ? { code: withFinalNewline(valid[0].body), origin } : undefined;
  };
  const fromBlocks =
    pick(
      "python-block",
      blocks.filter((b) => PYTHON_TAGS.has(b.tag)),
    ) ??
    pick(
      "untagged-block",
      blocks.filter((b) => b.tag === ""),
    );
  if (fromBlocks) return fromBlocks;
  if (blocks.length > 0) {
    const tags = [...new Set(blocks.map((b) => b.tag || "untagged"))].join(", ");
    throw new NoCodeError(`its code blocks (${tags}) are not valid, complete Python`);
  }
  if (/^[ \t]*(`{3,}|~{3,})/m.test(reply))
    throw new NoCodeError("the reply's code block is not closed: it was cut off");
  const plain = stripOuterBlankLines(reply);
  if (plain !== "" && parses(plain) && looksLikeCode(parser, plain)) {
    return { code: withFinalNewline(plain), origin: "plain-reply" };
  }
  throw new NoCodeError();
}

function looksLikeCode(parser: Parser, code: string): boolean {
  return (
    withPythonTree(parser, code, (root) =>
      root.namedChildren.some((child) => {
        if (!child) return false;
        if (CODE_STATEMENTS.has(child.type)) return true;
        const inner = child.type === "expression_statement" ? child.namedChildren[0]?.type : undefined;
        return inner === "assignment" || inner === "augmented_assignment" || inner === "call";
      }),
    ) ?? false
  );
}

function stripOuterBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\r?\n)+/, "").replace(/\s+$/, "");
}

function withFinalNewline(code: string): string {
  return code.endsWith("\n") ? code : `${code}\n`;
}
