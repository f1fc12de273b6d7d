import { type CallInfo, splitArguments } from "../taint/call-info.js";
import type { ImportMap } from "../taint/imports.js";
import {
  field,
  namedChildren,
  type PyNode,
  type SyntaxTree,
  stringValue,
  textOf,
  unwrap,
  walk,
} from "../taint/syntax-tree.js";

/** A pattern finding: `source` (when set) becomes the first flow step and fills the `$@` link. */
export interface PatternFinding {
  rule: string;
  node: PyNode;
  args: string[];
  source?: { node: PyNode; description: string };
}

export type PatternEmit = (finding: PatternFinding) => void;

/**
 * What the pattern checks share: the tree, the imports, callee resolution and a one-step
 * def-use lookup (`x = request.headers.get(...)` … `x == y`). No data flow beyond that.
 */
export class PatternContext {
  private readonly scopes = new Map<PyNode, Map<string, PyNode[]>>();
  private readonly facts = new Map<string, unknown>();
  private readonly scopeFacts = new Map<PyNode, Map<string, unknown>>();
  /**
   * Set when a check read something outside the top-level statement being checked (a whole-file
   * fact, the module scope): that statement's findings are not reused on the next edit.
   */
  private outside = false;

  constructor(
    readonly tree: SyntaxTree,
    readonly imports: ImportMap,
  ) {}

  /**
   * A whole-file fact computed once per file (checks run per node; scanning the file per matching
   * node made files that repeat a pattern quadratic).
   */
  fileFact<T>(key: string, compute: () => T): T {
    this.outside = true;
    if (this.facts.has(key)) return this.facts.get(key) as T;
    const value = compute();
    this.facts.set(key, value);
    return value;
  }

  /** A fact about one scope (function body or module), computed once per scope. */
  scopeFact<T>(scope: PyNode, key: string, compute: () => T): T {
    if (scope === this.tree.root) this.outside = true;
    let facts = this.scopeFacts.get(scope);
    if (!facts) {
      facts = new Map();
      this.scopeFacts.set(scope, facts);
    }
    if (facts.has(key)) return facts.get(key) as T;
    const value = compute();
    facts.set(key, value);
    return value;
  }

  /** Start checking a top-level statement: clears `readOutsideStatement`. */
  beginStatement(): void {
    this.outside = false;
  }

  /** Whether the checks since `beginStatement` read the module scope or a whole-file fact. */
  get readOutsideStatement(): boolean {
    return this.outside;
  }

  text(node: PyNode): string {
    return textOf(this.tree, node);
  }

  /** Dotted callee resolved through imports ("jwt.decode"); undefined for methods on values. */
  qualify(node: PyNode | undefined): string | undefined {
    if (!node) return undefined;
    const n = unwrap(node);
    if (n.type === "identifier") {
      const name = this.text(n);
      return this.imports.get(name) ?? name;
    }
    if (n.type === "attribute") {
      const base = this.qualify(field(n, "object"));
      const attr = field(n, "attribute");
      return base && attr ? `${base}.${this.text(attr)}` : undefined;
    }
    return undefined;
  }

  call(node: PyNode): CallInfo {
    const fn = field(node, "function");
    const { args, kwargs } = splitArguments(this.tree, node);
    const object = fn?.type === "attribute" ? field(fn, "object") : undefined;
    const attr = fn?.type === "attribute" ? field(fn, "attribute") : undefined;
    const qualified = this.qualify(fn);
    return {
      node,
      // Only names bound by an import count as qualified (`jwt.decode`, not `token.decode`).
      qualified: fn && this.imports.has(rootName(this, fn)) ? qualified : undefined,
      name: attr ? this.text(attr) : fn ? this.text(fn) : "",
      receiver: object,
      receiverTags: new Set(),
      receiverText: object ? this.text(object) : undefined,
      args,
      kwargs,
      tree: this.tree,
      tagsOf: () => new Set(),
    };
  }

  /**
   * The value an identifier holds, when its scope assigns it exactly once (`name = value`):
   * one step of def-use, enough for "read a header, then compare it".
   */
  valueOf(node: PyNode): PyNode {
    const n = unwrap(node);
    if (n.type !== "identifier") return n;
    const values = this.assignments(scopeOf(n)).get(this.text(n));
    return values?.length === 1 ? unwrap(values[0]!) : n;
  }

  /** Like `valueOf`, then a module constant (`FORM = "NFKC"` used inside a function). */
  constantOf(node: PyNode): PyNode {
    const value = this.valueOf(node);
    if (value.type !== "identifier") return value;
    const module = this.assignments(this.tree.root).get(this.text(value));
    return module?.length === 1 ? unwrap(module[0]!) : value;
  }

  /**
   * The value a name holds at `use`: the last `name = value` of its scope that ends before it
   * (source order; branches are not told apart). Other nodes are returned unchanged.
   */
  valueBefore(node: PyNode, use: PyNode): PyNode {
    const n = unwrap(node);
    if (n.type !== "identifier") return n;
    const values = this.assignments(scopeOf(n)).get(this.text(n)) ?? [];
    let last: PyNode | undefined;
    for (const value of values) if (value.end <= use.start && value.type !== "identifier") last = value;
    return last ? unwrap(last) : n;
  }

  /** Every `name = value` of a scope (not of nested functions or classes). */
  assignments(scope: PyNode): Map<string, PyNode[]> {
    if (scope === this.tree.root) this.outside = true;
    let found = this.scopes.get(scope);
    if (found) return found;
    found = new Map();
    const map = found;
    walk(scope, (node) => {
      if (node !== scope && (node.type === "function_definition" || node.type === "class_definition"))
        return false;
      if (node.type === "assignment" || node.type === "augmented_assignment") {
        const left = field(node, "left");
        const right = field(node, "right");
        if (left?.type === "identifier" && right) {
          const name = this.text(left);
          // An augmented assignment makes the value unknown: record it twice.
          const list = map.get(name) ?? [];
          list.push(right);
          if (node.type === "augmented_assignment") list.push(right);
          map.set(name, list);
        }
      }
      if (node.type === "for_statement") {
        const left = field(node, "left");
        if (left?.type === "identifier") {
          const list = map.get(this.text(left)) ?? [];
          list.push(left, left);
          map.set(this.text(left), list);
        }
      }
      return undefined;
    });
    this.scopes.set(scope, map);
    return map;
  }
}

/** The innermost function (else the module) around `node`. */
export function scopeOf(node: PyNode): PyNode {
  let current = node.parent;
  while (current) {
    if (current.type === "function_definition") return field(current, "body") ?? current;
    if (!current.parent) return current;
    current = current.parent;
  }
  return node;
}

/** Operands and operators of a comparison (`a == b`, `a in b`, `a != b`). */
export function comparisonParts(ctx: PatternContext, node: PyNode): { operands: PyNode[]; ops: string[] } {
  return {
    operands: namedChildren(node),
    ops: node.children.filter((c) => !c.named).map((c) => ctx.text(c)),
  };
}

/** `request.headers.get("X")`, `request.headers["X"]`, `request.META["HTTP_X"]` → the header name. */
export function headerRead(ctx: PatternContext, node: PyNode): string | undefined {
  const n = unwrap(node);
  if (n.type === "call") {
    const fn = field(n, "function");
    if (fn?.type !== "attribute" || !/^(get|getlist)$/.test(ctx.text(field(fn, "attribute") ?? fn))) return;
    const object = field(fn, "object");
    if (!object || !isHeaderMap(ctx, object)) return undefined;
    const first = namedChildren(field(n, "arguments") ?? n)[0];
    return first ? stringValue(ctx.tree, first) : undefined;
  }
  if (n.type === "subscript") {
    const value = field(n, "value");
    const key = field(n, "subscript");
    if (!value || !key || !isHeaderMap(ctx, value)) return undefined;
    return stringValue(ctx.tree, key);
  }
  return undefined;
}

function isHeaderMap(ctx: PatternContext, node: PyNode): boolean {
  return /^(self\.)?request\.(headers|META|environ)$|^headers$/.test(ctx.text(unwrap(node)));
}

/** The first name of a dotted callee: `jwt` for `jwt.api.decode`. */
function rootName(ctx: PatternContext, node: PyNode): string {
  let n = unwrap(node);
  while (n.type === "attribute") {
    const object = field(n, "object");
    if (!object) return "";
    n = unwrap(object);
  }
  return n.type === "identifier" ? ctx.text(n) : "";
}
