import { astWalkValidated } from "./ast-allowlist.js";
import { calleeExactly } from "./call-info.js";
import { truthy } from "./constant-folding.js";
import { type Env, type FunctionSummary, TERMINATING_CALLS } from "./flow-context.js";
import { type FunctionInfo, isDataParam } from "./function-catalog.js";
import { GuardedStatements } from "./guarded-statements.js";
import { guardFacts } from "./models/guards.js";
import { SinkKind } from "./rule-catalog.js";
import { scopeAssignmentCounts } from "./scope-assignments.js";
import { field, namedChildren, type PyNode, rangeOf, stringValue, textOf, unwrap } from "./syntax-tree.js";
import { addStep, CLEAN, derived, Flag, newLabel, type Taint, union, withFlags } from "./taint-value.js";

export type { FileContext, FunctionSummary, ParamSink, RawFinding } from "./flow-context.js";
export { originAllowed } from "./flow-context.js";

/** Intra-procedural taint tracking for one function (or the module body), using callee summaries. */
export class FunctionAnalysis extends GuardedStatements {
  run(body: PyNode): FunctionSummary {
    this.assignments = scopeAssignmentCounts(this.tree, body, !this.fn);
    for (const p of this.fn?.params ?? []) this.assignments.set(p.name, 2);
    if (this.fn) this.bindParameters(this.fn);
    this.execBlock(body, this.env);
    if (!this.fn) {
      for (const [k, v] of this.env) this.ctx.globals.set(k, v);
      for (const [k, v] of this.tags) this.ctx.globalTags.set(k, v);
      for (const [k, v] of this.constants) this.ctx.globalConstants.set(k, v);
      for (const [k, v] of this.values) this.ctx.globalValues.set(k, v);
      for (const k of this.bound) this.ctx.globalNames.add(k);
    }
    if (this.fieldWrites.size === 0) return { returns: this.returns, paramSinks: this.paramSinks };
    return { returns: this.returns, paramSinks: this.paramSinks, fields: new Map(this.fieldWrites) };
  }

  private bindParameters(fn: FunctionInfo): void {
    for (const p of fn.params) {
      this.bound.add(p.name);
      const range = rangeOf(p.node);
      if (fn.routeKind && isDataParam(fn, p)) {
        this.env.set(p.name, [newLabel({ kind: "remote", description: "user-provided value", range })]);
      } else if (!fn.requestParams.has(p.name)) {
        const origin = {
          kind: "parameter" as const,
          description: `value from parameter '${p.name}'`,
          range,
          functionKey: fn.key,
          paramIndex: p.index,
        };
        this.env.set(p.name, [newLabel(origin)]);
      }
    }
  }

  // ---- statements -------------------------------------------------------------------------

  /** Returns true when the block always leaves (return/raise/continue/break/abort). */
  protected execBlock(block: PyNode, env: Env): boolean {
    const saved = this.env;
    this.env = env;
    let terminates = false;
    try {
      for (const stmt of namedChildren(block)) {
        if (this.execStatementGuarded(stmt)) {
          terminates = true;
          break;
        }
      }
    } finally {
      this.env = saved;
    }
    return terminates;
  }

  /**
   * One statement nested too deeply for the JS stack (thousands of levels) is skipped and
   * counted, so the rest of the file keeps its findings and the user is told.
   */
  private execStatementGuarded(stmt: PyNode): boolean {
    try {
      return this.execStatement(stmt);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.ctx.skipped ??= new Set();
      this.ctx.skipped.add(stmt.start);
      return false;
    }
  }

  private execStatement(stmt: PyNode): boolean {
    this.ctx.budget?.check();
    switch (stmt.type) {
      case "expression_statement": {
        let terminates = false;
        // Outside try, a failing `p.relative_to(base)` leaves the function: after it p is inside base.
        if (this.tryDepth === 0) this.applyContainmentOf(stmt);
        for (const child of namedChildren(stmt)) {
          if (child.type === "assignment") this.execAssignment(child);
          else if (child.type === "augmented_assignment") this.execAugmented(child);
          else {
            this.eval(child);
            if (child.type !== "call") continue;
            if (calleeExactly(this.callInfo(child).qualified, ...TERMINATING_CALLS)) terminates = true;
            else this.applyValidatorCall(child);
          }
        }
        return terminates;
      }
      case "return_statement": {
        const value = namedChildren(stmt)[0];
        if (value) {
          const taint = this.eval(value);
          this.returns = union(this.returns, taint);
          this.checkRouteReturn(value);
          this.checkLibraryReturn(value);
        }
        return true;
      }
      case "raise_statement":
        for (const child of namedChildren(stmt)) this.eval(child);
        return true;
      case "continue_statement":
      case "break_statement":
        return true;
      case "if_statement":
        return this.execIf(stmt);
      case "for_statement": {
        const iter = this.eval(field(stmt, "right") ?? stmt);
        const left = field(stmt, "left");
        const body = field(stmt, "body");
        for (let i = 0; i < 2; i++) {
          if (left) this.bind(left, iter);
          if (body) this.execLoopBody(body);
        }
        const alternative = field(stmt, "alternative");
        if (alternative) this.execBlock(field(alternative, "body") ?? alternative, this.env);
        const walked = astWalkValidated(this.tree, stmt, (n) => this.callInfo(n));
        if (walked) this.applyFacts(this.env, new Map([[walked, SinkKind.code]]));
        return false;
      }
      case "while_statement": {
        const condition = field(stmt, "condition");
        const body = field(stmt, "body");
        const known = condition ? this.fold(condition) : undefined;
        if (known !== undefined && !truthy(known)) {
          // `while False:` never runs its body; its `else:` always runs.
          const alternative = field(stmt, "alternative");
          return alternative ? this.execBlock(field(alternative, "body") ?? alternative, this.env) : false;
        }
        for (let i = 0; i < 2; i++) {
          if (condition) this.eval(condition);
          if (body) this.execLoopBody(body);
        }
        return false;
      }
      case "try_statement": {
        let terminates = false;
        let handlersLeave = true;
        for (const child of namedChildren(stmt)) {
          if (child.type === "block") {
            this.tryDepth++;
            try {
              terminates = this.execBlock(child, this.env);
            } finally {
              this.tryDepth--;
            }
          } else if (child.type === "except_clause" || child.type === "except_group_clause") {
            if (!this.execExcept(child)) handlersLeave = false;
            terminates = false;
          } else if (child.type === "else_clause" || child.type === "finally_clause") {
            this.execBlock(
              field(child, "body") ?? namedChildren(child).find((c) => c.type === "block") ?? child,
              this.env,
            );
          }
        }
        // `try: p.resolve().relative_to(base) except ValueError: abort()` — past the try, p is inside base.
        const tryBlock = namedChildren(stmt).find((c) => c.type === "block");
        if (handlersLeave && tryBlock && namedChildren(stmt).some((c) => c.type === "except_clause"))
          this.applyContainment(tryBlock);
        return terminates;
      }
      case "with_statement": {
        for (const clause of namedChildren(stmt)) {
          if (clause.type !== "with_clause") continue;
          for (const item of namedChildren(clause)) {
            const value = field(item, "value");
            if (!value) continue;
            if (value.type === "as_pattern") {
              const expr = namedChildren(value)[0];
              const alias = field(value, "alias");
              const taint = expr ? this.eval(expr) : CLEAN;
              const target = alias ? namedChildren(alias)[0] : undefined;
              if (target) {
                this.bind(target, taint);
                if (expr && target.type === "identifier")
                  this.setTags(textOf(this.tree, target), this.tagsOf(expr));
              }
            } else {
              this.eval(value);
            }
          }
        }
        const body = field(stmt, "body");
        return body ? this.execBlock(body, this.env) : false;
      }
      case "assert_statement": {
        const condition = namedChildren(stmt)[0];
        if (condition) {
          this.eval(condition);
          const facts = guardFacts(this.guardContext(), condition);
          this.applyFacts(this.env, facts.whenTrue, facts.normalizedOnly);
        }
        return false;
      }
      case "match_statement":
        return this.execMatch(stmt);
      case "decorated_definition":
      case "function_definition":
      case "class_definition":
        this.bound.add(textOf(this.tree, field(field(stmt, "definition") ?? stmt, "name") ?? stmt));
        return false;
      default:
        return false;
    }
  }

  private execLoopBody(body: PyNode): void {
    // `continue`/`break` end one iteration, not the code after the loop.
    const env = new Map(this.env);
    this.execBlock(body, env);
    this.mergeInto(this.env, env);
  }

  /** Returns true when the handler always leaves (its env is then not merged back). */
  private execExcept(clause: PyNode): boolean {
    const value = field(clause, "value");
    const env = new Map(this.env);
    if (value?.type === "as_pattern") {
      const alias = field(value, "alias");
      const target = alias ? namedChildren(alias)[0] : undefined;
      if (target?.type === "identifier") {
        const name = textOf(this.tree, target);
        env.set(name, [
          newLabel({ kind: "exception", description: "Stack trace information", range: rangeOf(target) }),
        ]);
        this.bound.add(name);
      }
    }
    const block = namedChildren(clause).find((c) => c.type === "block");
    const leaves = block ? this.execBlock(block, env) : false;
    if (!leaves) this.mergeInto(this.env, env);
    return leaves;
  }

  private execAssignment(node: PyNode): void {
    const left = field(node, "left");
    const right = field(node, "right");
    if (!left) return;
    if (!right) return; // annotation only
    if (right.type === "assignment") {
      // a = b = value
      this.execAssignment(right);
      const inner = field(right, "left");
      if (inner) this.bind(left, this.eval(inner), right);
      return;
    }
    const l = unwrap(left);
    const literal = l.type === "identifier" ? this.literalElements(right) : undefined;
    if (literal) {
      const r = unwrap(right);
      const values = [...literal.elements.values()];
      // The same whole taint `eval` gives a literal (list elements after the head are not argv[0]).
      const whole =
        r.type === "list"
          ? union(...values.map((t, i) => (i === 0 ? t : withFlags(t, Flag.notHead))))
          : union(...values);
      const name = textOf(this.tree, l);
      this.bindWithValue(left, right, whole);
      const step = { file: "", range: rangeOf(l), message: name };
      const elements = new Map([...literal.elements].map(([k, t]) => [k, addStep(t, step)] as const));
      this.bindElements(name, elements, literal.length);
      return;
    }
    const taint = this.eval(right);
    this.bindWithValue(left, right, taint);
    if (l.type === "identifier") this.bindElements(textOf(this.tree, l), undefined);
  }

  private bindWithValue(left: PyNode, right: PyNode, taint: Taint): void {
    const l = unwrap(left);
    const r = unwrap(right);
    const isSeq = (n: PyNode) =>
      ["tuple", "list", "pattern_list", "tuple_pattern", "list_pattern", "expression_list"].includes(n.type);
    if (isSeq(l) && isSeq(r) && namedChildren(l).length === namedChildren(r).length) {
      const rs = namedChildren(r);
      namedChildren(l).forEach((target, i) => {
        this.bindWithValue(target, rs[i]!, this.eval(rs[i]!));
      });
      return;
    }
    this.bind(l, taint, r);
    if (l.type === "identifier") {
      const name = textOf(this.tree, l);
      this.setTags(name, this.tagsOf(r));
      const constant = stringValue(this.tree, r);
      if (constant !== undefined) this.constants.set(name, constant);
      else this.constants.delete(name);
      this.noteValue(name, r);
      this.noteBuilt(name, r);
      if (["comparison_operator", "not_operator", "boolean_operator", "call"].includes(r.type))
        this.noteCondition(name, guardFacts(this.guardContext(), r));
      if (r.type === "call") {
        const call = this.callInfo(r);
        if (/(^|\.)(urlparse|urlsplit)$/.test(call.qualified ?? "")) {
          const arg = call.args[0];
          if (arg && unwrap(arg).type === "identifier") this.parsed.set(name, textOf(this.tree, unwrap(arg)));
        }
      }
    }
  }

  private execAugmented(node: PyNode): void {
    const left = field(node, "left");
    const right = field(node, "right");
    if (!left || !right) return;
    const taint = derived(union(this.eval(left), this.eval(right)));
    this.bind(left, taint, right);
  }

  /** Bind a target (name, tuple, attribute, subscript) to a value's taint. */
  private checkRouteReturn(value: PyNode): void {
    const kind = this.fn?.routeKind;
    if (!kind) return;
    let body = unwrap(value);
    if (body.type === "tuple" || body.type === "expression_list") body = namedChildren(body)[0] ?? body;
    const taint = this.eval(body);
    // Flask turns dicts and lists into JSON responses: not HTML.
    const isJson = body.type === "dictionary" || body.type === "list";
    if (kind === "flask" && !isJson) this.report("py/reflective-xss", body, taint, {});
    this.report("py/stack-trace-exposure", body, taint, {});
  }
}
