import { type Const, truthy } from "./constant-folding.js";
import type { Env } from "./flow-context.js";
import { guardedName, guardFacts } from "./models/guards.js";
import { ReturnAnalysis } from "./return-analysis.js";
import { ALL_KINDS, SinkKind } from "./rule-catalog.js";
import { field, namedChildren, type PyNode, textOf, unwrap } from "./syntax-tree.js";
import { validatedParams } from "./validator-helpers.js";

/** The constants a `case` pattern matches (`"a"`, `1 | 2`), or undefined when it is not all literals. */
function literalPatternValues(analysis: GuardedStatements, pattern: PyNode): Const[] | undefined {
  const kids =
    pattern.namedKids.length === 1 && pattern.namedKids[0]!.type === "union_pattern"
      ? pattern.namedKids[0]!.namedKids
      : pattern.namedKids;
  if (kids.length === 0) return undefined;
  const values: Const[] = [];
  for (const kid of kids) {
    if (!["string", "integer", "float", "true", "false", "none", "concatenated_string"].includes(kid.type))
      return undefined;
    const value = analysis.foldLiteral(kid);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

/**
 * Statements that branch or guard: if/elif/else and match with constant conditions and guard
 * facts, statement-level containment (`p.relative_to(base)`) and validator-helper calls.
 * FunctionAnalysis supplies the block runner.
 */
export abstract class GuardedStatements extends ReturnAnalysis {
  protected abstract execBlock(block: PyNode, env: Env): boolean;

  /** A literal's value (patterns hold literals only; names there are captures, not reads). */
  foldLiteral(node: PyNode): Const | undefined {
    return this.fold(node);
  }

  protected execMatch(stmt: PyNode): boolean {
    const subject = field(stmt, "subject");
    if (subject) this.eval(subject);
    const known = subject ? this.fold(subject) : undefined;
    const body = field(stmt, "body");
    const survivors: Env[] = [];
    let exhaustive = false;
    const subjectName =
      subject && unwrap(subject).type === "identifier" ? textOf(this.tree, unwrap(subject)) : undefined;
    for (const clause of body ? namedChildren(body) : []) {
      const pattern = clause.namedKids.find((c) => c.type === "case_pattern");
      const literals = pattern ? literalPatternValues(this, pattern) : undefined;
      const guarded = field(clause, "guard") !== undefined;
      // With a constant subject, literal cases that differ never run; the first equal one always does.
      if (known !== undefined && literals && !literals.includes(known)) continue;
      const always =
        !guarded && (pattern?.namedKids.length === 0 || (known !== undefined && literals !== undefined));
      const env = new Map(this.env);
      // `case "literal":` — in that branch the subject equals a constant.
      if (subjectName && literals) this.applyFacts(env, new Map([[subjectName, ALL_KINDS]]));
      const block = field(clause, "consequence");
      const terminates = block ? this.execBlock(block, env) : false;
      if (!terminates) survivors.push(env);
      if (always) {
        exhaustive = true;
        break;
      }
    }
    if (!exhaustive) survivors.push(new Map(this.env));
    if (survivors.length === 0) return true;
    const merged = survivors[0]!;
    for (const env of survivors.slice(1)) this.mergeInto(merged, env);
    this.env.clear();
    for (const [k, v] of merged) this.env.set(k, v);
    return false;
  }

  /** `check_name(name)` where the helper raises unless its parameter is valid (validator-helpers.ts). */
  protected applyValidatorCall(call: PyNode): void {
    const callee = this.resolveLocal(field(call, "function"));
    if (!callee || callee === this.fn) return;
    const args = this.callInfo(call).args;
    // The helper's own urlparse() bindings are not ours: no parsed-URL aliases there.
    const context = { ...this.guardContext(), parsedFrom: () => undefined };
    for (const check of validatedParams(context, callee)) {
      const name = guardedName(this.tree, args[check.index]);
      if (!name) continue;
      this.applyFacts(
        this.env,
        new Map([[name, check.kinds]]),
        check.normalizedOnly ? new Set([name]) : undefined,
      );
    }
  }

  protected applyContainment(block: PyNode): void {
    for (const stmt of namedChildren(block)) this.applyContainmentOf(stmt);
  }

  /** `p.relative_to(base)` raises ValueError unless p is under base (normalized: see applyFacts). */
  protected applyContainmentOf(stmt: PyNode): void {
    if (stmt.type !== "expression_statement") return;
    let expr: PyNode | undefined = namedChildren(stmt)[0];
    if (expr?.type === "assignment") expr = field(expr, "right");
    const call = expr ? unwrap(expr) : undefined;
    if (call?.type !== "call") return;
    const info = this.callInfo(call);
    if (info.name !== "relative_to" || !info.receiver) return;
    const receiver = unwrap(info.receiver);
    const resolved = receiver.type === "call" && this.callInfo(receiver).name === "resolve";
    const name = guardedName(this.tree, info.receiver);
    if (!name) return;
    this.applyFacts(this.env, new Map([[name, SinkKind.path]]), resolved ? undefined : new Set([name]));
  }

  /** Inside a try body, an exception may go to a handler that carries on: no statement-level guard. */
  protected tryDepth = 0;

  protected execIf(stmt: PyNode): boolean {
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
      // A constant condition: a false branch never runs, a true one makes the rest dead.
      const known = this.fold(branch.condition);
      if (known !== undefined && !truthy(known)) continue;
      if (known !== undefined) {
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
      this.applyFacts(thenEnv, facts.whenTrue, facts.normalizedOnly);
      const terminates = branch.body ? this.execBlock(branch.body, thenEnv) : false;
      if (!terminates) survivors.push(thenEnv);
      this.applyFacts(falseEnv, facts.whenFalse, facts.normalizedOnly);
    }
    if (!hasElse) survivors.push(falseEnv);
    if (survivors.length === 0) return true;
    falseEnv = survivors[0]!;
    for (const env of survivors.slice(1)) this.mergeInto(falseEnv, env);
    this.env.clear();
    for (const [k, v] of falseEnv) this.env.set(k, v);
    return false;
  }
}
