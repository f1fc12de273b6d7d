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
  const quote = text.charCodeAt(at);
  const triple = text.charCodeAt(at + 1) === quote && text.charCodeAt(at + 2) === quote;
  let i = at + (triple ? 3 : 1);
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      i += 2; // a backslash escapes the next character
      continue;
    }
    if (!triple && (c === 10 || c === 13)) return i; // unterminated: ends with the line
    if (c === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote)))
      return i + (triple ? 3 : 1);
    i++;
  }
  return text.length;
}

/** Per char code below 128: 1 for the operator characters. */
const OPERATOR_CODES = new Uint8Array(128);
for (const c of OPERATOR_CHARS) OPERATOR_CODES[c.charCodeAt(0)] = 1;
/** First letters of the operator keywords (an identifier starting otherwise is not one). */
const KEYWORD_STARTS = new Set([...OPERATOR_KEYWORDS].map((k) => k.charCodeAt(0)));

const isOperatorCode = (code: number) => code < 128 && OPERATOR_CODES[code] === 1;

const NEWLINE = 10;
const RETURN = 13;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const BACKSLASH = 92;
const DOT = 46;
const EQUALS = 61;

/**
 * Estimated maximum syntax-tree depth of `text` (see the module comment). Char codes, not
 * one-character strings: this runs before every ruff check, on the way to the first diagnostics.
 */
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
  const length = text.length;
  let lineStart = true;
  let i = 0;
  while (i < length) {
    if (lineStart && counters.length === 0) {
      lineStart = false;
      let width = 0;
      let j = i;
      for (; j < length; j++) {
        const code = text.charCodeAt(j);
        if (code === SPACE) width += 1;
        else if (code === TAB) width += 8;
        else break;
      }
      if (j < length) {
        const next = text.charCodeAt(j);
        if (next !== NEWLINE && next !== RETURN && next !== HASH) {
          while (indents.length > 1 && indents[indents.length - 1]! > width) indents.pop();
          if (width > indents[indents.length - 1]!) indents.push(width);
        }
      }
      i = j;
      continue;
    }
    const code = text.charCodeAt(i);
    if (code === NEWLINE || code === RETURN) {
      if (counters.length === 0) {
        current = 0;
        lineStart = true;
      }
      i++;
    } else if (
      code === BACKSLASH &&
      (text.charCodeAt(i + 1) === NEWLINE || text.charCodeAt(i + 1) === RETURN)
    ) {
      i += text.startsWith("\r\n", i + 1) ? 3 : 2; // explicit line continuation
    } else if (code === HASH) {
      while (i < length && text.charCodeAt(i) !== NEWLINE && text.charCodeAt(i) !== RETURN) i++;
    } else if (code === 34 || code === 39) {
      i = skipString(text, i);
    } else if (code === 40 || code === 91 || code === 123) {
      current++;
      note(i);
      counters.push(current);
      enclosing += current;
      current = 0;
      i++;
    } else if (code === 41 || code === 93 || code === 125) {
      const outer = counters.pop();
      if (outer !== undefined) {
        enclosing -= outer;
        current = outer;
      }
      i++;
    } else if (code === 44 || code === 59) {
      current = 0;
      i++;
    } else if (code >= 48 && code <= 57) {
      while (i < length && (isIdentifierPart(text.charCodeAt(i)) || text.charCodeAt(i) === DOT)) i++;
    } else if (isIdentifierStart(code)) {
      const start = i;
      while (i < length && isIdentifierPart(text.charCodeAt(i))) i++;
      // Keywords are 2 to 6 letters: only such identifiers are sliced and looked up.
      if (
        i - start >= 2 &&
        i - start <= 6 &&
        KEYWORD_STARTS.has(code) &&
        OPERATOR_KEYWORDS.has(text.slice(start, i))
      ) {
        current++;
        note(start);
      }
    } else if (isOperatorCode(code)) {
      const start = i;
      while (i < length && isOperatorCode(text.charCodeAt(i))) i++;
      if (i - start !== 1 || code !== EQUALS) {
        current++;
        note(start);
      }
    } else {
      i++;
    }
  }
  return best;
}
