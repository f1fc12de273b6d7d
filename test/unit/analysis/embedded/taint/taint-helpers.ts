import type { ThreatModel } from "../../../../../server/src/analysis/analyzer.js";
import { TaintAnalysis } from "../../../../../server/src/analysis/embedded/taint/taint-pass.js";
import type { Finding } from "../../../../../server/src/analysis/finding.js";

let shared: TaintAnalysis | undefined;

/** Run only the taint pass (no ruff) on a snippet. */
export async function taint(
  text: string,
  threatModel: ThreatModel = "library",
  path = "/tmp/snippet.py",
): Promise<Finding[]> {
  shared ??= await TaintAnalysis.create();
  return shared.analyze({ path, text }, threatModel);
}

export function rules(findings: Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1}:${f.ruleId}`);
}
