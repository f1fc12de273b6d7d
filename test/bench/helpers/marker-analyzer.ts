import type { Analyzer } from "../../../server/src/analysis/analyzer.js";
import type { Finding } from "../../../server/src/analysis/finding.js";

/**
 * A stand-in analyzer (like the fake CodeQL): every line with `# vuln: CWE-n` is a finding of
 * CWE-n at that line. Deterministic and independent of the real rule sets, so tests can compute
 * the paper's metrics by hand.
 */
export function markerAnalyzer(name: Finding["source"] = "codeql"): Analyzer & { analyzedTexts: string[] } {
  const analyzedTexts: string[] = [];
  return {
    name,
    analyzedTexts,
    async available() {
      return true;
    },
    async analyze(files) {
      const findings: Finding[] = [];
      for (const file of files) {
        analyzedTexts.push(file.text);
        for (const [line, text] of file.text.split("\n").entries()) {
          const match = /# vuln: (CWE-\d+)/.exec(text);
          if (!match) continue;
          const cwe = match[1]!;
          const range = { start: { line, character: match.index }, end: { line, character: text.length } };
          findings.push({
            ruleId: `fake/${cwe}`,
            cwes: [cwe],
            severity: "error",
            message: `marker ${cwe}`,
            file: file.path,
            range,
            source: name,
            fingerprint: `${cwe}:${line}`,
          });
        }
      }
      return findings;
    },
  };
}
