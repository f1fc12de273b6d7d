import type { FlowStep, Range } from "../../finding.js";

/**
 * Where untrusted data comes from. `parameter` origins are the symbolic inputs of a function
 * summary; they are real sources only under the `library` threat model.
 */
export type OriginKind = "remote" | "local" | "parameter" | "exception" | "sensitive" | "archive";

export interface Origin {
  kind: OriginKind;
  /** Link text for the message: "user-provided value", "function parameter", ... */
  description: string;
  range: Range;
  /** For `parameter`: the function summary key and parameter index it stands for. */
  functionKey?: string;
  paramIndex?: number;
}

/** Extra facts about the tainted value that some sinks need. */
export const Flag = {
  /** The value sits in a list literal after element 0 (not the program of an argv list). */
  notHead: 1 << 0,
  /** A constant prefix with scheme and host precedes the value (partial SSRF). */
  hostFixed: 1 << 1,
  /** Passed through normpath/realpath/abspath (so a startswith check is a real guard). */
  normalized: 1 << 2,
  /** The value may be a dict/list decoded from JSON (NoSQL operator injection). */
  objectLike: 1 << 3,
  /**
   * Placed after the function's own data (a constant prefix, a base directory, the start of a
   * query): a parameter used so is data the function confines, not an input whose use is its
   * contract (`join(BASE, name)` vs `join(base_dir, "PKG-INFO")`).
   */
  composed: 1 << 4,
} as const;

/** Flags that survive only containers and plain reads; any other operation drops them. */
const CONTAINER_ONLY = Flag.notHead;

export interface Label {
  origin: Origin;
  steps: FlowStep[];
  /** Bitmask of SinkKind this value was sanitized for. */
  sanitized: number;
  flags: number;
}

/** The taint of a value: zero (clean) or more labels. */
export type Taint = readonly Label[];

export const CLEAN: Taint = [];
const MAX_LABELS = 4;
const MAX_STEPS = 12;

export function union(...taints: Taint[]): Taint {
  let out: Label[] | undefined;
  for (const taint of taints) {
    if (taint.length === 0) continue;
    if (!out) {
      out = [...taint];
      continue;
    }
    for (const label of taint) {
      if (out.length >= MAX_LABELS) break;
      if (!out.some((existing) => sameLabel(existing, label))) out.push(label);
    }
  }
  return out ?? CLEAN;
}

/**
 * Labels from one origin merge only when sanitized alike: when a guarded and an unguarded path
 * join, the unguarded label must survive (else `if ok(x): pass` would sanitize x everywhere).
 */
function sameLabel(a: Label, b: Label): boolean {
  return (
    (a.origin === b.origin ||
      (a.origin.kind === b.origin.kind &&
        a.origin.range.start.line === b.origin.range.start.line &&
        a.origin.range.start.character === b.origin.range.start.character)) &&
    a.sanitized === b.sanitized &&
    a.flags === b.flags
  );
}

export function mapLabels(taint: Taint, fn: (label: Label) => Label | undefined): Taint {
  if (taint.length === 0) return taint;
  const out: Label[] = [];
  for (const label of taint) {
    const mapped = fn(label);
    if (mapped) out.push(mapped);
  }
  return out;
}

export function sanitize(taint: Taint, kinds: number): Taint {
  return mapLabels(taint, (label) => ({ ...label, sanitized: label.sanitized | kinds }));
}

export function withFlags(taint: Taint, set: number, clear = 0): Taint {
  return mapLabels(taint, (label) => ({ ...label, flags: (label.flags & ~clear) | set }));
}

/** An ordinary data operation (call, concatenation): container-only flags are dropped. */
export function derived(taint: Taint): Taint {
  if (taint.every((label) => (label.flags & CONTAINER_ONLY) === 0)) return taint;
  return withFlags(taint, 0, CONTAINER_ONLY);
}

/**
 * The parts of a concatenation, format or path join, in order: a part after the function's own
 * data (a clean part, or one already placed under such data) is `composed`.
 */
export function placedInOrder(parts: readonly Taint[]): Taint {
  let anchored = false;
  const out: Taint[] = [];
  for (const part of parts) {
    out.push(anchored && part.length > 0 ? withFlags(part, Flag.composed) : part);
    if (part.every((label) => (label.flags & Flag.composed) !== 0)) anchored = true;
  }
  return union(...out);
}

export function addStep(taint: Taint, step: FlowStep): Taint {
  return mapLabels(taint, (label) => {
    const last = label.steps[label.steps.length - 1];
    if (last && sameRange(last.range, step.range)) return label;
    if (label.steps.length >= MAX_STEPS) return label;
    return { ...label, steps: [...label.steps, step] };
  });
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

export function newLabel(origin: Origin, flags = 0): Label {
  return { origin, steps: [], sanitized: 0, flags };
}
