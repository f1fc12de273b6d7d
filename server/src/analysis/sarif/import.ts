import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type * as sarif from "sarif";
import { normalizeCwe } from "../cwe.js";
import {
  type Finding,
  type FindingSource,
  type FlowStep,
  type Range,
  type Reporter,
  type Severity,
  sameRange,
} from "../finding.js";
import { fingerprintFor } from "../fingerprint.js";
import { plainMessageText, retargetEmbeddedLinks } from "../message-text.js";
import { codePointToUtf16, LineIndex } from "../text-positions.js";

/**
 * SARIF 2.1.0 → Finding[]. Written against real CodeQL output (rules in tool.extensions,
 * results pointing at them by rule.index + toolComponent.index, security-severity strings,
 * code point columns, %SRCROOT%-relative URIs) but accepts any producer's SARIF.
 */

export interface SarifImportOptions {
  /** Directory that relative artifact URIs (e.g. uriBaseId %SRCROOT%) resolve against. Default: the run's originalUriBaseIds, else the cwd. */
  sourceRoot?: string;
  /** Current text of a resolved file, used to convert columns to UTF-16 and to fingerprint. */
  readText?: (file: string) => string | undefined;
  /** `Finding.source` for the imported findings. Default "codeql". */
  source?: FindingSource;
  /** Override the mapping from artifact URI to `Finding.file` (batch mode maps temp files back). */
  resolveFile?: (uri: string, uriBaseId: string | undefined) => string | undefined;
}

export class SarifParseError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = "SarifParseError";
  }
}

/**
 * Parse SARIF text; throws SarifParseError for invalid JSON (e.g. a truncated file) or a non-SARIF
 * shape. `name` (the file) starts every error message. Errors never quote the text: a file given
 * by mistake may hold secrets, and V8's JSON errors echo the bytes around the fault.
 */
export function parseSarif(text: string, name = "SARIF input"): sarif.Log {
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
  } catch (error) {
    throw new SarifParseError(
      `${name} is not valid JSON (${text.length} characters${jsonFaultOf(error, text)})`,
    );
  }
  const problem = shapeProblem(value);
  if (problem) throw new SarifParseError(`${name} is not a SARIF log: ${problem}`);
  return value as sarif.Log;
}

/** Where JSON.parse gave up, without its excerpt of the text. */
function jsonFaultOf(error: unknown, text: string): string {
  const detail = error instanceof Error ? error.message : "";
  const position = /at position (\d+)/.exec(detail)?.[1];
  const endsEarly =
    /end of JSON input/i.test(detail) ||
    (position !== undefined && Number(position) >= text.trimEnd().length);
  if (endsEarly) return "; it ends early, truncated?";
  if (position !== undefined) return `; error at character ${position}`;
  return /Unexpected token/i.test(detail) ? "; unexpected character" : "";
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The little the importer relies on: runs[].tool.driver objects and results[] objects. */
function shapeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "the top level is not an object";
  const runs = value.runs;
  if (!Array.isArray(runs)) return "no `runs` array";
  for (const [i, run] of runs.entries()) {
    if (!isObject(run)) return `runs[${i}] is not an object`;
    if (!isObject(run.tool) || !isObject(run.tool.driver)) return `runs[${i}].tool.driver is missing`;
    if (run.results === undefined) continue;
    if (!Array.isArray(run.results)) return `runs[${i}].results is not an array`;
    const bad = run.results.findIndex((result) => !isObject(result));
    if (bad >= 0) return `runs[${i}].results[${bad}] is not an object`;
  }
  return undefined;
}

export function findingsFromSarif(log: sarif.Log, options: SarifImportOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const run of log.runs ?? []) findings.push(...findingsFromRun(run, options));
  return findings;
}

const CODEQL_HELP = "https://codeql.github.com/codeql-query-help/python/";

function findingsFromRun(run: sarif.Run, options: SarifImportOptions): Finding[] {
  const source = options.source ?? "codeql";
  const codePoints = run.columnKind === "unicodeCodePoints";
  const texts = new Map<string, LineIndex | undefined>();
  const occurrences = new Map<string, number>();
  const lineIndex = (file: string): LineIndex | undefined => {
    if (!texts.has(file)) {
      const text = options.readText?.(file);
      texts.set(file, text === undefined ? undefined : new LineIndex(text));
    }
    return texts.get(file);
  };
  const textOf = (file: string): string | undefined => options.readText?.(file);
  // Real SARIF repeats a handful of artifact locations thousands of times (flows).
  const resolved = new Map<string, string | undefined>();

  const toLocation = (location: sarif.Location | undefined): { file: string; range: Range } | undefined => {
    const physical = location?.physicalLocation;
    if (!physical?.artifactLocation) return undefined;
    const artifact = physical.artifactLocation;
    const memoKey = `${artifact.uri ?? ""}\0${artifact.uriBaseId ?? ""}\0${artifact.index ?? ""}`;
    let file = resolved.get(memoKey);
    if (file === undefined && !resolved.has(memoKey)) {
      file = resolveArtifact(artifact, run, options);
      resolved.set(memoKey, file);
    }
    if (file === undefined) return undefined;
    return { file, range: regionToRange(physical.region, lineIndex(file), codePoints) };
  };

  const findings: Finding[] = [];
  for (const result of run.results ?? []) {
    const primary = toLocation(result.locations?.[0]);
    if (!primary) continue;
    const rule = ruleFor(result, run);
    const ruleId = result.ruleId ?? result.rule?.id ?? rule?.id ?? "sarif/unknown";
    const related = arrayOf(result.relatedLocations)
      .map((loc) => {
        const resolved = toLocation(loc);
        return resolved ? { ...resolved, message: stepText(loc.message) } : undefined;
      })
      .filter((step): step is FlowStep => step !== undefined);
    const flow =
      flowFrom(result, toLocation) ??
      (related.length > 0 ? [...related, { ...primary, message: "sink" }] : undefined);
    const securitySeverity = numberOrUndefined(
      rule?.properties?.["security-severity"] ?? result.properties?.["security-severity"],
    );
    const finding: Finding = {
      ruleId,
      cwes: cwesOf(rule, result),
      severity: severityOf(result, rule),
      message: linkedToFlow(messageOf(result, rule), result, flow, toLocation),
      file: primary.file,
      range: primary.range,
      source,
      fingerprint: fingerprintOf(result, ruleId, primary, textOf, occurrences),
      reporters: reportersOf(result, source, ruleId),
    };
    if (securitySeverity !== undefined) finding.securitySeverity = securitySeverity;
    if (flow && flow.length > 0) finding.flow = flow;
    const helpUri =
      rule?.helpUri ??
      (ruleId.startsWith("py/") ? `${CODEQL_HELP}${ruleId.replace(/\//g, "-")}/` : undefined);
    if (helpUri) finding.helpUri = helpUri;
    findings.push(finding);
  }
  return findings;
}

/** Rule by index (in the tool component the result names, else the driver) or by id across driver and extensions. */
function ruleFor(result: sarif.Result, run: sarif.Run): sarif.ReportingDescriptor | undefined {
  const ref = result.rule;
  const componentIndex = ref?.toolComponent?.index;
  const component = componentIndex !== undefined ? run.tool.extensions?.[componentIndex] : run.tool.driver;
  const index = ref?.index ?? result.ruleIndex;
  const id = ref?.id ?? result.ruleId;
  if (index !== undefined && index >= 0) {
    const byIndex = component?.rules?.[index];
    if (byIndex && (id === undefined || byIndex.id === id)) return byIndex;
  }
  if (id === undefined) return undefined;
  for (const candidate of [run.tool.driver, ...(run.tool.extensions ?? [])]) {
    const found = candidate.rules?.find((rule) => rule.id === id);
    if (found) return found;
  }
  return undefined;
}

function resolveArtifact(
  artifact: sarif.ArtifactLocation,
  run: sarif.Run,
  options: SarifImportOptions,
): string | undefined {
  const uri =
    artifact.uri ??
    (artifact.index !== undefined ? run.artifacts?.[artifact.index]?.location?.uri : undefined);
  if (uri === undefined) return undefined;
  const baseId =
    artifact.uriBaseId ??
    (artifact.index !== undefined ? run.artifacts?.[artifact.index]?.location?.uriBaseId : undefined);
  const custom = options.resolveFile?.(uri, baseId);
  if (custom !== undefined) return custom;
  if (/^file:/i.test(uri)) return fileURLToPath(uri);
  if (/^[a-z][a-z0-9+.-]+:/i.test(uri)) return uri; // another scheme: keep as given
  const base = options.sourceRoot ?? baseDirectory(run, baseId) ?? process.cwd();
  return path.resolve(base, safeDecode(uri));
}

function baseDirectory(run: sarif.Run, baseId: string | undefined, depth = 0): string | undefined {
  if (baseId === undefined || depth > 8) return undefined;
  const base = run.originalUriBaseIds?.[baseId];
  if (!base?.uri) return undefined;
  if (/^file:/i.test(base.uri)) return fileURLToPath(base.uri);
  const parent = baseDirectory(run, base.uriBaseId, depth + 1);
  return parent ? path.resolve(parent, safeDecode(base.uri)) : undefined;
}

function safeDecode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** SARIF regions are 1-based, end column exclusive; Finding ranges are 0-based UTF-16. */
function regionToRange(
  region: sarif.Region | undefined,
  lines: LineIndex | undefined,
  codePoints: boolean,
): Range {
  const startLine = Math.max(0, (region?.startLine ?? 1) - 1);
  const endLine = Math.max(startLine, (region?.endLine ?? region?.startLine ?? 1) - 1);
  const startColumn = Math.max(0, (region?.startColumn ?? 1) - 1);
  // No end column: the region runs to the end of its last line.
  const endColumn =
    region?.endColumn !== undefined
      ? Math.max(0, region.endColumn - 1)
      : lines
        ? [...lines.line(endLine)].length
        : endLine === startLine
          ? startColumn
          : 0;
  const convert = (line: number, column: number): number =>
    codePoints && lines ? codePointToUtf16(lines.line(line), column) : column;
  return {
    start: { line: startLine, character: convert(startLine, startColumn) },
    end: { line: endLine, character: convert(endLine, endColumn) },
  };
}

function flowFrom(
  result: sarif.Result,
  toLocation: (location: sarif.Location | undefined) => { file: string; range: Range } | undefined,
): FlowStep[] | undefined {
  const thread = result.codeFlows?.[0]?.threadFlows?.[0];
  if (!thread) return undefined;
  const steps: FlowStep[] = [];
  for (const step of arrayOf(thread.locations)) {
    const resolved = toLocation(step.location);
    if (resolved) steps.push({ ...resolved, message: stepText(step.location?.message) });
  }
  return steps.length > 0 ? steps : undefined;
}

function cwesOf(rule: sarif.ReportingDescriptor | undefined, result: sarif.Result): string[] {
  const tags: unknown[] = [...asArray(rule?.properties?.tags), ...asArray(result.properties?.tags)];
  const cwes = new Set<string>();
  for (const tag of tags) {
    if (typeof tag !== "string" || !/cwe/i.test(tag)) continue;
    const cwe = normalizeCwe(tag);
    if (cwe) cwes.add(cwe);
  }
  // Producers that use a CWE taxonomy (relationships to a "CWE" tool component) instead of tags.
  for (const relation of rule?.relationships ?? []) {
    const target = relation.target;
    if (target?.toolComponent?.name?.toUpperCase() === "CWE" && target.id) {
      const cwe = normalizeCwe(target.id);
      if (cwe) cwes.add(cwe);
    }
  }
  return [...cwes];
}

/** Hostile or sloppy SARIF puts other things where arrays belong. */
function arrayOf<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function severityOf(result: sarif.Result, rule: sarif.ReportingDescriptor | undefined): Severity {
  const level = result.level ?? rule?.defaultConfiguration?.level ?? rule?.properties?.["problem.severity"];
  switch (level) {
    case "error":
      return "error";
    case "warning":
      return "warning";
    case "note":
    case "none":
    case "recommendation":
      return "note";
    default:
      return "warning";
  }
}

/** A flow step's label, shown as related information: plain text, whatever the producer put there. */
function stepText(message: sarif.Message | undefined): string {
  const text: unknown = message?.text;
  return typeof text === "string" ? plainMessageText(text) : "";
}

/** The message text with `{n}` arguments filled in; embedded links are kept. */
function messageOf(result: sarif.Result, rule: sarif.ReportingDescriptor | undefined): string {
  const message: Partial<sarif.Message> = result.message ?? {};
  let text = message.text ?? message.markdown;
  if (text === undefined && message.id) {
    const template = rule?.messageStrings?.[message.id];
    text = template?.text ?? template?.markdown;
  }
  if (typeof text !== "string") text = rule?.shortDescription?.text ?? rule?.name ?? "";
  const args = message.arguments ?? [];
  return text.replace(/\{(\d+)\}/g, (whole, n: string) => args[Number(n)] ?? whole).trim();
}

/**
 * Links in SARIF point at `relatedLocations` by id; in a Finding they point at flow steps
 * (`(n)` = `flow[n - 1]`). A link whose related location is not a step of the flow becomes plain
 * text.
 */
function linkedToFlow(
  message: string,
  result: sarif.Result,
  flow: FlowStep[] | undefined,
  toLocation: (location: sarif.Location | undefined) => { file: string; range: Range } | undefined,
): string {
  return retargetEmbeddedLinks(message, (id) => {
    const related = arrayOf(result.relatedLocations).find((location) => location?.id === id);
    const target = related ? toLocation(related) : undefined;
    if (!target || !flow) return undefined;
    const step = flow.findIndex((s) => s.file === target.file && sameRange(s.range, target.range));
    return step >= 0 ? step + 1 : undefined;
  });
}

function numberOrUndefined(value: unknown): number | undefined {
  const n =
    typeof value === "number" ? value : typeof value === "string" ? Number.parseFloat(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function fingerprintOf(
  result: sarif.Result,
  ruleId: string,
  primary: { file: string; range: Range },
  textOf: (file: string) => string | undefined,
  occurrences: Map<string, number>,
): string {
  const lineHash = result.partialFingerprints?.primaryLocationLineHash;
  if (lineHash) return createHash("sha256").update(`${ruleId}\0${lineHash}`).digest("hex").slice(0, 16);
  const text = textOf(primary.file);
  if (text === undefined) {
    return createHash("sha256")
      .update(`${ruleId}\0${primary.file}\0${primary.range.start.line}`)
      .digest("hex")
      .slice(0, 16);
  }
  const key = `${primary.file}\0${ruleId}\0${primary.range.start.line}`;
  const occurrence = occurrences.get(key) ?? 0;
  occurrences.set(key, occurrence + 1);
  return fingerprintFor(ruleId, text, primary.range, occurrence);
}

/** seclsp's own SARIF keeps the merged reporters in `properties`; any other SARIF has one. */
function reportersOf(result: sarif.Result, source: FindingSource, ruleId: string): Reporter[] {
  const stored = result.properties?.["seclsp/reporters"];
  if (Array.isArray(stored)) {
    const valid = stored.filter(
      (r): r is Reporter =>
        typeof r === "object" &&
        r !== null &&
        ["ruff", "bandit", "taint", "codeql"].includes((r as Reporter).tool) &&
        typeof (r as Reporter).ruleId === "string",
    );
    if (valid.length > 0) return valid;
  }
  const tool = source === "embedded" ? "taint" : source;
  return [{ tool, ruleId }];
}
