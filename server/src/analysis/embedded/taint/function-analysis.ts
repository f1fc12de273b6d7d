import type { ThreatModel } from "../../analyzer.js";
import type { Range } from "../../finding.js";
import { type CallInfo, calleeExactly, splitArguments } from "./call-info.js";
import { type FunctionInfo, isDataParam } from "./function-catalog.js";
import type { ImportMap } from "./imports.js";
import { guardFacts } from "./models/guards.js";
import { tagsOfCall } from "./models/object-tags.js";
import { callEffect } from "./models/sanitizers.js";
import {
  headerAssignmentTarget,
  isResponseCall,
  opensFile,
  resultIsClean,
  type SinkUse,
  sinksOfCall,
} from "./models/sinks.js";
import {
  attributeSource,
  callSource,
  isSensitiveName,
  qualifiedAttributeSource,
  type SourceMatch,
  sensitiveDescription,
} from "./models/sources.js";
import { ALL_KINDS, ruleInfo, SinkKind } from "./rule-catalog.js";
import {
  field,
  namedChildren,
  type PyNode,
  rangeOf,
  type SyntaxTree,
  stringValue,
  textOf,
  unwrap,
} from "./syntax-tree.js";
import {
  addStep,
  CLEAN,
  derived,
  Flag,
  type Label,
  newLabel,
  type OriginKind,
  sanitize,
  type Taint,
  union,
  withFlags,
} from "./taint-value.js";

export interface ParamSink {
  paramIndex: number;
  rule: string;
  sink: Range;
  sinkText: string;
  label: Label;
  use: Pick<SinkUse, "requireFlags" | "ignoreFlags">;
}

export interface FunctionSummary {
  returns: Taint;
  paramSinks: ParamSink[];
}

export interface RawFinding {
  rule: string;
  sink: Range;
  sinkText: string;
  label: Label;
}

/** State shared by all functions of one file during one analysis round. */
export interface FileContext {
  tree: SyntaxTree;
  imports: ImportMap;
  threatModel: ThreatModel;
  functions: Map<string, FunctionInfo>;
  summaries: Map<string, FunctionSummary>;
  globals: Map<string, Taint>;
  globalTags: Map<string, Set<string>>;
  globalConstants: Map<string, string>;
  globalNames: Set<string>;
  findings: RawFinding[];
  /** Summaries computed in the current round. */
  computed: Set<string>;
  /** Set when a call used a summary not yet computed in this round (another round is needed). */
  usedStaleSummary: boolean;
  /** False while the module body is pre-scanned for globals (its findings come later). */
  reporting: boolean;
}

type Env = Map<string, Taint>;

const TERMINATING_CALLS = ["abort", "flask.abort", "sys.exit", "exit", "quit", "os._exit", "os.abort"];
const MUTATORS = new Set([
  "append",
  "extend",
  "insert",
  "add",
  "update",
  "setdefault",
  "appendleft",
  "extendleft",
]);
const MAX_TEXT = 80;
/** Sinks whose call result is a fresh object (query result, response, process), not the input. */
const CONSUMING_RULES = new Set([
  "py/sql-injection",
  "py/command-line-injection",
  "py/path-injection",
  "py/unsafe-deserialization",
  "py/url-redirection",
  "py/full-ssrf",
  "py/reflective-xss",
  "py/template-injection",
  "py/ldap-injection",
  "py/nosql-injection",
  "py/tarslip",
]);

/** Whether a source kind counts for a rule under a threat model. */
export function originAllowed(kind: OriginKind, rule: string, threatModel: ThreatModel): boolean {
  const info = ruleInfo(rule);
  const sinkKind = info.kind;
  if (sinkKind === "stackTrace") return kind === "exception";
  if (sinkKind === "clearText") return kind === "sensitive";
  if (rule === "py/tarslip") return kind === "archive";
  switch (kind) {
    case "remote":
      return true;
    case "local":
      return threatModel !== "remote";
    case "parameter":
      return threatModel === "library" && info.parameterSources !== false;
    default:
      return false;
  }
}

/** Intra-procedural taint tracking for one function (or the module body), using callee summaries. */
export class FunctionAnalysis {
  private env: Env = new Map();
  private readonly tags = new Map<string, Set<string>>();
  private readonly constants = new Map<string, string>();
  private readonly parsed = new Map<string, string>();
  private readonly bound = new Set<string>();
  private returns: Taint = CLEAN;
  private readonly paramSinks: ParamSink[] = [];
  private readonly tree: SyntaxTree;
  private readonly callInfos = new Map<PyNode, CallInfo>();

  constructor(
    private readonly ctx: FileContext,
    private readonly fn: FunctionInfo | undefined,
  ) {
    this.tree = ctx.tree;
  }

  /** Analyze the body; for the module, `body` is the root and the final env becomes the globals. */
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
        if (this.execStatement(stmt)) {
          terminates = true;
          break;
        }
      }
    } finally {
      this.env = saved;
    }
    return terminates;
  }

  private execStatement(stmt: PyNode): boolean {
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

  private mergeInto(target: Env, other: Env): void {
    for (const [k, v] of other) {
      const existing = target.get(k);
      target.set(k, existing ? union(existing, v) : v);
    }
  }

  private applyFacts(env: Env, facts: Map<string, number>): void {
    for (const [name, kinds] of facts) {
      const current = env.get(name) ?? this.ctx.globals.get(name);
      if (current && current.length > 0) env.set(name, sanitize(current, kinds));
    }
  }

  private guardContext() {
    return {
      tree: this.tree,
      callInfo: (node: PyNode) => this.callInfo(node),
      parsedFrom: (name: string) => this.parsed.get(name),
    };
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
  private bind(target: PyNode, taint: Taint, value?: PyNode): void {
    const t = unwrap(target);
    switch (t.type) {
      case "identifier": {
        const name = textOf(this.tree, t);
        this.bound.add(name);
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
        this.env.set(key, addStep(taint, { file: "", range: rangeOf(t), message: key }));
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
        const root = rootName(this.tree, t);
        if (root && taint.length > 0) this.weakUpdate(root, taint, t);
        return;
      }
      default:
        return;
    }
  }

  private weakUpdate(name: string, taint: Taint, at: PyNode): void {
    const existing = this.lookup(name);
    this.env.set(
      name,
      union(existing, addStep(taint, { file: "", range: rangeOf(at), message: clip(textOf(this.tree, at)) })),
    );
  }

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

  // ---- expressions ------------------------------------------------------------------------

  private lookup(name: string): Taint {
    return this.env.get(name) ?? this.ctx.globals.get(name) ?? CLEAN;
  }

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
        let taint = value ? this.eval(value) : CLEAN;
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
        if (parts[1]) this.eval(parts[1]);
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
        if (node.type !== "list") return union(...elements);
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

  private evalAttribute(node: PyNode): Taint {
    const object = field(node, "object");
    const attr = field(node, "attribute");
    if (!object || !attr) return CLEAN;
    const attrName = textOf(this.tree, attr);
    const source =
      attributeSource(this.tree, attr, object, (o) => this.isRequestObject(o)) ??
      qualifiedAttributeSource(this.qualifiedName(node));
    if (source) return this.sourceLabel(node, source);
    const key = textOf(this.tree, node);
    let taint = this.env.get(key) ?? this.ctx.globals.get(key) ?? this.eval(object);
    if (isSensitiveName(attrName))
      taint = union(
        taint,
        this.sourceLabel(node, { kind: "sensitive", description: sensitiveDescription(attrName) }),
      );
    return taint;
  }

  private evalString(node: PyNode): Taint {
    const parts = node.children.filter((c) => c.type === "interpolation");
    if (parts.length === 0) return CLEAN;
    const taint = derived(union(...parts.map((p) => this.eval(p))));
    const firstContent = node.children.find((c) => c.type === "string_content" || c.type === "interpolation");
    if (firstContent?.type === "string_content" && hostFixedPrefix(textOf(this.tree, firstContent))) {
      return withFlags(taint, Flag.hostFixed);
    }
    return taint;
  }

  private evalBinary(node: PyNode): Taint {
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
    let taint = derived(union(...parts));
    if (taint.length > 0 && leftmost) {
      const prefix = this.constantString(leftmost);
      if (prefix !== undefined && hostFixedPrefix(prefix)) taint = withFlags(taint, Flag.hostFixed);
    }
    return taint;
  }

  private constantString(node: PyNode): string | undefined {
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

  private evalComprehension(node: PyNode): Taint {
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
          if (condition) this.applyFacts(this.env, guardFacts(this.guardContext(), condition).whenTrue);
        }
      }
      const body = field(node, "body");
      return body ? this.eval(body) : CLEAN;
    } finally {
      this.env = saved;
    }
  }

  private sourceLabel(node: PyNode, source: SourceMatch): Taint {
    return [
      newLabel(
        { kind: source.kind, description: source.description, range: rangeOf(node) },
        source.flags ?? 0,
      ),
    ];
  }

  private isRequestObject(object: PyNode): boolean {
    const o = unwrap(object);
    const text = textOf(this.tree, o);
    if (text === "self.request" || text === "request" || text === "req") return true;
    // `from flask import request as r`, `import flask; flask.request`
    if (this.qualifiedName(o) === "flask.request" || this.qualifiedName(o) === "bottle.request") return true;
    return this.fn?.requestParams.has(text) ?? false;
  }

  // ---- calls ------------------------------------------------------------------------------

  callInfo(node: PyNode): CallInfo {
    let info = this.callInfos.get(node);
    if (!info) {
      info = this.buildCallInfo(node);
      this.callInfos.set(node, info);
    }
    return info;
  }

  private buildCallInfo(node: PyNode): CallInfo {
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
  private qualifiedName(node: PyNode): string | undefined {
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

  tagsOf(node: PyNode): ReadonlySet<string> {
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

  private setTags(name: string, tags: ReadonlySet<string>): void {
    if (tags.size > 0) this.tags.set(name, new Set(tags));
  }

  private evalCall(node: PyNode): Taint {
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

    const local = this.resolveLocal(fnNode);
    if (local) return this.applySummary(local, call, taintOf);

    const source = callSource(call, (o) => this.isRequestObject(o));
    const sinks = sinksOfCall(call);
    for (const sink of sinks) {
      this.report(sink.rule, sink.node, taintOf(sink.node), sink);
    }
    if (isResponseCall(call)) {
      for (const arg of [...call.args, ...call.kwargs.values()])
        this.report("py/stack-trace-exposure", arg, taintOf(arg), {});
    }
    if (call.receiver && MUTATORS.has(call.name) && !/\.headers$/.test(call.receiverText ?? "")) {
      const root = rootName(this.tree, call.receiver);
      const added = union(...argTaints, ...kwTaints);
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
      if (prefix !== undefined && hostFixedPrefix(prefix)) input = withFlags(input, Flag.hostFixed);
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

  private resolveLocal(fnNode: PyNode | undefined): FunctionInfo | undefined {
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

  private applySummary(callee: FunctionInfo, call: CallInfo, taintOf: (n: PyNode) => Taint): Taint {
    if (this.ctx.reporting && !this.ctx.computed.has(callee.key)) this.ctx.usedStaleSummary = true;
    const summary = this.ctx.summaries.get(callee.key);
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
        file: "",
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

  // ---- reporting --------------------------------------------------------------------------

  private report(
    rule: string,
    node: PyNode,
    taint: Taint,
    use: Pick<SinkUse, "requireFlags" | "ignoreFlags">,
  ): void {
    if (taint.length === 0) return;
    this.reportAt(rule, rangeOf(node), clip(textOf(this.tree, node)), taint, use);
  }

  private reportAt(
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
      const effectiveRule =
        rule === "py/full-ssrf" && (label.flags & Flag.hostFixed) !== 0 ? "py/partial-ssrf" : rule;
      const o = label.origin;
      if (o.kind === "parameter" && this.fn && o.functionKey === this.fn.key && o.paramIndex !== undefined) {
        const exists = this.paramSinks.some(
          (p) =>
            p.paramIndex === o.paramIndex &&
            p.rule === effectiveRule &&
            p.sink.start.line === sink.start.line &&
            p.sink.start.character === sink.start.character,
        );
        if (!exists)
          this.paramSinks.push({ paramIndex: o.paramIndex, rule: effectiveRule, sink, sinkText, label, use });
      }
      if (this.ctx.reporting && originAllowed(o.kind, effectiveRule, this.ctx.threatModel)) {
        this.ctx.findings.push({ rule: effectiveRule, sink, sinkText, label });
      }
    }
  }
}

const EMPTY_TAGS: ReadonlySet<string> = new Set();
const LOGGER_TAGS: ReadonlySet<string> = new Set(["logger"]);

function rootName(tree: SyntaxTree, node: PyNode): string | undefined {
  let n = unwrap(node);
  while (n.type === "attribute" || n.type === "subscript") {
    const next = field(n, n.type === "attribute" ? "object" : "value");
    if (!next) return undefined;
    n = unwrap(next);
  }
  return n.type === "identifier" ? textOf(tree, n) : undefined;
}

/** "https://api.example.com/..." — scheme and host are fixed by the constant. */
function hostFixedPrefix(prefix: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#{}]+[/?#]/i.test(prefix);
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT - 1)}…` : oneLine;
}
