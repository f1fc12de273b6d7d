import type { Severity } from "../../finding.js";
import type { RawFinding } from "./flow-context.js";
import type { FunctionInfo } from "./function-catalog.js";
import { LIBRARY_FLAW_RULES } from "./models/library-flaw-rules.js";
import type { SinkContext } from "./sink-context.js";
import { field, namedChildren, type SyntaxTree, stringValue, textOf } from "./syntax-tree.js";
import { Flag } from "./taint-value.js";

/**
 * Severity policy of findings whose only source is a function parameter (the `library` threat
 * model). Such a flow is a flaw only if callers pass untrusted data, and most library functions
 * exist to hand their argument to a sink (`def load(path): return open(path)` — opening the path
 * is the contract). They keep the rule's severity only when the function looks like an API that
 * confines its input: public, outside test code, and the parameter is embedded into the
 * function's own data (a base directory, a query or command around it) on the way to the sink.
 * Everything else is reported as a note, so `--fail-on warning` keeps failing on the first kind.
 */

/** Why a parameter- or local-source finding is demoted, for the message; undefined when it is not. */
export type Demotion = "private" | "test" | "passthrough" | "returned" | "metadata" | "elsewhere";

/**
 * `test_x.py`, `x_test.py`, `conftest.py`, or a file directly in a `test/` or `tests/` folder.
 * Only the parent folder counts: paths are absolute, and a project checked out under
 * `~/tests/` is not test code.
 */
export function isTestFile(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? "";
  if (/^test_.*\.py$|_test\.py$|^conftest\.py$/.test(base)) return true;
  const parent = parts[parts.length - 2];
  return parent === "test" || parent === "tests";
}

function privateName(name: string): boolean {
  return name.startsWith("_") && !/^__\w+__$/.test(name);
}

/**
 * Keys of the functions callers outside the module can reach: module-level functions and methods
 * of module-level classes, none of them `_private` (dunder methods are public).
 */
export function publicFunctionKeys(
  functions: Iterable<FunctionInfo>,
  exported: ReadonlySet<string> | undefined,
): Set<string> {
  const keys = new Set<string>();
  for (const fn of functions) {
    if (privateName(fn.name)) continue;
    const topLevel = fn.className
      ? fn.key === `${fn.className}.${fn.name}` && !privateName(fn.className)
      : fn.key === fn.name;
    // A module with `__all__` says which names are its API.
    if (topLevel && (!exported || exported.has(fn.className ?? fn.name))) keys.add(fn.key);
  }
  return keys;
}

/** The names in a module-level `__all__ = [...]` / `(...)`, or undefined without one. */
export function exportedNames(tree: SyntaxTree): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const stmt of namedChildren(tree.root)) {
    const assignment = stmt.type === "expression_statement" ? namedChildren(stmt)[0] : undefined;
    if (assignment?.type !== "assignment") continue;
    const left = field(assignment, "left");
    const right = field(assignment, "right");
    if (!left || !right || textOf(tree, left) !== "__all__") continue;
    if (right.type !== "list" && right.type !== "tuple") return undefined;
    names = new Set();
    for (const item of namedChildren(right)) {
      const value = stringValue(tree, item);
      if (value === undefined) return undefined;
      names.add(value);
    }
  }
  return names;
}

/**
 * Rules whose sink is unsafe for any untrusted value however it was built, or that exist to flag
 * what a caller hands over (a caller-chosen hash, a returned URL): passing the parameter on
 * unchanged is the flaw there, so only the private/test demotions apply.
 */
const PASSTHROUGH_IS_THE_FLAW = new Set([
  "py/unsafe-deserialization",
  "py/xxe",
  "py/xml-bomb",
  ...LIBRARY_FLAW_RULES.map((rule) => rule.id),
]);

/**
 * The demotion of a raw finding, or undefined when it keeps its rule's severity. Local sources
 * (command line, environment, stdin, files) passed to a sink unchanged are the program's contract
 * with whoever runs it (`open(sys.argv[1])`), so they are notes too; embedded, they stay.
 */
export function flowDemotion(
  raw: RawFinding,
  publicFunctions: ReadonlySet<string>,
  testFile: boolean,
  sink?: SinkContext,
): Demotion | undefined {
  const origin = raw.label.origin;
  const passedOn = (raw.label.flags & Flag.composed) === 0 && !PASSTHROUGH_IS_THE_FLAW.has(raw.rule);
  if (origin.kind === "local") return passedOn ? "passthrough" : undefined;
  if (origin.kind !== "parameter") return undefined;
  if (testFile) return "test";
  if (sinkInAnotherModule(raw)) return "elsewhere";
  if (!origin.functionKey || !publicFunctions.has(origin.functionKey)) return "private";
  if (sink?.returned && RETURNED_IS_NOT_THE_USE.has(raw.rule)) return "returned";
  if (raw.rule === "py/path-injection" && sink?.callee && METADATA_ONLY.has(sink.callee)) return "metadata";
  return passedOn ? "passthrough" : undefined;
}

/**
 * The sink is inside a function of another workspace module (a cross-file summary's last step
 * names that module's file): with a parameter source, that module's own analysis reports the
 * flow where the sink is, for every caller; reporting it again at each caller's parameter would
 * multiply one flaw by its callers. Remote and local sources are not demoted: they enter here.
 */
function sinkInAnotherModule(raw: RawFinding): boolean {
  const last = raw.label.steps[raw.label.steps.length - 1];
  return last !== undefined && last.file !== "" && last.message.startsWith("sink: ");
}

/**
 * A path or HTML string built from a parameter and returned is used by the caller, which knows
 * where the parameter came from (`find_library(name)` returns a path; `cgitb.strong(text)`
 * wraps text in a tag): the access or the response happens there, so here it is a note.
 */
const RETURNED_IS_NOT_THE_USE = new Set(["py/path-injection", "py/reflective-xss"]);

/**
 * Path sinks that read only metadata or names (size, mode, listing), never contents: with a
 * parameter source they disclose at most whether something exists, so they are notes.
 */
const METADATA_ONLY = new Set([
  "os.stat",
  "os.lstat",
  "os.path.getsize",
  "os.path.getmtime",
  "os.path.exists",
  "os.path.isfile",
  "os.path.isdir",
  "os.listdir",
  "os.scandir",
  "os.walk",
]);

export function demotedSeverity(severity: Severity, demotion: Demotion | undefined): Severity {
  return demotion ? "note" : severity;
}

/** How a public function's passthrough demotion reads in the message (merge.ts looks for it). */
export const PASSTHROUGH_REASON = "(passed to the sink unchanged: the caller chooses it)";

/** The parameter's name from the origin description ("value from parameter 'x'"). */
function parameterName(description: string): string | undefined {
  return /parameter '([^']+)'/.exec(description)?.[1];
}

/**
 * "This path depends on a $@." → "This path depends on parameter `name`; a flaw if callers pass
 * untrusted data." The link keeps pointing at the parameter (the flow's first step).
 */
export function parameterMessage(
  template: string,
  description: string,
  demotion: Demotion | undefined,
): string {
  const name = parameterName(description) ?? "?";
  const linked = template
    .replace(/\b(a|an) \$@/, "$@")
    .replace("$@", `[parameter \`${name}\`](1)`)
    .replace(/\.$/, "");
  const why =
    demotion === "test"
      ? " (test code)"
      : demotion === "private"
        ? " (private or nested function)"
        : demotion === "passthrough"
          ? ` ${PASSTHROUGH_REASON}`
          : demotion === "returned"
            ? " (returned: a flaw where the caller opens or serves it)"
            : demotion === "metadata"
              ? " (reads only metadata or names, not contents)"
              : demotion === "elsewhere"
                ? " (the sink is in another module, reported there)"
                : "";
  return `${linked}; a flaw if callers pass untrusted data${why}.`;
}

/** A local-source message with the reason it is a note ("… depends on a [command-line argument](1)."). */
export function localMessage(template: string, description: string, demotion: Demotion | undefined): string {
  const linked = template.replace("$@", `[${description}](1)`);
  return demotion
    ? `${linked.replace(/\.$/, "")} (passed on unchanged: whoever runs the program chooses it).`
    : linked;
}
