import type { Parser } from "web-tree-sitter";
import { checkPythonSyntax, pythonParser, withPythonTree } from "./python-syntax.js";

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

/** Complete fenced blocks (``` or ~~~, any indent); an unterminated last block is not complete. */
const FENCED_BLOCK = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\s`]*)[^\n]*\n([\s\S]*?)^[ \t]*\2[ \t]*$/gm;
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

export function fencedBlocks(reply: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  for (const match of reply.matchAll(FENCED_BLOCK)) {
    const indent = match[1] ?? "";
    const body = (match[4] ?? "")
      .split("\n")
      .map((line) => (indent && line.startsWith(indent) ? line.slice(indent.length) : line))
      .join("\n");
    blocks.push({ tag: (match[3] ?? "").toLowerCase(), body });
  }
  return blocks;
}

/** The code in `reply`: the longest python-tagged block that parses, else the longest untagged one, else the whole reply when it is plain code. */
export async function extractCode(reply: string): Promise<ExtractedCode> {
  return extractCodeWith(await pythonParser(), reply);
}

export function extractCodeWith(parser: Parser, reply: string): ExtractedCode {
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
