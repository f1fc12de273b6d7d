/**
 * A linear, recursion-free estimate of how deep a Python parser's syntax tree gets, so that ruff
 * (whose wasm parser and visitors recurse once per level) is never handed a file that overflows
 * its stack: measured with ruff 0.17.4, `1 + 1 + …` overflows between 2,000 and 4,000 terms and
 * `f(f(…))` between 1,000 and 2,000 levels on the main thread (a worker's stack goes no further
 * for operator chains). The estimate over-counts rather than under-counts: every operator,
 * operator keyword, dot and bracket on the path from the statement to a token adds one level, a
 * bracket adds one more, and so does each indented block. Commas and semicolons start a new chain.
 */

export interface DepthEstimate {
  /** Deepest estimated nesting in the file. */
  depth: number;
  /** UTF-16 offset where that depth is first reached. */
  offset: number;
}

/** Comfortably below every overflow measured above, far above any hand-written code. */
export const MAX_SAFE_DEPTH = 1000;

const OPERATOR_KEYWORDS = new Set(["and", "or", "not", "if", "else", "lambda", "await", "in", "is", "yield"]);
const OPERATOR_CHARS = new Set([..."+-*/%@&|^~<>!=."]);

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code >= 128;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || (code >= 48 && code <= 57);
}

/** End offset (exclusive) of the string literal whose opening quote is at `at`. */
function skipString(text: string, at: number): number {
  const quote = text[at]!;
  const triple = text.startsWith(quote.repeat(3), at);
  const closing = triple ? quote.repeat(3) : quote;
  let i = at + closing.length;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (!triple && (c === "\n" || c === "\r")) return i; // unterminated: ends with the line
    if (text.startsWith(closing, i)) return i + closing.length;
    i++;
  }
  return text.length;
}

/** Estimated maximum syntax-tree depth of `text` (see the module comment). */
export function expressionDepth(text: string): DepthEstimate {
  const counters: number[] = []; // chain length of each enclosing bracket level
  let enclosing = 0; // sum of `counters`
  let current = 0; // chain length at the current level
  const indents = [0];
  let best: DepthEstimate = { depth: 0, offset: 0 };
  const note = (at: number) => {
    const depth = enclosing + current + counters.length + indents.length - 1;
    if (depth > best.depth) best = { depth, offset: at };
  };
  let lineStart = true;
  let i = 0;
  while (i < text.length) {
    if (lineStart && counters.length === 0) {
      lineStart = false;
      let width = 0;
      let j = i;
      for (; j < text.length && (text[j] === " " || text[j] === "\t"); j++) width += text[j] === "\t" ? 8 : 1;
      const next = text[j];
      if (next !== undefined && next !== "\n" && next !== "\r" && next !== "#") {
        while (indents.length > 1 && indents[indents.length - 1]! > width) indents.pop();
        if (width > indents[indents.length - 1]!) indents.push(width);
      }
      i = j;
      continue;
    }
    const c = text[i]!;
    const code = c.charCodeAt(0);
    if (c === "\n" || c === "\r") {
      if (counters.length === 0) {
        current = 0;
        lineStart = true;
      }
      i++;
    } else if (c === "\\" && (text[i + 1] === "\n" || text[i + 1] === "\r")) {
      i += text.startsWith("\r\n", i + 1) ? 3 : 2; // explicit line continuation
    } else if (c === "#") {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if (c === '"' || c === "'") {
      i = skipString(text, i);
    } else if (c === "(" || c === "[" || c === "{") {
      current++;
      note(i);
      counters.push(current);
      enclosing += current;
      current = 0;
      i++;
    } else if (c === ")" || c === "]" || c === "}") {
      const outer = counters.pop();
      if (outer !== undefined) {
        enclosing -= outer;
        current = outer;
      }
      i++;
    } else if (c === "," || c === ";") {
      current = 0;
      i++;
    } else if (code >= 48 && code <= 57) {
      while (i < text.length && (isIdentifierPart(text.charCodeAt(i)) || text[i] === ".")) i++;
    } else if (isIdentifierStart(code)) {
      const start = i;
      while (i < text.length && isIdentifierPart(text.charCodeAt(i))) i++;
      if (OPERATOR_KEYWORDS.has(text.slice(start, i))) {
        current++;
        note(start);
      }
    } else if (OPERATOR_CHARS.has(c)) {
      const start = i;
      while (i < text.length && OPERATOR_CHARS.has(text[i]!)) i++;
      if (i - start !== 1 || c !== "=") {
        current++;
        note(start);
      }
    } else {
      i++;
    }
  }
  return best;
}
