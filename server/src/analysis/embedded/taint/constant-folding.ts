import {
  field,
  namedChildren,
  type PyNode,
  type SyntaxTree,
  stringValue,
  textOf,
  unwrap,
} from "./syntax-tree.js";

/** A Python value known at analysis time (ints and floats both as JS numbers). */
export type Const = number | string | boolean | null;

/** Looks up the constant a name is known to hold here, if any. */
export type ConstLookup = (name: string) => Const | undefined;

/** Deeper expressions are left unknown: folding must never be what overflows the stack. */
const MAX_DEPTH = 64;

/** Python truthiness of a constant. */
export function truthy(value: Const): boolean {
  if (typeof value === "string") return value.length > 0;
  if (typeof value === "number") return value !== 0;
  return value === true;
}

/**
 * The value of an expression when it is built from literals, known constants and pure
 * operators (arithmetic, comparisons, `and`/`or`/`not`, string indexing), else undefined.
 * Undefined means "unknown", never "false": callers must then keep every path.
 */
export function foldConstant(
  tree: SyntaxTree,
  node: PyNode,
  lookup: ConstLookup,
  depth = 0,
): Const | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrap(node);
  const fold = (child: PyNode | undefined) =>
    child ? foldConstant(tree, child, lookup, depth + 1) : undefined;
  switch (n.type) {
    case "integer": {
      const text = textOf(tree, n).replace(/_/g, "").toLowerCase();
      if (/[jl]$/.test(text)) return undefined;
      const value = /^0[0-7]+$/.test(text) ? undefined : Number(text);
      return value !== undefined && Number.isSafeInteger(value) ? value : undefined;
    }
    case "float": {
      const text = textOf(tree, n).replace(/_/g, "");
      if (/j$/i.test(text)) return undefined;
      const value = Number(text);
      return Number.isFinite(value) ? value : undefined;
    }
    case "true":
      return true;
    case "false":
      return false;
    case "none":
      return null;
    case "string":
      return stringValue(tree, n);
    case "identifier":
      return lookup(textOf(tree, n));
    case "not_operator": {
      const value = fold(field(n, "argument"));
      return value === undefined ? undefined : !truthy(value);
    }
    case "unary_operator": {
      const value = fold(field(n, "argument"));
      if (typeof value !== "number") return undefined;
      const op = textOf(tree, n.children.find((c) => !c.named) ?? n);
      return op === "-" ? -value : op === "+" ? value : undefined;
    }
    case "boolean_operator": {
      const left = fold(field(n, "left"));
      if (left === undefined) return undefined;
      const op = textOf(tree, n.children.find((c) => !c.named) ?? n);
      // Python returns the deciding operand.
      if (op === "and") return truthy(left) ? fold(field(n, "right")) : left;
      return truthy(left) ? left : fold(field(n, "right"));
    }
    case "binary_operator":
      return binary(textOf(tree, field(n, "operator") ?? n), fold(field(n, "left")), fold(field(n, "right")));
    case "comparison_operator":
      return comparison(tree, n, fold);
    case "conditional_expression": {
      const [then, condition, otherwise] = namedChildren(n);
      const test = fold(condition);
      if (test === undefined) return undefined;
      return truthy(test) ? fold(then) : fold(otherwise);
    }
    case "subscript": {
      const value = fold(field(n, "value"));
      const index = fold(field(n, "subscript"));
      if (typeof value !== "string" || typeof index !== "number" || !Number.isInteger(index))
        return undefined;
      const i = index < 0 ? value.length + index : index;
      return i >= 0 && i < value.length ? value[i] : undefined;
    }
    case "call":
      return builtinCall(tree, n, fold);
    default:
      return undefined;
  }
}

/** `len("abc")`, `int("7")`, `str(3)`, `abs(-2)`, `bool(0)` on one constant argument. */
function builtinCall(
  tree: SyntaxTree,
  n: PyNode,
  fold: (child: PyNode | undefined) => Const | undefined,
): Const | undefined {
  const fn = field(n, "function");
  const args = field(n, "arguments");
  const list = args && args.type === "argument_list" ? namedChildren(args) : [];
  if (fn?.type !== "identifier" || list.length !== 1 || list[0]!.type === "keyword_argument")
    return undefined;
  const value = fold(list[0]);
  if (value === undefined) return undefined;
  switch (textOf(tree, fn)) {
    case "len":
      return typeof value === "string" ? [...value].length : undefined;
    case "int":
      if (typeof value === "number") return Math.trunc(value);
      if (typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
      return typeof value === "boolean" ? Number(value) : undefined;
    case "str":
      return typeof value === "number" && Number.isInteger(value)
        ? String(value)
        : typeof value === "string"
          ? value
          : undefined;
    case "abs":
      return typeof value === "number" ? Math.abs(value) : undefined;
    case "bool":
      return truthy(value);
    default:
      return undefined;
  }
}

function binary(op: string, left: Const | undefined, right: Const | undefined): Const | undefined {
  if (left === undefined || right === undefined) return undefined;
  if (typeof left === "string" && typeof right === "string") return op === "+" ? left + right : undefined;
  if (typeof left === "string" && typeof right === "number" && op === "*")
    return right <= 0 ? "" : right <= 1024 ? left.repeat(right) : undefined;
  const a = typeof left === "boolean" ? Number(left) : left;
  const b = typeof right === "boolean" ? Number(right) : right;
  if (typeof a !== "number" || typeof b !== "number") return undefined;
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return b === 0 ? undefined : a / b;
    case "//":
      return b === 0 ? undefined : Math.floor(a / b);
    case "%":
      // Python's modulo takes the sign of the divisor.
      return b === 0 ? undefined : ((a % b) + b) % b;
    default:
      return undefined;
  }
}

function comparison(
  tree: SyntaxTree,
  n: PyNode,
  fold: (child: PyNode | undefined) => Const | undefined,
): Const | undefined {
  const operands = namedChildren(n);
  const ops = n.children.filter((c) => !c.named).map((c) => textOf(tree, c));
  // `a < b < c` chains: every link must be known and true.
  const opList = ops
    .join(" ")
    .replace(/not in/g, "not_in")
    .replace(/is not/g, "is_not")
    .split(" ");
  if (opList.length !== operands.length - 1) return undefined;
  let left = fold(operands[0]);
  for (let i = 0; i < opList.length; i++) {
    const right = fold(operands[i + 1]);
    if (left === undefined || right === undefined) return undefined;
    const result = compare(opList[i]!, left, right);
    if (result === undefined) return undefined;
    if (!result) return false;
    left = right;
  }
  return true;
}

function compare(op: string, a: Const, b: Const): boolean | undefined {
  const x = typeof a === "boolean" ? Number(a) : a;
  const y = typeof b === "boolean" ? Number(b) : b;
  switch (op) {
    case "==":
      return x === y;
    case "!=":
      return x !== y;
    case "is":
      return a === null || b === null ? a === b : undefined;
    case "is_not":
      return a === null || b === null ? a !== b : undefined;
    case "in":
    case "not_in": {
      if (typeof a !== "string" || typeof b !== "string") return undefined;
      return op === "in" ? b.includes(a) : !b.includes(a);
    }
  }
  if (typeof x === "number" && typeof y === "number") {
    if (op === "<") return x < y;
    if (op === "<=") return x <= y;
    if (op === ">") return x > y;
    if (op === ">=") return x >= y;
  }
  if (typeof x === "string" && typeof y === "string") {
    if (op === "<") return x < y;
    if (op === "<=") return x <= y;
    if (op === ">") return x > y;
    if (op === ">=") return x >= y;
  }
  return undefined;
}
