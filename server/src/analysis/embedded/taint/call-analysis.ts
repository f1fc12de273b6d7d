import { type CallInfo, calleeExactly, splitArguments } from "./call-info.js";
import { dropElements, elementKey, listElements, setListElements } from "./container-elements.js";
import { externalCallee } from "./cross-file/external-call.js";
import { ExpressionAnalysis } from "./expression-analysis.js";
import {
  CONSUMING_RULES,
  clip,
  EMPTY_TAGS,
  type FunctionSummary,
  hostFixedPrefix,
  LOGGER_TAGS,
  MUTATORS,
  rootName,
} from "./flow-context.js";
import type { FunctionInfo } from "./function-catalog.js";
import { librarySinksOfCall } from "./models/library-sinks.js";
import { tagsOfCall } from "./models/object-tags.js";
import { callEffect, redactsSecrets } from "./models/sanitizers.js";
import { isResponseCall, opensFile, resultIsClean, sinksOfCall } from "./models/sinks.js";
import { callSource, isSensitiveName, sensitiveDescription } from "./models/sources.js";
import { SinkKind } from "./rule-catalog.js";
import { field, type PyNode, rangeOf, textOf, unwrap } from "./syntax-tree.js";
import {
  CLEAN,
  derived,
  Flag,
  type Label,
  placedInOrder,
  sanitize,
  type Taint,
  union,
  withFlags,
} from "./taint-value.js";

/** Calls: callee resolution, library models (sources, sinks, sanitizers), same-file summaries. */
export abstract class CallAnalysis extends ExpressionAnalysis {
  // ---- calls ------------------------------------------------------------------------------

  override callInfo(node: PyNode): CallInfo {
    let info = this.callInfos.get(node);
    if (!info) {
      info = this.buildCallInfo(node);
      this.callInfos.set(node, info);
    }
    return info;
  }

  protected buildCallInfo(node: PyNode): CallInfo {
    const fn = field(node, "function");
    const { args, kwargs } = splitArguments(this.tree, node);
    const info: CallInfo = {
      node,
      qualified: undefined,
      name: "",
      receiver: undefined,
      receiverTags: new Set(),
      receiverText: undefined,
      args,
      kwargs,
      tree: this.tree,
      tagsOf: (n) => this.tagsOf(n),
    };
    if (!fn) return info;
    info.qualified = this.qualifiedName(fn);
    if (fn.type === "attribute") {
      const object = field(fn, "object");
      const attr = field(fn, "attribute");
      info.name = attr ? textOf(this.tree, attr) : "";
      info.receiver = object;
      if (object) {
        info.receiverTags = this.tagsOf(object);
        info.receiverText = clip(textOf(this.tree, object));
      }
    } else {
      info.name = textOf(this.tree, fn);
    }
    return info;
  }

  /** Callee name through imports; undefined when rooted at a local variable. */
  protected override qualifiedName(node: PyNode): string | undefined {
    const n = unwrap(node);
    if (n.type === "identifier") {
      const name = textOf(this.tree, n);
      const imported = this.ctx.imports.get(name);
      if (imported) return imported;
      if (this.bound.has(name) || this.ctx.globalNames.has(name) || this.ctx.globals.has(name))
        return undefined;
      return name;
    }
    if (n.type === "attribute") {
      const object = field(n, "object");
      const attr = field(n, "attribute");
      if (!object || !attr) return undefined;
      const base = this.qualifiedName(object);
      return base === undefined ? undefined : `${base}.${textOf(this.tree, attr)}`;
    }
    return undefined;
  }

  override tagsOf(node: PyNode): ReadonlySet<string> {
    const n = unwrap(node);
    if (n.type === "identifier") {
      const name = textOf(this.tree, n);
      return this.tags.get(name) ?? this.ctx.globalTags.get(name) ?? EMPTY_TAGS;
    }
    if (n.type === "call") {
      const tags = tagsOfCall(this.callInfo(n));
      return tags.length === 0 ? EMPTY_TAGS : new Set(tags);
    }
    if (n.type === "attribute") {
      const attr = field(n, "attribute");
      const attrName = attr ? textOf(this.tree, attr) : "";
      if (attrName === "logger" || attrName === "log") return LOGGER_TAGS;
      const key = textOf(this.tree, n);
      const own = this.tags.get(key) ?? this.ctx.globalTags.get(key);
      if (own) return own;
      const object = field(n, "object");
      const base = object ? this.tagsOf(object) : EMPTY_TAGS;
      return base.has("mongo") ? base : EMPTY_TAGS;
    }
    if (n.type === "subscript") {
      const value = field(n, "value");
      const base = value ? this.tagsOf(value) : EMPTY_TAGS;
      return base.has("mongo") ? base : EMPTY_TAGS;
    }
    if (n.type === "binary_operator") {
      let left: PyNode | undefined = n;
      while (left?.type === "binary_operator") left = field(left, "left");
      return left ? this.tagsOf(left) : EMPTY_TAGS;
    }
    return EMPTY_TAGS;
  }

  protected override evalCall(node: PyNode): Taint {
    this.ctx.budget?.check();
    const call = this.callInfo(node);
    const fnNode = field(node, "function");
    const memo = new Map<PyNode, Taint>();
    const taintOf = (n: PyNode): Taint => {
      let t = memo.get(n);
      if (!t) {
        t = this.eval(n);
        memo.set(n, t);
      }
      return t;
    };
    const receiverTaint = call.receiver ? taintOf(call.receiver) : CLEAN;
    const argTaints = call.args.map(taintOf);
    const kwTaints = [...call.kwargs.values()].map(taintOf);

    const element = this.containerMethod(call, taintOf) ?? this.literalDictGet(call, taintOf);
    if (element) return element;

    const local = this.resolveLocal(fnNode);
    const models = this.ctx.models;
    if (models && !models.empty) {
      for (const use of models.sinkUses(call, local?.key))
        this.report(use.rule, use.node, taintOf(use.node), use);
      const modeledSource = models.source(call, local?.key);
      if (modeledSource) return this.sourceLabel(node, modeledSource);
      const kinds = models.sanitizedKinds(call, local?.key);
      if (kinds !== 0) return sanitize(derived(union(receiverTaint, ...argTaints, ...kwTaints)), kinds);
    }
    const external =
      !local && this.ctx.crossFile && fnNode ? externalCallee(this.ctx.crossFile, call, fnNode) : undefined;
    const returned = local
      ? this.applySummary(local, call, taintOf)
      : external
        ? this.applySummary(external.callee, call, taintOf, external.summary, external.callee.path)
        : undefined;
    if (returned) return redactsSecrets(call) ? sanitize(returned, SinkKind.clearText) : returned;

    const source = callSource(call, (o) => this.isRequestObject(o));
    const sinks = [...sinksOfCall(call), ...librarySinksOfCall(call)];
    for (const sink of sinks) {
      this.report(sink.rule, sink.node, taintOf(sink.node), sink);
    }
    if (isResponseCall(call)) {
      for (const arg of [...call.args, ...call.kwargs.values()])
        this.report("py/stack-trace-exposure", arg, taintOf(arg), {});
    }
    if (call.receiver && MUTATORS.has(call.name) && !/\.headers$/.test(call.receiverText ?? "")) {
      const root = rootName(this.tree, call.receiver);
      let added = union(...argTaints, ...kwTaints);
      // Appending to an argv list whose program is known: not the program (see Flag.notHead).
      const receiverNode = unwrap(call.receiver);
      if (
        receiverNode.type === "identifier" &&
        call.name !== "appendleft" &&
        call.name !== "extendleft" &&
        (call.name !== "insert" || this.fold(call.args[0] ?? receiverNode) !== 0) &&
        this.elementOf(textOf(this.tree, receiverNode), 0) !== undefined &&
        this.env.has(textOf(this.tree, receiverNode))
      )
        added = withFlags(added, Flag.notHead);
      if (root && added.length > 0) this.weakUpdate(root, added, node);
    }
    if (source)
      return union(this.sourceLabel(node, source), source.kind === "archive" ? CLEAN : receiverTaint);
    if (isSensitiveName(call.name) && call.name.startsWith("get")) {
      return this.sourceLabel(node, { kind: "sensitive", description: sensitiveDescription(call.name) });
    }
    if (opensFile(call) || (call.receiverTags.has("pathlib") && /^read_(text|bytes)$/.test(call.name))) {
      // The content of a file opened from an untrusted path is local input, not the path itself.
      const path = (opensFile(call) ? (argTaints[0] ?? CLEAN) : receiverTaint).filter(
        (l) => (l.sanitized & SinkKind.path) === 0,
      );
      return path.length > 0
        ? this.sourceLabel(node, { kind: "local", description: "value read from a file" })
        : CLEAN;
    }
    if (resultIsClean(call) || sinks.some((s) => CONSUMING_RULES.has(s.rule))) return CLEAN;
    let input = derived(union(receiverTaint, ...argTaints, ...kwTaints));
    if (call.name === "format" && call.receiver && input.length > 0) {
      const prefix = this.constantString(call.receiver);
      if (prefix !== undefined && !prefix.startsWith("{")) input = withFlags(input, Flag.composed);
      if (prefix !== undefined && hostFixedPrefix(prefix)) input = withFlags(input, Flag.hostFixed);
    }
    if (input.length > 0 && joinsPaths(call)) {
      const ordered = call.qualified === undefined ? [receiverTaint, ...argTaints] : argTaints;
      input = derived(union(placedInOrder(ordered), receiverTaint, ...kwTaints));
    }
    const effect = callEffect(call);
    if (!effect) return input;
    switch (effect.type) {
      case "clean":
        return CLEAN;
      case "sanitize":
        return sanitize(input, effect.kinds);
      case "flags":
        return withFlags(input, effect.set);
    }
  }

  /**
   * Methods of a container whose elements are known (container-elements.ts): `d.get("k")` and
   * `l.pop(0)` read one element; append/insert/pop/remove/update keep the indices exact, and any
   * other in-place change forgets them. Returns the taint of a read, else undefined (the caller
   * then models the call as usual, which also widens the container's whole taint).
   */
  private containerMethod(call: CallInfo, taintOf: (n: PyNode) => Taint): Taint | undefined {
    if (!this.hasElements || !call.receiver || call.qualified !== undefined) return undefined;
    const receiver = unwrap(call.receiver);
    if (receiver.type !== "identifier") return undefined;
    const base = textOf(this.tree, receiver);
    if (!this.env.has(base)) return undefined;
    const arg = call.args[0];
    const key = arg ? this.fold(arg) : undefined;
    const items = listElements(this.env, base);
    switch (call.name) {
      case "get": {
        const value = key !== undefined && key !== null ? this.elementOf(base, key) : undefined;
        if (!value) return undefined;
        const fallback = call.args[1] ? taintOf(call.args[1]) : CLEAN;
        return union(value, fallback);
      }
      case "append":
        if (items && arg) {
          items.push(taintOf(arg));
          setListElements(this.env, base, items);
        }
        return undefined;
      case "insert": {
        const value = call.args[1];
        if (items && typeof key === "number" && Number.isInteger(key) && value) {
          const at = key < 0 ? Math.max(0, items.length + key) : Math.min(key, items.length);
          items.splice(at, 0, taintOf(value));
          setListElements(this.env, base, items);
        } else dropElements(this.env, base);
        return undefined;
      }
      case "pop": {
        if (items) {
          const at = key === undefined && !arg ? items.length - 1 : typeof key === "number" ? key : undefined;
          const index = at !== undefined && at < 0 ? items.length + at : at;
          if (index !== undefined && Number.isInteger(index) && index >= 0 && index < items.length) {
            const [removed] = items.splice(index, 1);
            setListElements(this.env, base, items);
            return removed;
          }
        }
        // A dict pop: read the element, then forget it (a later read is a KeyError or the whole).
        const value = key !== undefined && key !== null && !items ? this.elementOf(base, key) : undefined;
        dropElements(this.env, base);
        return value ? union(value, call.args[1] ? taintOf(call.args[1]) : CLEAN) : undefined;
      }
      case "remove": {
        // `l.remove(l[0])` removes index 0; another value's position is unknown.
        const target = arg ? unwrap(arg) : undefined;
        const first =
          target?.type === "subscript" &&
          textOf(this.tree, unwrap(field(target, "value") ?? target)) === base &&
          this.fold(field(target, "subscript") ?? target) === 0;
        if (items && first && items.length > 0) {
          items.shift();
          setListElements(this.env, base, items);
        } else dropElements(this.env, base);
        return undefined;
      }
      case "update": {
        const literal = arg ? this.literalElements(arg) : undefined;
        if (literal && !items && call.kwargs.size === 0) {
          for (const [k, t] of literal.elements) this.env.set(elementKey(base, k), t);
          return undefined;
        }
        dropElements(this.env, base);
        return undefined;
      }
      case "extend":
      case "clear":
      case "sort":
      case "reverse":
      case "setdefault":
      case "popitem":
      case "appendleft":
      case "extendleft":
      case "popleft":
      case "__setitem__":
      case "__delitem__":
        dropElements(this.env, base);
        return undefined;
      default:
        return undefined;
    }
  }

  protected resolveLocal(fnNode: PyNode | undefined): FunctionInfo | undefined {
    if (!fnNode) return undefined;
    const n = unwrap(fnNode);
    if (n.type === "identifier") {
      const name = textOf(this.tree, n);
      if (this.ctx.imports.has(name)) return undefined;
      const prefix = this.fn ? `${this.fn.key}.` : "";
      return this.ctx.functions.get(`${prefix}${name}`) ?? this.ctx.functions.get(name);
    }
    if (n.type === "attribute" && this.fn?.className) {
      const object = field(n, "object");
      const attr = field(n, "attribute");
      const objectText = object ? textOf(this.tree, object) : "";
      if ((objectText === "self" || objectText === "cls") && attr) {
        const classPrefix = this.fn.key.slice(0, this.fn.key.length - this.fn.name.length);
        return this.ctx.functions.get(`${classPrefix}${textOf(this.tree, attr)}`);
      }
    }
    return undefined;
  }

  /**
   * `external`: the summary of a function of another module (its parameters' steps are in
   * `stepFile`); recorded as a read that never matches, so the caller is not reused from cache.
   */
  protected applySummary(
    callee: Pick<FunctionInfo, "key"> & { params: ReadonlyArray<{ name: string }> },
    call: CallInfo,
    taintOf: (n: PyNode) => Taint,
    external?: FunctionSummary,
    stepFile = "",
  ): Taint {
    if (!external && this.ctx.reporting && !this.ctx.computed.has(callee.key))
      this.ctx.usedStaleSummary = true;
    const summary = external ?? this.ctx.summaries.get(callee.key);
    this.ctx.summaryReads?.push([callee.key, summary]);
    if (!summary) return CLEAN;
    const argFor = (index: number): PyNode | undefined => {
      const param = callee.params[index];
      if (!param) return undefined;
      const positional = call.args[index];
      if (positional && positional.type !== "list_splat" && positional.type !== "dictionary_splat")
        return positional;
      return call.kwargs.get(param.name);
    };
    const expand = (label: Label): Label[] => {
      const o = label.origin;
      if (o.kind !== "parameter" || o.functionKey !== callee.key || o.paramIndex === undefined)
        return [label];
      const arg = argFor(o.paramIndex);
      if (!arg) return [];
      const paramStep = {
        file: stepFile,
        range: o.range,
        message: callee.params[o.paramIndex]?.name ?? "parameter",
      };
      return taintOf(arg).map((argLabel) => ({
        origin: argLabel.origin,
        steps: [
          ...argLabel.steps,
          { file: "", range: rangeOf(arg), message: clip(textOf(this.tree, arg)) },
          paramStep,
          ...label.steps,
        ].slice(0, 16),
        sanitized: argLabel.sanitized | label.sanitized,
        flags: argLabel.flags | label.flags,
      }));
    };
    for (const ps of summary.paramSinks) {
      const labels = expand(ps.label);
      if (labels.length > 0) this.reportAt(ps.rule, ps.sink, ps.sinkText, labels, ps.use);
    }
    const returned: Label[] = [];
    for (const label of summary.returns) returned.push(...expand(label));
    return union(returned, CLEAN);
  }
}

/** Path joins: a tainted part after a clean one (a base directory) is a name under it. */
function joinsPaths(call: CallInfo): boolean {
  return (
    calleeExactly(
      call.qualified,
      "os.path.join",
      "posixpath.join",
      "ntpath.join",
      "pathlib.Path",
      "pathlib.PurePath",
    ) ||
    (call.receiver !== undefined && call.name === "joinpath")
  );
}
