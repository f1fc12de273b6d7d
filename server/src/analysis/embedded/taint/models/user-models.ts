import { normalizeCwe } from "../../../cwe.js";
import type { CallInfo } from "../call-info.js";
import { allTaintRules, ruleInfo, SinkKind } from "../rule-catalog.js";
import type { PyNode } from "../syntax-tree.js";
import type { SinkUse } from "./sinks.js";
import type { SourceMatch } from "./sources.js";

/**
 * Models the user declares in the `models` setting (like CodeQL's models-as-data): functions by
 * qualified name, resolved through the file's imports like the built-in models. A function
 * defined in the analyzed file also matches by its name (`clean_html`, `Cleaner.clean`), since
 * the engine does not know the file's module name.
 */
export interface UserModels {
  sources?: Array<{ function: string; kind?: "remote" | "local"; description?: string }>;
  sinks?: Array<{ function: string; argument?: number | "any"; rule: string }>;
  sanitizers?: Array<{ function: string; rules?: string[] }>;
}

/** Rule ids a `rule` entry names: itself (a data-flow rule id) or every data-flow rule of a CWE. */
export function flowRulesFor(rule: string): string[] {
  const cwe = /^cwe-?\d+$/i.test(rule) ? normalizeCwe(rule) : undefined;
  return allTaintRules()
    .filter((r) => r.kind !== undefined && (cwe ? r.cwes.includes(cwe) : r.id === rule))
    .map((r) => r.id);
}

export class CompiledUserModels {
  /** Identity of the models, part of every cache key that depends on them. */
  readonly key: string;
  private readonly sources = new Map<string, SourceMatch>();
  private readonly sinks = new Map<string, Array<{ argument: number | "any"; rules: string[] }>>();
  private readonly sanitizers = new Map<string, number>();

  constructor(models: UserModels) {
    this.key = JSON.stringify(models);
    for (const s of models.sources ?? []) {
      this.sources.set(s.function, {
        kind: s.kind ?? "remote",
        description: s.description ?? `value returned by ${lastName(s.function)}()`,
      });
    }
    for (const s of models.sinks ?? []) {
      const list = this.sinks.get(s.function) ?? [];
      list.push({ argument: s.argument ?? "any", rules: flowRulesFor(s.rule) });
      this.sinks.set(s.function, list);
    }
    for (const s of models.sanitizers ?? []) {
      const rules = s.rules?.flatMap(flowRulesFor);
      let kinds = 0;
      if (!rules) for (const value of Object.values(SinkKind)) kinds |= value;
      else for (const rule of rules) kinds |= SinkKind[ruleInfo(rule).kind!];
      this.sanitizers.set(s.function, (this.sanitizers.get(s.function) ?? 0) | kinds);
    }
  }

  get empty(): boolean {
    return this.sources.size + this.sinks.size + this.sanitizers.size === 0;
  }

  source(call: CallInfo, localKey: string | undefined): SourceMatch | undefined {
    return lookup(this.sources, call, localKey);
  }

  /** The sink kinds a sanitizer clears (0 when the call is not one). */
  sanitizedKinds(call: CallInfo, localKey: string | undefined): number {
    return lookup(this.sanitizers, call, localKey) ?? 0;
  }

  sinkUses(call: CallInfo, localKey: string | undefined): SinkUse[] {
    const entries = lookup(this.sinks, call, localKey) ?? [];
    const uses: SinkUse[] = [];
    for (const entry of entries) {
      const nodes: PyNode[] =
        entry.argument === "any"
          ? [...call.args, ...call.kwargs.values()]
          : call.args[entry.argument]
            ? [call.args[entry.argument]!]
            : [];
      for (const rule of entry.rules) for (const node of nodes) uses.push({ rule, node });
    }
    return uses;
  }
}

function lastName(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

/** By qualified name, or a function of this file by its key (`clean_html`, `Cleaner.clean`). */
function lookup<T>(map: ReadonlyMap<string, T>, call: CallInfo, localKey: string | undefined): T | undefined {
  if (map.size === 0) return undefined;
  if (call.qualified !== undefined) {
    const hit = map.get(call.qualified);
    if (hit !== undefined) return hit;
  }
  if (localKey === undefined) return undefined;
  for (const [name, value] of map) if (name === localKey || name.endsWith(`.${localKey}`)) return value;
  return undefined;
}
