import { realpathSync } from "node:fs";
import { pythonParserIfReady } from "../../../../python/parser.js";
import type { ThreatModel } from "../../../analyzer.js";
import { analyzeFlows } from "../file-analysis.js";
import type { CompiledUserModels } from "../models/user-models.js";
import { field, namedChildren, type PyNode, type SyntaxTree, textOf, toSyntaxTree } from "../syntax-tree.js";
import { TimeBudget } from "../time-budget.js";
import { type CrossFileLookup, type ExternalFunction, exportSummary } from "./external-function.js";
import { type ImportBinding, importBindings, importedFunction } from "./module-bindings.js";
import { diskReader, type ModuleReader, OverlayReader } from "./module-reader.js";
import { DEFAULT_MAX_MODULE_BYTES, ModuleResolver, type ResolverOptions } from "./module-resolver.js";

export interface CrossFileOptions extends ResolverOptions {
  /** Reads modules (default: the disk, with open documents overlaid through `overlay`). */
  reader?: ModuleReader;
  /** Import hops followed from the analyzed file (a module at the last hop is summarized alone). */
  maxDepth?: number;
  /**
   * Distinct modules one file (or module) may use summaries of; calls into more stay unknown.
   * Per file, not per run, so that a file's result never depends on what was analyzed before.
   */
  maxModules?: number;
  /** Time budget of one module's summary; a module that runs out gets none. */
  moduleBudgetMs?: number;
  /** Module summaries kept (LRU). */
  cacheEntries?: number;
}

/**
 * What is known of one module at one depth, valid while its text and its dependencies' texts are
 * unchanged. Functions are summarized on demand (with what they call): a file calling
 * `os.fspath` does not pay for the rest of os.py.
 */
interface ModuleEntry {
  hash: string;
  /** False when the module could not be parsed: no summaries. */
  parsed: boolean;
  bindings: Map<string, ImportBinding>;
  /** Top-level function names defined in the module. */
  defined: Set<string>;
  /** Summarized so far; undefined = tried, none (out of time). */
  functions: Map<string, ExternalFunction | undefined>;
  /** (real path, hash) of every module whose summaries this one used, transitively. */
  deps: Map<string, string>;
}

/** Parsed modules kept for the next function asked of them (syntax trees are large: few). */
const SYNTAX_CACHE = 4;
/** Module outlines kept (small: imports and function names). */
const OUTLINES = 4_096;

/**
 * Summaries of the functions of other workspace modules, computed by the same engine that
 * analyzes a file (so a sanitizer, source or sink wrapper imported from `app/util.py` acts as
 * if it were defined in the importing file). A module's summary is a pure function of its text,
 * the texts of the modules it imports (to `maxDepth` hops) and the settings — so results do not
 * depend on the order files are analyzed in, whatever worker or cache served them. Import cycles
 * end at the depth bound: the last hop is summarized without its imports (an unknown call, as
 * without this feature). Missing, unreadable, oversized, non-UTF-8 or unparsable modules give
 * no summary, and so does a module whose analysis ran out of time.
 */
export class SummaryProvider {
  readonly resolver: ModuleResolver;
  private readonly overlays: OverlayReader;
  readonly read: ModuleReader;
  private readonly maxDepth: number;
  readonly maxModules: number;
  private readonly moduleBudgetMs: number;
  private readonly cacheEntries: number;
  private readonly cache = new Map<string, ModuleEntry>();
  /**
   * Summaries whose analysis resolved no import at all: the same at every depth, so computed once
   * (most helpers), by (path, settings), valid while the module's hash is unchanged.
   */
  private readonly anyDepth = new Map<string, { hash: string; functions: Map<string, ExternalFunction> }>();
  /** Modules summarized since creation (observability for tests and benchmarks). */
  summarized = 0;

  constructor(options: CrossFileOptions = {}) {
    this.resolver = new ModuleResolver(options);
    this.overlays = new OverlayReader(
      options.reader ?? diskReader(options.maxFileBytes ?? DEFAULT_MAX_MODULE_BYTES),
    );
    this.read = this.overlays.read;
    this.maxDepth = options.maxDepth ?? 3;
    this.maxModules = options.maxModules ?? 32;
    this.moduleBudgetMs = options.moduleBudgetMs ?? 1_000;
    this.cacheEntries = options.cacheEntries ?? 256;
  }

  /** The lookup for analyzing `path` (its own text is `text`; it is not read again). */
  scopeFor(
    path: string,
    bindings: Map<string, ImportBinding>,
    threatModel: ThreatModel,
    models: CompiledUserModels | undefined,
    budget?: TimeBudget,
  ): CrossFileScope | undefined {
    if (this.maxDepth <= 0 || bindings.size === 0) return undefined;
    return new CrossFileScope(this, path, this.maxDepth - 1, bindings, threatModel, models, budget);
  }

  /** Unsaved text of an open document (undefined: closed, read from disk again). */
  overlay(path: string, text: string | undefined): void {
    // A changed buffer may be a module that now exists or imports differently: resolve afresh.
    if (this.overlays.set(realOrSelf(path), text)) this.resolver.forgetResolutions();
  }

  /** Whether `deps` (from a scope's `used`) still hold the same texts. */
  unchanged(deps: ReadonlyMap<string, string>): boolean {
    for (const [path, hash] of deps) if (this.read(path)?.hash !== hash) return false;
    return true;
  }

  /**
   * The module at `path` as seen with `depth` more hops of imports, with `name` summarized when
   * it is one of its top-level functions.
   */
  summarize(
    path: string,
    depth: number,
    name: string,
    threatModel: ThreatModel,
    models: CompiledUserModels | undefined,
  ): ModuleEntry | undefined {
    const source = this.read(path);
    if (!source) return undefined;
    const key = `${path}\0${depth}\0${threatModel}\0${models?.key ?? ""}`;
    let entry = this.cache.get(key);
    if (entry && (entry.hash !== source.hash || !this.unchanged(entry.deps))) entry = undefined;
    // Most calls into other modules construct classes: a module that neither defines nor imports
    // the name is not parsed for it (the caller still depends on its text).
    if (!entry && !mentions(source.text, name))
      return {
        hash: source.hash,
        parsed: true,
        bindings: new Map(),
        defined: new Set(),
        functions: new Map(),
        deps: new Map(),
      };
    if (!entry) {
      const outline = this.outlineOf(path, source.text, source.hash);
      entry = { hash: source.hash, ...outline, functions: new Map(), deps: new Map() };
    }
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > this.cacheEntries) this.cache.delete(this.cache.keys().next().value!);
    if (entry.parsed && entry.defined.has(name) && !entry.functions.has(name)) {
      const settingsKey = `${path}\0${threatModel}\0${models?.key ?? ""}`;
      const shared = this.anyDepth.get(settingsKey);
      const known = shared?.hash === source.hash ? shared.functions.get(name) : undefined;
      if (known) entry.functions.set(name, known);
      else this.summarizeFunction(path, source.text, depth, name, entry, threatModel, models, settingsKey);
    }
    return entry;
  }

  /** Analyze `name` (and what it calls) in the module; record every complete summary. */
  private summarizeFunction(
    path: string,
    text: string,
    depth: number,
    name: string,
    entry: ModuleEntry,
    threatModel: ThreatModel,
    models: CompiledUserModels | undefined,
    settingsKey: string,
  ): void {
    entry.functions.set(name, undefined);
    const syntax = this.syntaxOf(path, text, entry.hash);
    if (!syntax) return;
    this.summarized++;
    const budget = new TimeBudget(this.moduleBudgetMs);
    // At depth 0 the scope only notes whether an import would resolve (it summarizes nothing).
    const scope = new CrossFileScope(this, path, depth - 1, entry.bindings, threatModel, models, budget);
    try {
      const result = analyzeFlows(syntax, threatModel, undefined, budget, models, scope, new Set([name]));
      for (const [p, h] of scope.used) entry.deps.set(p, h);
      // A partial analysis could make a sink wrapper look harmless: no summary at all.
      if (result.incomplete || result.skipped) return;
      let shared = this.anyDepth.get(settingsKey);
      if (!scope.resolvedAny && shared?.hash !== entry.hash) {
        shared = { hash: entry.hash, functions: new Map() };
        this.anyDepth.set(settingsKey, shared);
        while (this.anyDepth.size > this.cacheEntries)
          this.anyDepth.delete(this.anyDepth.keys().next().value!);
      }
      for (const [fnKey, summary] of result.summaries) {
        // Methods and nested functions are not importable by name.
        const info = result.functions.get(fnKey);
        if (fnKey.includes(".") || !info || entry.functions.get(fnKey)) continue;
        const key = `${path}::${fnKey}`;
        const exported: ExternalFunction = {
          key,
          name: fnKey,
          path,
          params: info.params.map((p) => ({ name: p.name })),
          summary: exportSummary(path, fnKey, key, summary),
        };
        entry.functions.set(fnKey, exported);
        if (!scope.resolvedAny) shared?.functions.set(fnKey, exported);
      }
    } catch {
      // An engine failure on a module must not fail the importing file (its calls stay unknown).
    }
  }

  private readonly syntaxCache = new Map<string, SyntaxTree | undefined>();
  /** Imports and function names per (path, hash): a module asked at another depth is not parsed again. */
  private readonly outlines = new Map<string, Pick<ModuleEntry, "parsed" | "bindings" | "defined">>();

  private outlineOf(
    path: string,
    text: string,
    hash: string,
  ): Pick<ModuleEntry, "parsed" | "bindings" | "defined"> {
    const key = `${path}\0${hash}`;
    let outline = this.outlines.get(key);
    if (!outline) {
      const syntax = this.syntaxOf(path, text, hash);
      outline = {
        parsed: syntax !== undefined,
        bindings: syntax ? importBindings(syntax) : new Map(),
        defined: new Set(syntax ? topLevelFunctions(syntax) : []),
      };
      this.outlines.set(key, outline);
      while (this.outlines.size > OUTLINES) this.outlines.delete(this.outlines.keys().next().value!);
    }
    return outline;
  }

  /** The module's syntax tree; undefined when it does not parse (its calls stay unknown). */
  private syntaxOf(path: string, text: string, hash: string): SyntaxTree | undefined {
    const key = `${path}\0${hash}`;
    if (this.syntaxCache.has(key)) {
      const syntax = this.syntaxCache.get(key);
      this.syntaxCache.delete(key);
      this.syntaxCache.set(key, syntax);
      return syntax;
    }
    const parser = pythonParserIfReady();
    const tree = parser?.parse(text);
    if (!tree) return undefined;
    let syntax: SyntaxTree | undefined;
    try {
      syntax = tree.rootNode.hasError ? undefined : toSyntaxTree(tree, text);
    } finally {
      tree.delete();
    }
    this.syntaxCache.set(key, syntax);
    while (this.syntaxCache.size > SYNTAX_CACHE)
      this.syntaxCache.delete(this.syntaxCache.keys().next().value!);
    return syntax;
  }
}

/** Whether a module's text may define or import `name` (a cheap test before parsing it). */
function mentions(text: string, name: string): boolean {
  if (!/^\w+$/.test(name)) return false;
  // `def name(`, an import naming it, or a line of a parenthesized import list.
  const pattern = `\\bdef\\s+${name}\\s*\\(|\\bimport\\b[^\\n]*\\b${name}\\b|^[\\w \\t,]*\\b${name}\\b[\\w \\t,()]*$`;
  return new RegExp(pattern, "m").test(text);
}

/** Names of the functions defined at the top level (also inside module-level if/try blocks). */
function topLevelFunctions(syntax: SyntaxTree): string[] {
  const names: string[] = [];
  const visit = (node: PyNode): void => {
    for (const child of namedChildren(node)) {
      const definition =
        child.type === "decorated_definition" ? (field(child, "definition") ?? child) : child;
      if (definition.type === "function_definition") {
        const name = field(definition, "name");
        if (name) names.push(textOf(syntax, name));
      } else if (TOP_LEVEL_BLOCKS.has(definition.type)) visit(definition);
    }
  };
  visit(syntax.root);
  return names;
}

const TOP_LEVEL_BLOCKS = new Set([
  "if_statement",
  "elif_clause",
  "else_clause",
  "try_statement",
  "except_clause",
  "finally_clause",
  "with_statement",
  "block",
]);

/** The cross-file lookup of one analysis (of a file, or of a module being summarized). */
export class CrossFileScope implements CrossFileLookup {
  /** (real path, hash) of the modules whose summaries were used, transitively. */
  readonly used = new Map<string, string>();
  private readonly memo = new Map<string, ExternalFunction | undefined>();
  /** Modules this scope resolved calls into (bounded by `maxModules`). */
  private readonly modules = new Set<string>();
  /** Some call resolved to a workspace module (whether or not it could be summarized). */
  resolvedAny = false;

  constructor(
    private readonly provider: SummaryProvider,
    private readonly path: string,
    private readonly depth: number,
    private readonly bindings: Map<string, ImportBinding>,
    private readonly threatModel: ThreatModel,
    private readonly models: CompiledUserModels | undefined,
    /** The budget of the analysis this scope serves: summaries computed for it do not count. */
    private readonly budget: TimeBudget | undefined,
  ) {}

  private realPath: string | undefined;

  /** This file's real path, read once (a call-site check must not cost a syscall). */
  private ownRealPath(): string {
    this.realPath ??= realOrSelf(this.path);
    return this.realPath;
  }

  resolvable(dotted: readonly string[]): boolean {
    const memoKey = dotted.join(".");
    if (this.memo.has(memoKey)) return this.memo.get(memoKey) !== undefined;
    const target = importedFunction(this.bindings, dotted);
    if (!target) return false;
    const modulePath = this.provider.resolver.resolve(this.path, target);
    return modulePath !== undefined && modulePath !== this.ownRealPath();
  }

  lookup(dotted: readonly string[]): ExternalFunction | undefined {
    const memoKey = dotted.join(".");
    if (this.memo.has(memoKey)) return this.memo.get(memoKey);
    const found = this.find(dotted);
    this.memo.set(memoKey, found);
    return found;
  }

  private find(dotted: readonly string[]): ExternalFunction | undefined {
    const target = importedFunction(this.bindings, dotted);
    if (!target) return undefined;
    const modulePath = this.provider.resolver.resolve(this.path, target);
    if (!modulePath || modulePath === this.ownRealPath()) return undefined;
    this.resolvedAny = true;
    if (this.depth < 0) return undefined;
    if (!this.modules.has(modulePath) && this.modules.size >= this.provider.maxModules) return undefined;
    this.modules.add(modulePath);
    const started = performance.now();
    const module = this.provider.summarize(
      modulePath,
      this.depth,
      target.name,
      this.threatModel,
      this.models,
    );
    this.budget?.extend(performance.now() - started);
    if (!module) return undefined;
    this.used.set(modulePath, module.hash);
    for (const [p, h] of module.deps) this.used.set(p, h);
    if (module.defined.has(target.name)) return module.functions.get(target.name);
    if (this.depth <= 0 || !module.bindings.has(target.name)) return undefined;
    // Re-exported (`from .util import clean` in a package's __init__): one more hop.
    const inner = new CrossFileScope(
      this.provider,
      modulePath,
      this.depth - 1,
      module.bindings,
      this.threatModel,
      this.models,
      this.budget,
    );
    const reexported = inner.lookup([target.name]);
    for (const [p, h] of inner.used) this.used.set(p, h);
    return reexported;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
