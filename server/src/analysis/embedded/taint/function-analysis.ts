import { CallAnalysis } from "./call-analysis.js";
import { calleeExactly } from "./call-info.js";
import { type Env, type FunctionSummary, TERMINATING_CALLS } from "./flow-context.js";
import { type FunctionInfo, isDataParam } from "./function-catalog.js";
import { guardFacts } from "./models/guards.js";
import { ALL_KINDS } from "./rule-catalog.js";
import { field, namedChildren, type PyNode, rangeOf, stringValue, textOf, unwrap } from "./syntax-tree.js";
import { CLEAN, derived, newLabel, type Taint, union } from "./taint-value.js";

export type { FileContext, FunctionSummary, ParamSink, RawFinding } from "./flow-context.js";
export { originAllowed } from "./flow-context.js";

/** Intra-procedural taint tracking for one function (or the module body), using callee summaries. */
export class FunctionAnalysis extends CallAnalysis {
  run(body: PyNode): FunctionSummary {
    if (this.fn) this.bindParameters(this.fn);
    this.execBlock(body, this.env);
    if (!this.fn) {
      for (const [k, v] of this.env) this.ctx.globals.set(k, v);
      for (const [k, v] of this.tags) this.ctx.globalTags.set(k, v);
      for (const [k, v] of this.constants) this.ctx.globalConstants.set(k, v);
      for (const k of this.bound) this.ctx.globalNames.add(k);
    }
    return { returns: this.returns, paramSinks: this.paramSinks };
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
  private execBlock(block: PyNode, env: Env): boolean {
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
        for (const child of namedChildren(stmt)) {
          if (child.type === "assignment") this.execAssignment(child);
          else if (child.type === "augmented_assignment") this.execAugmented(child);
          else {
            this.eval(child);
            if (child.type === "call" && calleeExactly(this.callInfo(child).qualified, ...TERMINATING_CALLS))
              terminates = true;
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
        return false;
      }
      case "while_statement": {
        const condition = field(stmt, "condition");
        const body = field(stmt, "body");
        for (let i = 0; i < 2; i++) {
          if (condition) this.eval(condition);
          if (body) this.execLoopBody(body);
        }
        return false;
      }
      case "try_statement": {
        let terminates = false;
        for (const child of namedChildren(stmt)) {
          if (child.type === "block") terminates = this.execBlock(child, this.env);
          else if (child.type === "except_clause" || child.type === "except_group_clause") {
            this.execExcept(child);
            terminates = false;
          } else if (child.type === "else_clause" || child.type === "finally_clause") {
            this.execBlock(
              field(child, "body") ?? namedChildren(child).find((c) => c.type === "block") ?? child,
              this.env,
            );
          }
        }
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
          this.applyFacts(this.env, guardFacts(this.guardContext(), condition).whenTrue);
        }
        return false;
      }
      case "match_statement": {
        const subject = field(stmt, "subject");
        if (subject) this.eval(subject);
        const body = field(stmt, "body");
        const merged: Env[] = [];
        const subjectName =
          subject && unwrap(subject).type === "identifier" ? textOf(this.tree, unwrap(subject)) : undefined;
        for (const clause of body ? namedChildren(body) : []) {
          const env = new Map(this.env);
          // `case "literal":` — in that branch the subject equals a constant.
          const patterns = clause.namedKids.filter((c) => c.type === "case_pattern");
          const literal =
            patterns.length === 1 &&
            patterns[0]!.namedKids.every((c) =>
              ["string", "integer", "float", "true", "false", "none"].includes(c.type),
            ) &&
            patterns[0]!.namedKids.length > 0;
          if (subjectName && literal) this.applyFacts(env, new Map([[subjectName, ALL_KINDS]]));
          const block = field(clause, "consequence");
          if (block) this.execBlock(block, env);
          merged.push(env);
        }
        for (const env of merged) this.mergeInto(this.env, env);
        return false;
      }
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

  private execExcept(clause: PyNode): void {
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
    if (block) this.execBlock(block, env);
    this.mergeInto(this.env, env);
  }

  private execIf(stmt: PyNode): boolean {
    const branches: { condition: PyNode | undefined; body: PyNode | undefined }[] = [
      { condition: field(stmt, "condition"), body: field(stmt, "consequence") },
    ];
    for (const alt of stmt.children.filter((c) => c.field === "alternative")) {
      if (alt.type === "elif_clause")
        branches.push({ condition: field(alt, "condition"), body: field(alt, "consequence") });
      else branches.push({ condition: undefined, body: field(alt, "body") });
    }
    // Walk the chain: each branch sees the negation of the previous conditions.
    let falseEnv = new Map(this.env);
    const survivors: Env[] = [];
    let hasElse = false;
    for (const branch of branches) {
      if (!branch.condition) {
        hasElse = true;
        const env = new Map(falseEnv);
        const terminates = branch.body ? this.execBlock(branch.body, env) : false;
        if (!terminates) survivors.push(env);
        break;
      }
      const saved = this.env;
      this.env = falseEnv;
      this.eval(branch.condition);
      this.env = saved;
      const facts = guardFacts(this.guardContext(), branch.condition);
      const thenEnv = new Map(falseEnv);
      this.applyFacts(thenEnv, facts.whenTrue);
      const terminates = branch.body ? this.execBlock(branch.body, thenEnv) : false;
      if (!terminates) survivors.push(thenEnv);
      this.applyFacts(falseEnv, facts.whenFalse);
    }
    if (!hasElse) survivors.push(falseEnv);
    if (survivors.length === 0) return true;
    falseEnv = survivors[0]!;
    for (const env of survivors.slice(1)) this.mergeInto(falseEnv, env);
    this.env.clear();
    for (const [k, v] of falseEnv) this.env.set(k, v);
    return false;
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
    const taint = this.eval(right);
    this.bindWithValue(left, right, taint);
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
