import { astWalkValidated } from "./ast-allowlist.js";
import { calleeExactly } from "./call-info.js";
import { TERMINATING_CALLS } from "./flow-context.js";
import type { FunctionInfo } from "./function-catalog.js";
import { type GuardContext, guardFacts } from "./models/guards.js";
import { SinkKind } from "./rule-catalog.js";
import { field, namedChildren, type PyNode } from "./syntax-tree.js";

/** What a validator helper proves about one of its parameters when it returns normally. */
export interface ParamCheck {
  index: number;
  kinds: number;
  /** The path part of `kinds` holds only for values already normalized (see GuardFacts). */
  normalizedOnly: boolean;
}

/**
 * Checks a helper makes on its parameters before doing anything else, each rejecting by
 * raising or aborting: `if name not in ALLOWED: raise ValueError`, `assert re.fullmatch(...)`,
 * an AST-walk allowlist. They dominate every normal return, so after `check(x)` the caller's `x`
 * is validated as well. Scanning stops at the first other statement (an early return, an
 * assignment that could rebind the parameter, a check that does not leave).
 */
export function validatedParams(ctx: GuardContext, fn: FunctionInfo): ParamCheck[] {
  const body = field(fn.node, "body");
  if (!body) return [];
  const byName = new Map(fn.params.map((p) => [p.name, p.index]));
  const found = new Map<number, ParamCheck>();
  const note = (name: string, kinds: number, normalizedOnly: boolean) => {
    const index = byName.get(name);
    if (index === undefined || !kinds) return;
    const before = found.get(index);
    found.set(index, {
      index,
      kinds: (before?.kinds ?? 0) | kinds,
      normalizedOnly: (before?.normalizedOnly ?? true) && normalizedOnly,
    });
  };
  for (const stmt of namedChildren(body)) {
    if (stmt.type === "expression_statement" && namedChildren(stmt)[0]?.type === "string") continue;
    if (stmt.type === "for_statement") {
      const walked = astWalkValidated(ctx.tree, stmt, ctx.callInfo);
      if (!walked) break;
      note(walked, SinkKind.code, false);
      continue;
    }
    const condition =
      stmt.type === "assert_statement"
        ? namedChildren(stmt)[0]
        : stmt.type === "if_statement" && onlyBranch(stmt) && leaves(ctx, field(stmt, "consequence"))
          ? field(stmt, "condition")
          : undefined;
    if (!condition) break;
    const facts = guardFacts(ctx, condition);
    const holds = stmt.type === "assert_statement" ? facts.whenTrue : facts.whenFalse;
    for (const [name, kinds] of holds) note(name, kinds, facts.normalizedOnly?.has(name) ?? false);
  }
  return [...found.values()];
}

function onlyBranch(stmt: PyNode): boolean {
  return !stmt.children.some((c) => c.field === "alternative");
}

/** The block ends by raising or by a call that never returns (abort, sys.exit). */
function leaves(ctx: GuardContext, block: PyNode | undefined): boolean {
  const last = block ? namedChildren(block).at(-1) : undefined;
  if (!last) return false;
  if (last.type === "raise_statement") return true;
  const call = last.type === "expression_statement" ? namedChildren(last)[0] : undefined;
  return call?.type === "call" && calleeExactly(ctx.callInfo(call).qualified, ...TERMINATING_CALLS);
}
