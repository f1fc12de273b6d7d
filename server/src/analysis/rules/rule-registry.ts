import { CODEQL_PROBLEMS } from "./codeql-problems.js";
import { EXPERIMENTAL_PROBLEMS } from "./experimental-problems.js";
import { NOTE_RULES } from "./note-rules.js";
import { PATTERN_CHECKS, type PatternCheckRow } from "./pattern-checks.js";
import {
  banditHelpUri,
  codeqlHelpUri,
  type ProblemRule,
  type ReporterTool,
  type RuleAlias,
  ruffHelpUri,
} from "./problem-rule.js";

/**
 * The one rule registry: every problem seclsp can report, with the names each tool gives it.
 * The ruff and Bandit mappers, the taint catalog, merge, suppression, SARIF export, the docs table
 * and the bench read it; nothing else keeps a rule table.
 */
const cwe = (n: number): string => `CWE-${n}`;

interface MutableRule extends Omit<ProblemRule, "aliases"> {
  aliases: RuleAlias[];
}

function build(): Map<string, MutableRule> {
  const rules = new Map<string, MutableRule>();
  for (const row of [...CODEQL_PROBLEMS, ...EXPERIMENTAL_PROBLEMS]) {
    const rule: MutableRule = {
      id: row.id,
      name: row.name,
      cwes: [...row.cwes, ...(row.extraCwes?.cwes ?? [])].map(cwe),
      severity: row.severity,
      securitySeverity: row.securitySeverity,
      helpUri: codeqlHelpUri(row.id),
      aliases: [{ tool: "codeql", code: row.id }],
    };
    if (row.taint) rule.aliases.push({ tool: "taint", code: row.id });
    rules.set(row.id, rule);
  }
  for (const row of PATTERN_CHECKS) addPatternCheck(rules, row);
  for (const note of NOTE_RULES) rules.set(note.id, { ...note, aliases: [...note.aliases] });
  return rules;
}

function addPatternCheck(rules: Map<string, MutableRule>, row: PatternCheckRow): void {
  const aliases: RuleAlias[] = [];
  const own = { title: row.title, slug: row.slug, help: row.help };
  if (row.ruff) aliases.push({ tool: "ruff", code: row.ruff, ...own });
  if (row.bandit) aliases.push({ tool: "bandit", code: row.bandit, ...own });
  if (row.problem) {
    const target = rules.get(row.problem);
    if (!target) throw new Error(`pattern check ${row.slug} names unknown CodeQL query ${row.problem}`);
    target.aliases.push(...aliases);
    return;
  }
  if (!row.cwes || !row.severity) throw new Error(`pattern check ${row.slug} needs cwes and severity`);
  const id = row.ruff ? `ruff/${row.ruff}` : `bandit/${row.bandit}`;
  const rule: MutableRule = {
    id,
    name: row.title,
    cwes: row.cwes.map(cwe),
    severity: row.severity,
    helpUri: row.ruff ? ruffHelpUri(row.slug) : banditHelpUri(row.bandit!),
    aliases,
  };
  if (row.twin) rule.taintTwin = row.twin;
  rules.set(id, rule);
}

const RULES: ReadonlyMap<string, ProblemRule> = build();

const aliasKey = (tool: ReporterTool, code: string): string => `${tool}\0${code.toLowerCase()}`;

const BY_ALIAS: ReadonlyMap<string, ProblemRule> = new Map(
  [...RULES.values()].flatMap((rule) => rule.aliases.map((a) => [aliasKey(a.tool, a.code), rule] as const)),
);

export function allRules(): readonly ProblemRule[] {
  return [...RULES.values()];
}

export function ruleById(id: string): ProblemRule | undefined {
  return RULES.get(id);
}

/** The problem a tool's code stands for: `ruleForAlias("bandit", "B608")` → ruff/S608's problem. */
export function ruleForAlias(tool: ReporterTool, code: string): ProblemRule | undefined {
  return BY_ALIAS.get(aliasKey(tool, code));
}

/** Every tool's name for a problem (empty for an id the registry does not know). */
export function aliasesOf(id: string): readonly RuleAlias[] {
  return RULES.get(id)?.aliases ?? [];
}

/** Tools that can report a problem. */
export function reportersOf(rule: ProblemRule): Set<ReporterTool> {
  return new Set(rule.aliases.map((a) => a.tool));
}
