import type { Finding } from "../finding.js";
import { fingerprintFor } from "../fingerprint.js";
import type { EmbeddedPass } from "./embedded-analyzer.js";
import { ruffCheck } from "./ruff-engine.js";
import { ruffRuleMapping } from "./ruff-rules.js";

/** ruff flake8-bandit (S) rules mapped to CWEs and CodeQL ids. */
export const ruffPass: EmbeddedPass = {
  name: "ruff",
  run(file, options) {
    const ignored = new Set(options.ignoreRules ?? []);
    const seen = new Map<string, number>();
    const findings: Finding[] = [];
    for (const d of ruffCheck(file.text)) {
      if (!d.code || ignored.has(d.code)) continue;
      const mapping = ruffRuleMapping(d.code);
      const range = {
        start: { line: d.start_location.row - 1, character: d.start_location.column - 1 },
        end: { line: d.end_location.row - 1, character: d.end_location.column - 1 },
      };
      const key = `${mapping.ruleId}:${range.start.line}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      findings.push({
        ruleId: mapping.ruleId,
        cwes: mapping.cwes,
        severity: mapping.severity,
        securitySeverity: mapping.securitySeverity,
        message: d.message,
        file: file.path,
        range,
        source: "embedded",
        fingerprint: fingerprintFor(mapping.ruleId, file.text, range, occurrence),
        toolCode: d.code,
      });
    }
    return findings;
  },
};
