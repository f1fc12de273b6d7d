import type { CallInfo } from "./call-info.js";
import { ANY_FIELD, classOf, collectFieldWriters, fieldKey, setattrOnSelf } from "./class-fields.js";
import { type Const, foldConstant } from "./constant-folding.js";
import {
  dropElements,
  elementKey,
  hasElements,
  isElementKey,
  lengthOf,
  mergeElement,
  setLength,
  weakenElements,
} from "./container-elements.js";
import { clip, type Env, type FileContext, type ParamSink, rootName } from "./flow-context.js";
import type { FunctionInfo } from "./function-catalog.js";
import type { GuardFacts } from "./models/guards.js";
import { SinkKind } from "./rule-catalog.js";
import {
  field,
  namedChildren,
  type PyNode,
  rangeOf,
  type SyntaxTree,
  textOf,
  unwrap,
} from "./syntax-tree.js";
import { addStep, CLEAN, Flag, mapLabels, sanitize, type Taint, union } from "./taint-value.js";

/** Methods writing one attribute beyond which its reads are not linked across methods. */
const MAX_FIELD_WRITERS = 8;

/**
 * What one scope knows while it is analyzed: the taint env (with container elements, see
 * container-elements.ts), constants, tags and bindings; plus how paths merge and guards apply.
 */
export abstract class ScopeState {
  protected env: Env = new Map();
  protected readonly tags = new Map<string, Set<string>>();
  protected readonly constants = new Map<string, string>();
  /** Names of this scope bound once to a foldable constant, with that constant. */
  protected readonly values = new Map<string, Const>();
  /** Bindings per name in this scope (see scope-assignments.ts); set by `run`. */
  protected assignments: Map<string, number> = new Map();
  protected readonly parsed = new Map<string, string>();
  protected readonly bound = new Set<string>();
  protected returns: Taint = CLEAN;
  protected readonly paramSinks: ParamSink[] = [];
  protected readonly tree: SyntaxTree;
  protected readonly callInfos = new Map<PyNode, CallInfo>();
  /** Boolean names bound once to a guard condition, with what it proves (see noteCondition). */
  protected readonly conditions = new Map<string, GuardFacts>();
  /** Taint this method wrote to `self.<attr>`, for the other methods of its class. */
  protected readonly fieldWrites = new Map<string, Taint>();

  constructor(
    protected readonly ctx: FileContext,
    protected readonly fn: FunctionInfo | undefined,
  ) {
    this.tree = ctx.tree;
  }

  /** Analyze the body; for the module, `body` is the root and the final env becomes the globals. */
  protected mergeInto(target: Env, other: Env): void {
    for (const [k, v] of other) {
      if (this.hasElements && isElementKey(k)) continue;
      const existing = target.get(k);
      target.set(k, existing === v ? v : existing ? union(existing, v) : v);
    }
    if (!this.hasElements) return;
    for (const k of [...target.keys()]) {
      if (!isElementKey(k)) continue;
      const merged = mergeElement(k, target.get(k), other.get(k));
      if (merged === undefined) target.delete(k);
      else target.set(k, merged);
    }
  }

  protected applyFacts(env: Env, facts: Map<string, number>, normalizedOnly?: ReadonlySet<string>): void {
    for (const [name, kinds] of facts) {
      const guard = (taint: Taint) =>
        normalizedOnly?.has(name) && (kinds & SinkKind.path) !== 0
          ? mapLabels(taint, (label) => ({
              ...label,
              sanitized:
                label.sanitized | ((label.flags & Flag.normalized) !== 0 ? kinds : kinds & ~SinkKind.path),
            }))
          : sanitize(taint, kinds);
      const current = env.get(name) ?? this.ctx.globals.get(name);
      if (current && current.length > 0) env.set(name, guard(current));
      if (!this.hasElements) continue;
      const prefix = elementKey(name, "").slice(0, name.length + 1);
      for (const [k, v] of env) if (k.startsWith(prefix) && v.length > 0) env.set(k, guard(v));
    }
  }

  // ---- container elements (see container-elements.ts) -------------------------------------

  /** Set once any element key was written: until then merges skip the element bookkeeping. */
  protected hasElements = false;

  /** The exact taint of `base[key]` on this path, when known. */
  protected elementOf(base: string, key: Const): Taint | undefined {
    const local = this.env.has(base);
    const env = local ? this.env : this.ctx.globals;
    let index = key;
    if (typeof key === "number" && key < 0) {
      const length = lengthOf(env, base);
      if (length === undefined) return undefined;
      index = key + length;
    }
    return env.get(elementKey(base, index));
  }

  /** `d["k"] = v` replaces that element; a write at an unknown key may touch any element. */
  protected bindElement(target: PyNode, taint: Taint): void {
    const value = field(target, "value");
    const inner = value ? unwrap(value) : undefined;
    if (inner?.type !== "identifier") {
      // `d["a"]["b"] = v`, `d[k].x = v`: the root's elements may now hold v.
      const root = rootName(this.tree, target);
      if (root && this.hasElements) weakenElements(this.env, root, taint);
      return;
    }
    const base = textOf(this.tree, inner);
    const keyNode = field(target, "subscript");
    const key = keyNode ? this.fold(keyNode) : undefined;
    let index = key;
    if (typeof key === "number" && key < 0) {
      const length = lengthOf(this.env, base);
      index = length === undefined ? undefined : key + length;
    }
    if (index === undefined || index === null) {
      if (this.hasElements) weakenElements(this.env, base, taint);
      return;
    }
    this.hasElements = true;
    this.env.set(
      elementKey(base, index),
      addStep(taint, { file: "", range: rangeOf(target), message: clip(textOf(this.tree, target)) }),
    );
  }

  /** Record the elements of a literal bound to `name` (or forget stale ones). */
  protected bindElements(name: string, elements: Map<Const, Taint> | undefined, length?: number): void {
    if (this.hasElements) dropElements(this.env, name);
    if (!elements) return;
    this.hasElements = true;
    for (const [key, taint] of elements) this.env.set(elementKey(name, key), taint);
    setLength(this.env, name, length);
  }

  /** A dict/list/tuple literal's elements by constant key, or undefined when a key is unknown. */
  protected literalElements(node: PyNode): { elements: Map<Const, Taint>; length?: number } | undefined {
    const n = unwrap(node);
    const elements = new Map<Const, Taint>();
    if (n.type === "dictionary") {
      // Check every key first: nothing is evaluated twice when the literal does not qualify.
      const pairs: [Const, PyNode][] = [];
      for (const pair of namedChildren(n)) {
        if (pair.type !== "pair") return undefined;
        const keyNode = field(pair, "key");
        const valueNode = field(pair, "value");
        const key = keyNode ? this.fold(keyNode) : undefined;
        if (key === undefined || key === null || !valueNode) return undefined;
        pairs.push([typeof key === "boolean" ? Number(key) : key, valueNode]);
      }
      // A repeated key keeps its last value, as in Python.
      for (const [key, valueNode] of pairs) elements.set(key, this.eval(valueNode));
      return { elements };
    }
    if (n.type === "list" || n.type === "tuple") {
      const items = namedChildren(n);
      if (items.some((c) => c.type === "list_splat" || c.type === "parenthesized_list_splat"))
        return undefined;
      items.forEach((item, i) => {
        elements.set(i, this.eval(item));
      });
      return { elements, length: items.length };
    }
    return undefined;
  }

  /**
   * `d.get(k, default)` on a container built from a literal (here or at module level): one of
   * its values or the default — never the key, so a tainted key leaves constant values clean.
   */
  protected literalDictGet(call: CallInfo, taintOf: (n: PyNode) => Taint): Taint | undefined {
    if (call.name !== "get" || call.qualified !== undefined || !call.receiver || !call.args[0])
      return undefined;
    const receiver = unwrap(call.receiver);
    if (receiver.type !== "identifier") return undefined;
    const base = textOf(this.tree, receiver);
    const env = this.env.has(base)
      ? this.env
      : this.fn && this.ctx.globals.has(base)
        ? this.ctx.globals
        : undefined;
    if (!env || !hasElements(env, base)) return undefined;
    const key = this.fold(call.args[0]);
    const fallback = call.args[1] ? taintOf(call.args[1]) : CLEAN;
    const exact = key !== undefined && key !== null ? this.elementOf(base, key) : undefined;
    return union(exact ?? env.get(base) ?? CLEAN, fallback);
  }

  // ---- constants --------------------------------------------------------------------------

  /** The constant a name holds: this scope's, else the module's when this scope never binds it. */
  protected constantOf = (name: string): Const | undefined => {
    const own = this.values.get(name);
    if (own !== undefined || this.assignments.has(name)) return own;
    return this.fn ? this.ctx.globalValues.get(name) : undefined;
  };

  /** The value of an expression when it is a compile-time constant here. */
  protected fold(node: PyNode): Const | undefined {
    return foldConstant(this.tree, node, this.constantOf);
  }

  /** Record (or forget) the constant a plain name is bound to. */
  protected noteValue(name: string, value: PyNode | undefined): void {
    const folded = value && this.assignments.get(name) === 1 ? this.fold(value) : undefined;
    if (folded === undefined) this.values.delete(name);
    else this.values.set(name, folded);
  }

  /** `setattr(self, name, value)`: the value may be any attribute (or the named one). */
  protected noteSetattr(node: PyNode): void {
    const attr = setattrOnSelf(this.tree, node);
    const args = attr === undefined ? undefined : field(node, "arguments");
    const value = args ? namedChildren(args)[2] : undefined;
    if (attr !== undefined && value) this.recordFieldWrite(attr, this.eval(value));
  }

  /** Evaluate one side of `a if cond else b` knowing what `cond` (or its negation) proves there. */
  protected evalUnder(part: PyNode | undefined, known: Map<string, number>, facts: GuardFacts): Taint {
    if (!part) return CLEAN;
    const saved = this.env;
    this.env = new Map(saved);
    try {
      this.applyFacts(this.env, known, facts.normalizedOnly);
      return this.eval(part);
    } finally {
      this.env = saved;
    }
  }

  protected recordFieldWrite(attr: string, taint: Taint): void {
    const existing = this.fieldWrites.get(attr);
    this.fieldWrites.set(attr, existing ? union(existing, taint) : taint);
  }

  /**
   * The taint other methods of this class write to `self.<attr>`, or undefined when none does.
   * Like a callee summary: a writer not analyzed yet this round asks for another round.
   */
  protected fieldTaint(attr: string): Taint | undefined {
    const owner = classOf(this.fn);
    if (!owner) return undefined;
    this.ctx.fieldWriters ??= collectFieldWriters(this.tree, this.ctx.functions.values());
    const writers = [
      ...(this.ctx.fieldWriters.get(fieldKey(owner, attr)) ?? []),
      ...(this.ctx.fieldWriters.get(fieldKey(owner, ANY_FIELD)) ?? []),
    ];
    // Many writers of one attribute (generated code): reading them all at every read is quadratic;
    // such attributes keep the per-method behaviour.
    if (writers.length === 0 || writers.length > MAX_FIELD_WRITERS) return undefined;
    let taint = CLEAN;
    for (const writer of writers) {
      if (writer === this.fn?.key) continue;
      if (this.ctx.reporting && !this.ctx.computed.has(writer)) this.ctx.usedStaleSummary = true;
      const summary = this.ctx.summaries.get(writer);
      this.ctx.summaryReads?.push([writer, summary]);
      const written = summary?.fields;
      if (written) taint = union(taint, written.get(attr) ?? CLEAN, written.get(ANY_FIELD) ?? CLEAN);
    }
    return taint;
  }

  /**
   * `ok = x in ALLOWED` (bound once in this scope): a later `if not ok:` proves what the
   * condition proves, as long as no name it checks was rebound in between.
   */
  protected noteCondition(name: string, facts: GuardFacts | undefined): void {
    if (this.conditions.size > 0) this.forgetConditionsOn(name);
    if (!facts || this.assignments.get(name) !== 1) return;
    if (facts.whenTrue.size === 0 && facts.whenFalse.size === 0) return;
    this.conditions.set(name, facts);
  }

  /** `name` was rebound: conditions about it (and a condition stored under it) no longer hold. */
  protected forgetConditionsOn(name: string): void {
    this.conditions.delete(name);
    for (const [key, facts] of this.conditions)
      if (facts.whenTrue.has(name) || facts.whenFalse.has(name)) this.conditions.delete(key);
  }

  protected lookup(name: string): Taint {
    return this.env.get(name) ?? this.ctx.globals.get(name) ?? CLEAN;
  }

  abstract eval(node: PyNode): Taint;
}
