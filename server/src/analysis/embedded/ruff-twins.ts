import { normalizeCwe } from "../cwe.js";
import { type Finding, SEVERITY_RANK, type Severity } from "../finding.js";
import { primaryReporter, unionReporters } from "../reporters.js";
import { NOT_ANALYZED_RULE } from "./analysis-notes.js";
import { PASSTHROUGH_REASON } from "./taint/parameter-findings.js";

/**
 * Ruff patterns whose danger is the data that reaches them (eval/exec, pickle, shell strings,
 * SQL text, URL opening, XML parsing of untrusted documents). The taint
 * engine confirms the flow and reports the CodeQL twin; a pattern it did not confirm (no
 * untrusted source reaches it in this file) is a note: CodeQL's default raises nothing there,
 * and on real library code most such calls run the program's own data (issue 15.7). A weak
 * hash (S324) stays: the algorithm is the flaw whatever it hashes, as Bandit reports it.
 */
const FLOW_PATTERNS = new Set([
  "S102",
  "S307",
  "S301",
  "S302",
  "S310",
  "S313",
  "S314",
  "S315",
  "S316",
  "S317",
  "S318",
  "S319",
  "S601",
  "S602",
  "S604",
  "S605",
  "S608",
  "S610",
  "S611",
]);

/**
 * Patterns where a shell parses the string: a public function that hands its caller's string to
 * a shell is the flaw even when passing it on is its purpose (`def run(cmd): os.system(cmd)`),
 * because no caller can use it safely without quoting; the safe design takes an argv list. So a
 * merged report keeps at least the pattern's severity when the taint finding was demoted only
 * for being a public passthrough (private, nested and test functions stay notes).
 */
const SHELL_PATTERNS = new Set(["S602", "S604", "S605"]);

function ruffCode(f: Finding): string {
  return primaryReporter(f).ruleId;
}

function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** The kept taint finding with its ruff twins as reporters, and the severity policy above. */
function absorbTwins(kept: Finding, twins: Finding[]): Finding {
  const merged: Finding = { ...kept, reporters: unionReporters(kept, twins) };
  if (kept.severity === "note" && kept.message.includes(PASSTHROUGH_REASON)) {
    for (const twin of twins)
      if (SHELL_PATTERNS.has(ruffCode(twin)) && twin.severity !== "note") {
        merged.severity = maxSeverity(merged.severity, twin.severity);
        merged.message = kept.message.replace(
          PASSTHROUGH_REASON,
          "(passed to a shell unchanged: callers must quote it; an argv list is safe)",
        );
      }
  }
  return merged;
}

function unconfirmed(ruff: Finding): Finding {
  if (!FLOW_PATTERNS.has(ruffCode(ruff)) || ruff.severity === "note") return ruff;
  const why = "no untrusted source reaches it in this file";
  return { ...ruff, severity: "note", message: `${ruff.message.replace(/\.$/, "")} (${why})` };
}

/**
 * A ruff pattern finding and a taint/check finding on the same line that share a CWE describe
 * one problem: keep the taint one (it has the flow and CodeQL's id) and add ruff as a reporter.
 * `flowsChecked` says the taint pass ran to completion on this text, so a missing twin means no
 * flow: then the data-dependent patterns become notes.
 */
export function mergeRuffTwins(findings: Finding[], flowsChecked = false): Finding[] {
  const isRuff = (f: Finding) => primaryReporter(f).tool === "ruff";
  const ours = findings.filter((f) => !isRuff(f));
  const complete = flowsChecked && !ours.some((f) => f.ruleId === NOT_ANALYZED_RULE);
  const absorbed = new Map<Finding, Finding[]>();
  const kept: Finding[] = [];
  // Candidates by line (a file has hundreds of each kind: a scan of `ours` per ruff finding was
  // quadratic); the first candidate in `ours` order that matches is the twin, as a scan would find.
  const byLine = new Map<number, number[]>();
  ours.forEach((f, index) => {
    const lines = new Set([f.range.start.line, ...(f.flow ?? []).map((step) => step.range.start.line)]);
    for (const line of lines) {
      const list = byLine.get(line);
      if (list) list.push(index);
      else byLine.set(line, [index]);
    }
  });
  for (const ruff of findings.filter(isRuff)) {
    const ruffCwes = new Set(ruff.cwes.map((c) => normalizeCwe(c)).filter((c) => c !== undefined));
    const candidates = byLine.get(ruff.range.start.line) ?? [];
    const twin = candidates
      .map((index) => ours[index]!)
      .find(
        (f) =>
          f.file === ruff.file &&
          ((f.range.start.line === ruff.range.start.line &&
            f.cwes.some((c) => ruffCwes.has(normalizeCwe(c) ?? c))) ||
            // The same problem reported at its use, with the flagged line as a step (cipher created → used).
            (f.ruleId === ruff.ruleId &&
              (f.flow ?? []).some((step) => step.range.start.line === ruff.range.start.line))),
      );
    if (!twin) {
      kept.push(complete ? unconfirmed(ruff) : ruff);
      continue;
    }
    absorbed.set(twin, [...(absorbed.get(twin) ?? []), ruff]);
  }
  const merged = ours.map((f) => {
    const twins = absorbed.get(f);
    return twins ? absorbTwins(f, twins) : f;
  });
  return [...kept, ...merged].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
