import type { ThreatModel } from "../../analyzer.js";
import type { Range } from "../../finding.js";
import type { Const } from "./constant-folding.js";
import type { CrossFileLookup } from "./cross-file/external-function.js";
import type { FunctionInfo } from "./function-catalog.js";
import type { ImportMap } from "./imports.js";
import type { SinkUse } from "./models/sinks.js";
import type { CompiledUserModels } from "./models/user-models.js";
import { ruleInfo } from "./rule-catalog.js";
import { field, type PyNode, type SyntaxTree, textOf, unwrap } from "./syntax-tree.js";
import type { Label, OriginKind, Taint } from "./taint-value.js";
import type { TimeBudget } from "./time-budget.js";

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
  /** For methods: the taint written to `self.<attr>` (see class-fields.ts). */
  fields?: Map<string, Taint>;
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
  /** Module names bound once to a foldable constant (`DEBUG = True`, `LIMIT = 10`). */
  globalValues: Map<string, Const>;
  globalNames: Set<string>;
  findings: RawFinding[];
  /** Summaries computed in the current round. */
  computed: Set<string>;
  /** Set when a call used a summary not yet computed in this round (another round is needed). */
  usedStaleSummary: boolean;
  /** False while the module body is pre-scanned for globals (its findings come later). */
  reporting: boolean;
  /** Consulted per statement and call; throws when the file's analysis ran out of time. */
  budget?: TimeBudget;
  /** Start offsets of statements skipped because evaluating them overflowed the stack. */
  skipped?: Set<number>;
  /** Sources, sinks and sanitizers from the `models` setting. */
  models?: CompiledUserModels;
  /** Summaries of functions imported from other workspace modules (cross-file/). */
  crossFile?: CrossFileLookup;
  /** Summaries looked up by calls (key, value at the time), recorded for the per-function cache. */
  summaryReads?: Array<[string, FunctionSummary | undefined]>;
  /** Methods writing each class attribute (class-fields.ts), computed on the first `self.x` read. */
  fieldWriters?: Map<string, string[]>;
}

export type Env = Map<string, Taint>;

export const TERMINATING_CALLS = ["abort", "flask.abort", "sys.exit", "exit", "quit", "os._exit", "os.abort"];
export const MUTATORS = new Set([
  "append",
  "extend",
  "insert",
  "add",
  "update",
  "setdefault",
  "appendleft",
  "extendleft",
]);
export const MAX_TEXT = 80;
/**
 * Sinks kept per function summary (the first ones found). Without a cap, a chain of helpers that
 * each pass a parameter on to the next summarizes every sink further down the chain: quadratic
 * summaries, cubic work (a 100 KB file took 7 s and 0.5 GB; with a recursion cycle, 35 s and 1.8 GB).
 */
export const MAX_PARAM_SINKS = 32;
/** Sinks whose call result is a fresh object (query result, response, process), not the input. */
export const CONSUMING_RULES = new Set([
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
  if (rule === "py/tarslip" || rule === "py/zipslip") return kind === "archive";
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

export const EMPTY_TAGS: ReadonlySet<string> = new Set();
export const LOGGER_TAGS: ReadonlySet<string> = new Set(["logger"]);

export function rootName(tree: SyntaxTree, node: PyNode): string | undefined {
  let n = unwrap(node);
  while (n.type === "attribute" || n.type === "subscript") {
    const next = field(n, n.type === "attribute" ? "object" : "value");
    if (!next) return undefined;
    n = unwrap(next);
  }
  return n.type === "identifier" ? textOf(tree, n) : undefined;
}

/** "https://api.example.com/..." — scheme and host are fixed by the constant. */
export function hostFixedPrefix(prefix: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#{}]+[/?#]/i.test(prefix);
}

export function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT - 1)}…` : oneLine;
}
