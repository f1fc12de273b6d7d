import type { Range } from "../../../finding.js";
import type { FunctionSummary } from "../flow-context.js";
import { Flag, type Label } from "../taint-value.js";

/** A function of another workspace module, with its summary in that module's terms. */
export interface ExternalFunction {
  /** `<real path>::<name>`: never equal to a key of the importing file. */
  key: string;
  name: string;
  path: string;
  params: ReadonlyArray<{ name: string }>;
  summary: FunctionSummary;
}

/** What the engine asks while analyzing one file (see summary-provider.ts). */
export interface CrossFileLookup {
  /** The function a dotted callee (`["u", "clean"]`) names through the file's imports, if summarized. */
  lookup(dotted: readonly string[]): ExternalFunction | undefined;
  /** Cheap: the callee names an import that resolves to a workspace module (no summary made). */
  resolvable(dotted: readonly string[]): boolean;
}

/**
 * A module's summary exported for other files: its steps name the module's file, its parameter
 * origins the namespaced key, and each parameter sink ends with a step at the sink in the module
 * (the importing file reports at its call).
 */
export function exportSummary(
  path: string,
  functionKey: string,
  key: string,
  summary: FunctionSummary,
): FunctionSummary {
  const relabel = (label: Label, extra?: Label["steps"][number]): Label => ({
    ...label,
    origin:
      label.origin.kind === "parameter" && label.origin.functionKey === functionKey
        ? { ...label.origin, functionKey: key }
        : label.origin,
    steps: [...label.steps.map((s) => (s.file === "" ? { ...s, file: path } : s)), ...(extra ? [extra] : [])],
  });
  return {
    // As for sinks below: a base directory or template the module put around the caller's value
    // is the module's composition, not the caller's (parameter-findings.ts reads `composed`).
    returns: summary.returns.map((l) => ({ ...relabel(l), flags: l.flags & ~Flag.composed })),
    paramSinks: summary.paramSinks.map((ps) => ({
      ...ps,
      // Only the flags: the sink use holds a syntax node, which would keep the module's tree alive.
      use: {
        ...(ps.use.requireFlags !== undefined ? { requireFlags: ps.use.requireFlags } : {}),
        ...(ps.use.ignoreFlags !== undefined ? { ignoreFlags: ps.use.ignoreFlags } : {}),
      },
      // `composed` says the function placed the parameter under its own data; that was the
      // module's function, not the caller (parameter-findings.ts keeps such flows' severity).
      label: {
        ...relabel(ps.label, { file: path, range: ps.sink, message: `sink: ${ps.sinkText}` }),
        flags: ps.label.flags & ~Flag.composed,
      },
    })),
  };
}

/**
 * The summary as seen from one call in the importing file: sources the function returns start
 * at the call (with a step at the source in the module), and sinks are reported at the call.
 */
export function summaryAtCall(fn: ExternalFunction, call: Range, callText: string): FunctionSummary {
  const own = (label: Label) => label.origin.kind === "parameter" && label.origin.functionKey === fn.key;
  return {
    returns: fn.summary.returns.map((label) =>
      own(label)
        ? label
        : {
            ...label,
            origin: {
              kind: label.origin.kind,
              description: `${label.origin.description} (returned by ${fn.name}())`,
              range: call,
            },
            steps: [
              { file: fn.path, range: label.origin.range, message: `source: ${label.origin.description}` },
              ...label.steps,
            ],
          },
    ),
    paramSinks: fn.summary.paramSinks.map((ps) => ({
      ...ps,
      sink: call,
      sinkText: `${callText} → ${ps.sinkText}`,
    })),
  };
}
