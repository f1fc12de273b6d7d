import type { Range } from "../../finding.js";
import type { CallInfo } from "./call-info.js";
import { selfAttribute } from "./class-fields.js";
import { truthy } from "./constant-folding.js";
import { dropElements } from "./container-elements.js";
import { clip, hostFixedPrefix, MAX_PARAM_SINKS, originAllowed, rootName } from "./flow-context.js";
import { guardFacts } from "./models/guards.js";
import { headerAssignmentTarget, type SinkUse } from "./models/sinks.js";
import {
  attributeSource,
  isSensitiveName,
  qualifiedAttributeSource,
  type SourceMatch,
  sensitiveDescription,
} from "./models/sources.js";
import { ruleInfo, SinkKind } from "./rule-catalog.js";
import { ScopeState } from "./scope-state.js";
import { field, namedChildren, type PyNode, rangeOf, stringValue, textOf, unwrap } from "./syntax-tree.js";
import {
  addStep,
  CLEAN,
  derived,
  Flag,
  newLabel,
  placedInOrder,
  type Taint,
  union,
  withFlags,
} from "./taint-value.js";

/** Expression evaluation, calls, bindings and reporting; statements live in FunctionAnalysis. */
export abstract class ExpressionAnalysis extends ScopeState {
  /** Keys (param, rule, sink start) of `paramSinks`: one entry per sink, found in O(1). */
  private readonly paramSinkKeys = new Set<string>();

  protected guardContext() {
    return {
      tree: this.tree,
      callInfo: (node: PyNode) => this.callInfo(node),
      parsedFrom: (name: string) => this.parsed.get(name),
      conditionOf: (name: string) => this.conditions.get(name),
    };
  }

  protected bind(target: PyNode, taint: Taint, value?: PyNode): void {
    const t = unwrap(target);
    switch (t.type) {
      case "identifier": {
        const name = textOf(this.tree, t);
        this.bound.add(name);
        if (this.conditions.size > 0) this.forgetConditionsOn(name);
        if (this.hasElements) dropElements(this.env, name);
        this.env.set(name, addStep(taint, { file: "", range: rangeOf(t), message: name }));
        return;
      }
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "tuple":
      case "list":
      case "expression_list":
        for (const child of namedChildren(t)) this.bind(child, taint);
        return;
      case "list_splat_pattern":
      case "list_splat": {
        const inner = namedChildren(t)[0];
        if (inner) this.bind(inner, taint);
        return;
      }
      case "attribute": {
        const key = textOf(this.tree, t);
        const step = addStep(taint, { file: "", range: rangeOf(t), message: key });
        this.env.set(key, step);
        const attr = this.fn?.className ? selfAttribute(this.tree, t) : undefined;
        if (attr !== undefined) this.recordFieldWrite(attr, step);
        const root = rootName(this.tree, t);
        if (root && root !== "self" && taint.length > 0) this.weakUpdate(root, taint, t);
        return;
      }
      case "subscript": {
        if (headerAssignmentTarget(this.tree.text, t, (n) => this.tagsOf(n))) {
          this.report("py/http-response-splitting", value ?? t, taint, {});
          const key = field(t, "subscript");
          if (key) this.report("py/http-response-splitting", key, this.eval(key), {});
          return; // a header is not the response body
        }
        this.bindElement(t, taint);
        const root = rootName(this.tree, t);
        if (root && taint.length > 0) this.weakUpdate(root, taint, t);
        return;
      }
      default:
        return;
    }
  }

  protected weakUpdate(name: string, taint: Taint, at: PyNode): void {
    const existing = this.lookup(name);
    this.env.set(
      name,
      union(existing, addStep(taint, { file: "", range: rangeOf(at), message: clip(textOf(this.tree, at)) })),
    );
  }

  // ---- expressions ------------------------------------------------------------------------
  eval(node: PyNode): Taint {
    switch (node.type) {
      case "identifier": {
        const name = textOf(this.tree, node);
        const taint = this.lookup(name);
        return isSensitiveName(name)
          ? union(
              taint,
              this.sourceLabel(node, { kind: "sensitive", description: sensitiveDescription(name) }),
            )
          : taint;
      }
      case "attribute":
        return this.evalAttribute(node);
      case "subscript": {
        const value = field(node, "value");
        const key = field(node, "subscript");
        const base =
          value && unwrap(value).type === "identifier" ? textOf(this.tree, unwrap(value)) : undefined;
        const constantKey = base && key ? this.fold(key) : undefined;
        const element =
          base && constantKey !== undefined && constantKey !== null
            ? this.elementOf(base, constantKey)
            : undefined;
        let taint = element ?? (value ? this.eval(value) : CLEAN);
        if (key) {
          this.eval(key);
          const keyText = stringValue(this.tree, key);
          if (keyText !== undefined && isSensitiveName(keyText)) {
            taint = union(
              taint,
              this.sourceLabel(node, { kind: "sensitive", description: sensitiveDescription(keyText) }),
            );
          }
        }
        return taint;
      }
      case "call":
        if (this.fn?.className) this.noteSetattr(node);
        return this.evalCall(node);
      case "string":
        return this.evalString(node);
      case "concatenated_string":
        return derived(union(...namedChildren(node).map((c) => this.eval(c))));
      case "binary_operator":
        return this.evalBinary(node);
      case "boolean_operator":
        return union(this.eval(field(node, "left") ?? node), this.eval(field(node, "right") ?? node));
      case "conditional_expression": {
        const parts = namedChildren(node);
        // A constant condition picks one side: the other never runs.
        const test = parts[1] ? this.fold(parts[1]) : undefined;
        if (test !== undefined) {
          const taken = truthy(test) ? parts[0] : parts[2];
          return taken ? this.eval(taken) : CLEAN;
        }
        if (parts[1]) this.eval(parts[1]);
        // `x if x in ALLOWED else "default"`: each side sees what its condition proves.
        const facts = parts[1] ? guardFacts(this.guardContext(), parts[1]) : undefined;
        if (facts && (facts.whenTrue.size > 0 || facts.whenFalse.size > 0))
          return union(
            this.evalUnder(parts[0], facts.whenTrue, facts),
            this.evalUnder(parts[2], facts.whenFalse, facts),
          );
        return union(parts[0] ? this.eval(parts[0]) : CLEAN, parts[2] ? this.eval(parts[2]) : CLEAN);
      }
      case "comparison_operator":
      case "not_operator":
      case "unary_operator":
        for (const child of namedChildren(node)) this.eval(child);
        return CLEAN;
      case "list":
      case "tuple":
      case "set":
      case "expression_list": {
        const elements = namedChildren(node).map((c) => this.eval(c));
        // Lists and tuples can be argv: elements after the program are its arguments.
        if (node.type !== "list" && node.type !== "tuple") return union(...elements);
        return union(...elements.map((t, i) => (i === 0 ? t : withFlags(t, Flag.notHead))));
      }
      case "dictionary":
        return union(
          ...namedChildren(node).map((pair) => union(...namedChildren(pair).map((c) => this.eval(c)))),
        );
      case "pair":
        return union(...namedChildren(node).map((c) => this.eval(c)));
      case "list_comprehension":
      case "set_comprehension":
      case "generator_expression":
      case "dictionary_comprehension":
        return this.evalComprehension(node);
      case "parenthesized_expression":
      case "await":
      case "list_splat":
      case "dictionary_splat":
      case "keyword_argument": {
        const inner = field(node, "value") ?? namedChildren(node)[namedChildren(node).length - 1];
        return inner ? this.eval(inner) : CLEAN;
      }
      case "named_expression": {
        const value = field(node, "value");
        const name = field(node, "name");
        const taint = value ? this.eval(value) : CLEAN;
        if (name) this.bind(name, taint);
        return taint;
      }
      case "interpolation": {
        const expr = field(node, "expression");
        return expr ? this.eval(expr) : CLEAN;
      }
      default:
        return CLEAN;
    }
  }

  protected evalAttribute(node: PyNode): Taint {
    const object = field(node, "object");
    const attr = field(node, "attribute");
    if (!object || !attr) return CLEAN;
    const attrName = textOf(this.tree, attr);
    const source =
      attributeSource(this.tree, attr, object, (o) => this.isRequestObject(o)) ??
      qualifiedAttributeSource(this.qualifiedName(node));
    if (source) return this.sourceLabel(node, source);
    const key = textOf(this.tree, node);
    const own = this.env.get(key) ?? this.ctx.globals.get(key);
    const self = own === undefined && this.fn?.className ? selfAttribute(this.tree, node) : undefined;
    let taint = own ?? (self !== undefined ? this.fieldTaint(self) : undefined) ?? this.eval(object);
    if (isSensitiveName(attrName))
      taint = union(
        taint,
        this.sourceLabel(node, { kind: "sensitive", description: sensitiveDescription(attrName) }),
      );
    return taint;
  }

  protected evalString(node: PyNode): Taint {
    const parts = node.children.filter((c) => c.type === "interpolation");
    if (parts.length === 0) return CLEAN;
    // The function's own text or a clean value before a tainted part: that part sits under it.
    const pieces = node.children
      .filter((c) => c.type === "string_content" || c.type === "interpolation")
      .map((c) => (c.type === "interpolation" ? this.eval(c) : CLEAN));
    const taint = derived(placedInOrder(pieces));
    const firstContent = node.children.find((c) => c.type === "string_content" || c.type === "interpolation");
    if (firstContent?.type === "string_content" && hostFixedPrefix(textOf(this.tree, firstContent))) {
      return withFlags(taint, Flag.hostFixed);
    }
    return taint;
  }

  protected evalBinary(node: PyNode): Taint {
    // Walk the left spine iteratively: generated code has `"a" + "b" + ... + x` chains thousands long.
    const rights: PyNode[] = [];
    let leftmost: PyNode | undefined = node;
    while (leftmost?.type === "binary_operator") {
      const right = field(leftmost, "right");
      if (right) rights.push(right);
      leftmost = field(leftmost, "left");
    }
    const parts = rights.map((r) => this.eval(r));
    if (leftmost) parts.push(this.eval(leftmost));
    // Operands after the function's own data sit under it (see placedInOrder); `"%s.py" % name`
    // starts with the tainted part, so a format that opens with a field anchors nothing.
    const opensWithField =
      leftmost !== undefined && /^%[-#0 +]*\d*(\.\d+)?[sr]/.test(this.constantString(leftmost) ?? "");
    let taint = derived(opensWithField ? union(...parts) : placedInOrder(parts.reverse()));
    if (taint.length > 0 && leftmost) {
      const prefix = this.constantString(leftmost);
      if (prefix !== undefined && hostFixedPrefix(prefix)) taint = withFlags(taint, Flag.hostFixed);
    }
    return taint;
  }

  protected constantString(node: PyNode): string | undefined {
    const n = unwrap(node);
    const literal = stringValue(this.tree, n);
    if (literal !== undefined) return literal;
    if (n.type === "identifier") {
      const name = textOf(this.tree, n);
      return this.constants.get(name) ?? this.ctx.globalConstants.get(name);
    }
    if (n.type === "binary_operator") {
      const left = field(n, "left");
      return left ? this.constantString(left) : undefined;
    }
    if (n.type === "string") {
      const first = n.children.find((c) => c.type === "string_content");
      return first ? textOf(this.tree, first) : undefined;
    }
    return undefined;
  }

  protected evalComprehension(node: PyNode): Taint {
    const saved = this.env;
    this.env = new Map(saved);
    try {
      for (const clause of namedChildren(node)) {
        if (clause.type === "for_in_clause") {
          const left = field(clause, "left");
          const right = field(clause, "right");
          const t = right ? this.eval(right) : CLEAN;
          if (left) this.bind(left, t);
        } else if (clause.type === "if_clause") {
          const condition = namedChildren(clause)[0];
          if (condition) {
            const facts = guardFacts(this.guardContext(), condition);
            this.applyFacts(this.env, facts.whenTrue, facts.normalizedOnly);
          }
        }
      }
      const body = field(node, "body");
      return body ? this.eval(body) : CLEAN;
    } finally {
      this.env = saved;
    }
  }

  protected sourceLabel(node: PyNode, source: SourceMatch): Taint {
    return [
      newLabel(
        { kind: source.kind, description: source.description, range: rangeOf(node) },
        source.flags ?? 0,
      ),
    ];
  }

  protected isRequestObject(object: PyNode): boolean {
    const o = unwrap(object);
    const text = textOf(this.tree, o);
    if (text === "self.request" || text === "request" || text === "req") return true;
    // `from flask import request as r`, `import flask; flask.request`
    if (this.qualifiedName(o) === "flask.request" || this.qualifiedName(o) === "bottle.request") return true;
    return this.fn?.requestParams.has(text) ?? false;
  }

  // ---- implemented by CallAnalysis --------------------------------------------------------

  abstract callInfo(node: PyNode): CallInfo;
  abstract tagsOf(node: PyNode): ReadonlySet<string>;
  protected abstract qualifiedName(node: PyNode): string | undefined;
  protected abstract evalCall(node: PyNode): Taint;

  protected setTags(name: string, tags: ReadonlySet<string>): void {
    if (tags.size > 0) this.tags.set(name, new Set(tags));
  }

  // ---- reporting --------------------------------------------------------------------------

  protected report(
    rule: string,
    node: PyNode,
    taint: Taint,
    use: Pick<SinkUse, "requireFlags" | "ignoreFlags">,
  ): void {
    if (taint.length === 0) return;
    this.reportAt(rule, rangeOf(node), clip(textOf(this.tree, node)), taint, use);
  }

  protected reportAt(
    rule: string,
    sink: Range,
    sinkText: string,
    taint: Taint,
    use: Pick<SinkUse, "requireFlags" | "ignoreFlags">,
  ): void {
    const kindName = ruleInfo(rule).kind;
    const kind = kindName ? SinkKind[kindName] : 0;
    for (const label of taint) {
      if (kind && (label.sanitized & kind) !== 0) continue;
      if (use.requireFlags && (label.flags & use.requireFlags) !== use.requireFlags) continue;
      if (use.ignoreFlags && (label.flags & use.ignoreFlags) !== 0) continue;
      // "https://docs.example.com/" + page stays on that host: not an open redirect.
      if (rule === "py/url-redirection" && (label.flags & Flag.hostFixed) !== 0) continue;
      const effectiveRule =
        rule === "py/full-ssrf" && (label.flags & Flag.hostFixed) !== 0 ? "py/partial-ssrf" : rule;
      const o = label.origin;
      if (o.kind === "parameter" && this.fn && o.functionKey === this.fn.key && o.paramIndex !== undefined) {
        const key = `${o.paramIndex}:${effectiveRule}:${sink.start.line}:${sink.start.character}`;
        if (!this.paramSinkKeys.has(key) && this.paramSinks.length < MAX_PARAM_SINKS) {
          this.paramSinkKeys.add(key);
          this.paramSinks.push({ paramIndex: o.paramIndex, rule: effectiveRule, sink, sinkText, label, use });
        }
      }
      if (this.ctx.reporting && originAllowed(o.kind, effectiveRule, this.ctx.threatModel)) {
        this.ctx.findings.push({ rule: effectiveRule, sink, sinkText, label });
      }
    }
  }
}
