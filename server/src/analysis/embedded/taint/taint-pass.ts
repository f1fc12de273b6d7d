import type { Parser } from "web-tree-sitter";
import { ParseCache } from "../../../python/parse-cache.js";
import { loadPythonParser, pythonParserIfReady } from "../../../python/parser.js";
import type { SourceFile, ThreatModel } from "../../analyzer.js";
import type { Finding, FlowStep, Range } from "../../finding.js";
import { fingerprintFor } from "../../fingerprint.js";
import { ruleById } from "../../rules/rule-registry.js";
import { analysisNote, INCOMPLETE_RULE, NOT_ANALYZED_RULE } from "../analysis-notes.js";
import { type CheckFinding, runConfigChecks } from "./config-checks.js";
import type { CrossFileLookup } from "./cross-file/external-function.js";
import { importBindings } from "./cross-file/module-bindings.js";
import type { SummaryProvider } from "./cross-file/summary-provider.js";
import { analyzeFlows } from "./file-analysis.js";
import type { RawFinding } from "./function-analysis.js";
import { FunctionResultCache } from "./function-cache.js";
import { collectImports } from "./imports.js";
import { runLibraryFlawChecks } from "./library-flaw-checks.js";
import { LineTable } from "./line-table.js";
import { CompiledUserModels, type UserModels } from "./models/user-models.js";
import {
  type Demotion,
  demotedSeverity,
  flowDemotion,
  isTestFile,
  localMessage,
  parameterMessage,
} from "./parameter-findings.js";
import { codeqlHelpUri, ruleInfo } from "./rule-catalog.js";
import { sinkContext } from "./sink-context.js";
import { reparseTouchedStatements } from "./statement-reparse.js";
import { type SyntaxTree, toSyntaxTree } from "./syntax-tree.js";
import { TimeBudget } from "./time-budget.js";

const ORIGIN_RANK = { remote: 0, local: 1, exception: 0, sensitive: 0, archive: 0, parameter: 2 } as const;

/**
 * Default time budget of one file's data-flow analysis. A 2,000-line file takes ~30 ms, so this
 * only stops hostile or generated files, which then get their partial findings and a note.
 */
export const DEFAULT_TIME_BUDGET_MS = 2_000;

export interface TaintOptions {
  /** Per-file time budget of the data-flow analysis (ms); `Infinity` for none. */
  timeBudgetMs?: number;
  /** Sources, sinks and sanitizers declared in the `models` setting. */
  models?: UserModels;
  /** Polled during the analysis: true stops it early (its partial result is not cached). */
  interrupted?: () => boolean;
  /** The budget's wall clock (ms); injectable so tests can play a loaded machine. */
  clock?: () => number;
  /** Summaries of functions imported from other workspace modules (cross-file/). */
  crossFile?: SummaryProvider;
  /**
   * The file is analyzed once (`seclsp check`): no per-function cache for later edits (its
   * stamps and stores cost ~2.5% of a stdlib scan and are never read).
   */
  oneShot?: boolean;
}

/**
 * The taint pass: tree-sitter parse (incremental per path), data-flow findings and the non-flow
 * checks, as `Finding`s with CodeQL's ids, CWEs, messages and help links.
 */
export class TaintAnalysis {
  private cache: ParseCache | undefined;
  /** Last result per path: the LSP re-analyzes unchanged text on save and on config reloads. */
  private readonly results = new Map<
    string,
    {
      text: string;
      threatModel: ThreatModel;
      modelsKey: string;
      findings: Finding[];
      /** Imported modules whose summaries were used: (real path, hash); undefined without cross-file. */
      deps: ReadonlyMap<string, string> | undefined;
    }
  >();
  /** The imported modules (real path → hash) the last analysis of each path used. */
  private readonly usedModules = new Map<string, ReadonlyMap<string, string>>();
  /** The last compiled `models` setting (rebuilt when it changes). */
  private compiledModels = new CompiledUserModels({});
  /** Last JS syntax tree per path: unchanged top-level statements are reused on the next edit. */
  private readonly syntax = new Map<string, SyntaxTree>();
  /** Per-function flow results per path: unchanged functions are not re-analyzed after an edit. */
  private readonly functionResults = new Map<string, FunctionResultCache>();

  /** Resolves once the wasm parser is loaded; `analyze` returns [] before that. */
  static async create(): Promise<TaintAnalysis> {
    const analysis = new TaintAnalysis();
    await analysis.ready();
    return analysis;
  }

  async ready(): Promise<void> {
    await loadPythonParser();
  }

  isReady(): boolean {
    return pythonParserIfReady() !== undefined;
  }

  /** Drop the cached tree of a closed file (trees hold wasm memory). */
  forget(path: string): void {
    this.cache?.forget(path);
    this.results.delete(path);
    this.syntax.delete(path);
    this.functionResults.delete(path);
    this.usedModules.delete(path);
  }

  /** Files holding a parse tree right now (tests and memory benchmarks). */
  get liveTrees(): number {
    return this.cache?.size ?? 0;
  }

  /** The syntax tree of the last analysis of `path` (passes reuse it instead of parsing again). */
  syntaxOf(path: string): SyntaxTree | undefined {
    return this.syntax.get(path);
  }

  /** The imported modules (real path → content hash) whose summaries the last analysis of `path` used. */
  modulesUsedBy(path: string): ReadonlyMap<string, string> | undefined {
    return this.usedModules.get(path);
  }

  /** Edits whose tree came from re-parsing the touched statements alone (tests, benchmarks). */
  reparsedStatements = 0;

  /** How many functions of `path` the last analysis reused from the previous one. */
  reusedFunctions(path: string): number {
    return this.functionResults.get(path)?.reused ?? 0;
  }

  dispose(): void {
    this.cache?.clear();
    this.results.clear();
    this.syntax.clear();
    this.functionResults.clear();
    this.usedModules.clear();
  }

  analyze(file: SourceFile, threatModel: ThreatModel, options: TaintOptions = {}): Finding[] {
    const parser = pythonParserIfReady();
    if (!parser) return [];
    // Started before parsing: the budget bounds the whole pass, not only the flow analysis.
    const budget = new TimeBudget(
      options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS,
      options.interrupted,
      options.clock,
    );
    const models = this.modelsFor(options.models);
    const previous = this.results.get(file.path);
    if (
      previous &&
      previous.text === file.text &&
      previous.threatModel === threatModel &&
      previous.modelsKey === models.key &&
      (previous.deps === undefined) === (options.crossFile === undefined) &&
      (previous.deps === undefined || options.crossFile?.unchanged(previous.deps))
    ) {
      return previous.findings.map((f) => ({ ...f }));
    }
    this.cache ??= new ParseCache(parser);
    const syntax = this.syntaxFor(file, parser, this.cache);
    if (!syntax) return [];
    let findings: Finding[];
    let deps: ReadonlyMap<string, string> | undefined;
    try {
      let functionResults = this.functionResults.get(file.path);
      if (!functionResults && !options.oneShot) {
        functionResults = new FunctionResultCache();
        this.functionResults.set(file.path, functionResults);
      }
      const scope = options.crossFile?.scopeFor(
        file.path,
        importBindings(syntax),
        threatModel,
        models,
        budget,
      );
      findings = findingsFor(file, syntax, threatModel, functionResults, budget, models, scope);
      deps = options.crossFile ? (scope?.used ?? new Map()) : undefined;
    } catch (error) {
      this.functionResults.delete(file.path);
      // A bug in a model (or a stack overflow on absurd nesting) must not take the ruff findings
      // or the server down with it — but the user must learn that the file was not checked.
      reportInternalError(file.path, error);
      const reason = error instanceof RangeError ? "nested too deeply" : "internal error";
      findings = [
        analysisNote(
          file.path,
          file.text,
          NOT_ANALYZED_RULE,
          `data flow not analyzed: ${reason} (${String(error)})`,
        ),
      ];
    }
    // An interrupted run's findings are partial: never serve them for this text again.
    if (options.interrupted?.()) this.results.delete(file.path);
    else this.results.set(file.path, { text: file.text, threatModel, modelsKey: models.key, findings, deps });
    if (deps) this.usedModules.set(file.path, deps);
    else this.usedModules.delete(file.path);
    return findings.map((f) => ({ ...f }));
  }

  /**
   * The file's JS syntax tree: after an edit, from the previous one and a parse of the statements
   * the edit touched (statement-reparse.ts), else from an incremental parse of the whole text. The
   * previous JS tree is consumed either way (its unchanged statements move into the new one).
   */
  private syntaxFor(file: SourceFile, parser: Parser, cache: ParseCache): SyntaxTree | undefined {
    const previous = this.syntax.get(file.path);
    this.syntax.delete(file.path);
    let syntax = previous
      ? reparseTouchedStatements(previous, file.text, (text) => parser.parse(text))
      : undefined;
    if (syntax) {
      cache.advance(file.path, file.text);
      this.reparsedStatements++;
    } else {
      const tree = cache.parse(file.path, file.text);
      if (!tree) {
        // Untouched when the statements could not be re-parsed alone: still good for the next edit.
        if (previous) this.syntax.set(file.path, previous);
        return undefined;
      }
      syntax = toSyntaxTree(tree, file.text, previous);
    }
    this.syntax.set(file.path, syntax);
    return syntax;
  }

  private modelsFor(models: UserModels | undefined): CompiledUserModels {
    const key = JSON.stringify(models ?? {});
    if (key !== this.compiledModels.key) this.compiledModels = new CompiledUserModels(models ?? {});
    return this.compiledModels;
  }
}

let internalErrorHandler: (path: string, error: unknown) => void = () => undefined;

/** Where internal taint-engine errors go (the LSP routes them to its log); silent by default. */
export function onTaintInternalError(handler: (path: string, error: unknown) => void): void {
  internalErrorHandler = handler;
}

function reportInternalError(path: string, error: unknown): void {
  try {
    internalErrorHandler(path, error);
  } catch {
    // never let logging fail the analysis
  }
}

export function findingsFor(
  file: SourceFile,
  syntax: SyntaxTree,
  threatModel: ThreatModel,
  functionResults?: FunctionResultCache,
  budget?: TimeBudget,
  models?: CompiledUserModels,
  crossFile?: CrossFileLookup,
): Finding[] {
  const result = analyzeFlows(syntax, threatModel, functionResults, budget, models, crossFile);
  const testFile = isTestFile(file.path);
  const imports = collectImports(syntax);
  const flows = dedupeFlows(
    result.findings.map((raw) => ({
      raw,
      demotion: flowDemotion(raw, result.publicFunctions, testFile, sinkContext(syntax, imports, raw.sink)),
    })),
  );
  const checks = [...runConfigChecks(syntax, imports), ...runLibraryFlawChecks(syntax, imports)];
  const findings = [...flows.map((f) => flowFinding(file, f)), ...checks.map((c) => checkFinding(file, c))];
  findings.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  const seen = new Map<string, number>();
  const lines = syntax.lines?.text === file.text ? syntax.lines : new LineTable(file.text);
  for (const finding of findings) {
    const key = `${finding.ruleId}:${finding.range.start.line}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    // `fingerprintFor` hashes the lines of the range; passing only those lines (range moved to
    // line 0) gives the same id without splitting the whole file once per finding.
    const { start, end } = finding.range;
    const snippet = lines.slice(start.line, end.line);
    const local = { start: { ...start, line: 0 }, end: { ...end, line: end.line - start.line } };
    finding.fingerprint = fingerprintFor(finding.ruleId, snippet, local, occurrence);
  }
  if (result.skipped) {
    const count = result.skipped.length;
    const message =
      `data flow not analyzed in ${count === 1 ? "a statement" : `${count} statements`} nested too deeply; ` +
      "the rest of the file was analyzed";
    findings.unshift(analysisNote(file.path, file.text, NOT_ANALYZED_RULE, message, result.skipped[0]));
  }
  if (result.incomplete) {
    const { budgetMs, functionsAnalyzed, functions, round } = result.incomplete;
    const message =
      `analysis incomplete: time budget exceeded (${budgetMs} ms; ${functionsAnalyzed} of ${functions} ` +
      `functions analyzed in round ${round}); data-flow findings after that point are missing`;
    findings.unshift(analysisNote(file.path, file.text, INCOMPLETE_RULE, message));
  }
  return findings;
}

/** A raw flow and the demotion of its parameter source (see parameter-findings.ts). */
interface RankedFlow {
  raw: RawFinding;
  demotion: Demotion | undefined;
}

/**
 * One finding per (rule, sink): prefer remote over local over parameter sources, then parameter
 * flows kept at their severity, then shorter paths.
 */
function dedupeFlows(flows: RankedFlow[]): RankedFlow[] {
  const best = new Map<string, RankedFlow>();
  for (const ranked of flows) {
    const f = ranked.raw;
    const key = `${f.rule}:${f.sink.start.line}:${f.sink.start.character}:${f.sink.end.line}:${f.sink.end.character}`;
    const existing = best.get(key);
    if (!existing || better(ranked, existing)) best.set(key, ranked);
  }
  // A sink nested in another sink of the same rule (`execute(text(q))`) is reported once, innermost.
  // Sinks are syntax nodes (nested or disjoint) with distinct ranges per rule (the key above):
  // sorted by start, longest first, a sink contains another exactly when it contains the next one.
  const byRule = new Map<string, RankedFlow[]>();
  for (const f of best.values()) {
    const same = byRule.get(f.raw.rule);
    if (same) same.push(f);
    else byRule.set(f.raw.rule, [f]);
  }
  const outer = new Set<RankedFlow>();
  for (const group of byRule.values()) {
    group.sort(
      (a, b) =>
        comparePosition(a.raw.sink.start, b.raw.sink.start) ||
        comparePosition(b.raw.sink.end, a.raw.sink.end),
    );
    for (let i = 1; i < group.length; i++) {
      if (comparePosition(group[i - 1]!.raw.sink.end, group[i]!.raw.sink.end) >= 0) outer.add(group[i - 1]!);
    }
  }
  return [...best.values()].filter((f) => !outer.has(f));
}

function comparePosition(a: Range["start"], b: Range["start"]): number {
  return a.line - b.line || a.character - b.character;
}

function better(a: RankedFlow, b: RankedFlow): boolean {
  const ra = ORIGIN_RANK[a.raw.label.origin.kind];
  const rb = ORIGIN_RANK[b.raw.label.origin.kind];
  if (ra !== rb) return ra < rb;
  if ((a.demotion === undefined) !== (b.demotion === undefined)) return a.demotion === undefined;
  return a.raw.label.steps.length < b.raw.label.steps.length;
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range["start"], b: Range["start"]) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function sameRange(a: Range, b: Range): boolean {
  return contains(a, b) && contains(b, a);
}

function flowFinding(file: SourceFile, { raw, demotion }: RankedFlow): Finding {
  const rule = ruleInfo(raw.rule);
  const origin = raw.label.origin;
  const flow: FlowStep[] = [
    { file: file.path, range: origin.range, message: `source: ${origin.description}` },
  ];
  for (const step of raw.label.steps) {
    const last = flow[flow.length - 1]!;
    if (sameRange(last.range, step.range) && (step.file || file.path) === last.file) continue;
    // Steps in an imported module (cross-file summaries) name its file.
    flow.push({ file: step.file || file.path, range: step.range, message: step.message });
  }
  if (!sameRange(flow[flow.length - 1]!.range, raw.sink)) {
    flow.push({ file: file.path, range: raw.sink, message: `sink: ${raw.sinkText}` });
  }
  return {
    ruleId: rule.id,
    cwes: rule.cwes,
    severity: demotedSeverity(rule.severity, demotion),
    securitySeverity: rule.securitySeverity,
    message:
      origin.kind === "parameter"
        ? parameterMessage(rule.message, origin.description, demotion)
        : localMessage(rule.message, origin.description, demotion),
    file: file.path,
    range: raw.sink,
    flow,
    source: "embedded",
    fingerprint: "",
    helpUri: ruleById(rule.id)?.helpUri ?? codeqlHelpUri(rule.id),
    reporters: [{ tool: "taint", ruleId: rule.id }],
  };
}

function checkFinding(file: SourceFile, check: CheckFinding): Finding {
  const rule = ruleInfo(check.rule);
  return {
    ruleId: rule.id,
    cwes: rule.cwes,
    severity: check.severity ?? rule.severity,
    securitySeverity: rule.securitySeverity,
    message: check.message,
    file: file.path,
    range: check.range,
    source: "embedded",
    fingerprint: "",
    helpUri: ruleById(rule.id)?.helpUri ?? codeqlHelpUri(rule.id),
    reporters: [{ tool: "taint", ruleId: rule.id }],
  };
}
