import type { SeclspConfig } from "../config/schema.js";
import type { Analyzer, ThreatModel } from "./analyzer.js";
import { BanditAnalyzer } from "./bandit/bandit-analyzer.js";
import { CodeqlAnalyzer } from "./codeql/codeql-analyzer.js";
import { EmbeddedAnalyzer } from "./embedded/embedded-analyzer.js";
import type { CrossFileSettings } from "./embedded/taint/cross-file/provider-registry.js";
import type { FindingSource } from "./finding.js";

/** Where and for whom the analyzers are built (the settings themselves come from the config). */
export interface AnalyzerContext {
  /** Environment for PATH lookup and the CLI processes (tests point PATH and fault modes here). */
  env?: NodeJS.ProcessEnv;
  /** Parent of the CLIs' work folders. Default: `work/` in the user's cache dir. */
  workDir?: string;
  /** Overrides `config.threatModel` (`seclsp check --threat-model`, a corpus file's own model). */
  threatModel?: ThreatModel;
  /** Build only these backends (default: every backend the config enables). */
  only?: readonly FindingSource[];
  /**
   * The caller asked for the listed backends explicitly (the bench): `mode: "auto"` counts as
   * `"on"`, so a missing CLI is reported as an error instead of being skipped quietly.
   */
  required?: boolean;
  /** Embedded: summaries of functions imported from other modules under these roots. */
  crossFile?: CrossFileSettings;
  /** Embedded: every file is analyzed once (`seclsp check`): nothing is kept for later edits. */
  oneShot?: boolean;
}

/** The backends one caller uses, by name; absent = turned off. */
export interface Analyzers {
  embedded?: EmbeddedAnalyzer;
  codeql?: CodeqlAnalyzer;
  bandit?: BanditAnalyzer;
  /** The built analyzers in a fixed order: embedded, codeql, bandit. */
  all: Analyzer[];
}

/** What `createAnalyzer(name, ...)` returns for each backend name. */
export interface AnalyzerByName {
  embedded: EmbeddedAnalyzer;
  codeql: CodeqlAnalyzer;
  bandit: BanditAnalyzer;
}

/**
 * The one place analyzers are built from settings: the server, `seclsp check`, the workspace
 * scan, the bench and the perf scripts all come here, so a setting means the same everywhere.
 * `mode: "off"` (or `embedded.enabled: false`) leaves a backend out; `auto` and `on` build it —
 * whether its CLI is there is the analyzer's own `available()` answer.
 */
export function createAnalyzers(config: SeclspConfig, context: AnalyzerContext = {}): Analyzers {
  const analyzers: Analyzers = { all: [] };
  for (const name of BACKENDS) {
    if (context.only !== undefined && !context.only.includes(name)) continue;
    if (!context.required && !enabled(config, name)) continue;
    const analyzer = createAnalyzer(name, config, context);
    // The switch keeps each property typed by its name.
    switch (analyzer.name) {
      case "embedded":
        analyzers.embedded = analyzer;
        break;
      case "codeql":
        analyzers.codeql = analyzer;
        break;
      case "bandit":
        analyzers.bandit = analyzer;
        break;
    }
    analyzers.all.push(analyzer);
  }
  return analyzers;
}

/**
 * One backend built from the settings whatever its mode (an "off" one answers `available()` with
 * why): for call sites that own exactly one backend (the editor's on-save features).
 */
export function createAnalyzer<N extends FindingSource>(
  name: N,
  config: SeclspConfig,
  context?: AnalyzerContext,
): AnalyzerByName[N];
export function createAnalyzer(
  name: FindingSource,
  config: SeclspConfig,
  context: AnalyzerContext = {},
): AnalyzerByName[FindingSource] {
  const processOptions = {
    ...(context.env !== undefined ? { env: context.env } : {}),
    ...(context.workDir !== undefined ? { workDir: context.workDir } : {}),
  };
  switch (name) {
    case "embedded":
      return new EmbeddedAnalyzer({
        threatModel: context.threatModel ?? config.threatModel,
        ignoreRules: config.embedded.ignoreRules,
        models: config.models,
        ...(context.crossFile ? { crossFile: context.crossFile } : {}),
        ...(context.oneShot ? { oneShot: true } : {}),
      });
    case "codeql":
      return new CodeqlAnalyzer(
        { ...config.codeql, mode: context.required ? "on" : config.codeql.mode },
        processOptions,
      );
    case "bandit":
      return new BanditAnalyzer(
        { ...config.bandit, mode: context.required ? "on" : config.bandit.mode },
        processOptions,
      );
  }
}

const BACKENDS: readonly FindingSource[] = ["embedded", "codeql", "bandit"];

/** The config turns this backend on (`auto` included: it runs when its CLI is found). */
export function enabled(config: SeclspConfig, name: FindingSource): boolean {
  switch (name) {
    case "embedded":
      return config.embedded.enabled;
    case "codeql":
      return config.codeql.mode !== "off";
    case "bandit":
      return config.bandit.mode !== "off";
  }
}
