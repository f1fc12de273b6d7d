import { normalizeCwe } from "../analysis/cwe.js";
import type { Finding } from "../analysis/finding.js";
import { suppressionIds } from "../analysis/suppression.js";
import type { SeclspConfig } from "./schema.js";

/**
 * The names a finding answers to in `select`, `ignore` and `severity`: the same as in a
 * `# seclsp: ignore[...]` comment — its rule id, every reporter and registry alias ("S324",
 * "ruff/S324", "B324", "bandit/B324") and its CWEs (lower-cased).
 */
function namesOf(finding: Finding): string[] {
  return [...suppressionIds(finding)];
}

function normalizeName(name: string): string {
  return (/^cwe-?\d+$/i.test(name) ? (normalizeCwe(name) ?? name) : name).toLowerCase();
}

/**
 * Apply the project's rule selection: keep findings matching `select` (all when empty), drop
 * those matching `ignore`, then override severities (a rule id entry wins over a CWE entry).
 */
export function applyRuleSelection(
  findings: readonly Finding[],
  config: Pick<SeclspConfig, "select" | "ignore" | "severity">,
): Finding[] {
  const select = new Set(config.select.map(normalizeName));
  const ignore = new Set(config.ignore.map(normalizeName));
  const severity = new Map(Object.entries(config.severity).map(([k, v]) => [normalizeName(k), v]));
  if (select.size === 0 && ignore.size === 0 && severity.size === 0) return [...findings];
  const kept: Finding[] = [];
  for (const finding of findings) {
    const names = namesOf(finding);
    if (select.size > 0 && !names.some((n) => select.has(n))) continue;
    if (names.some((n) => ignore.has(n))) continue;
    const override = names.map((n) => severity.get(n)).find((s) => s !== undefined);
    kept.push(override && override !== finding.severity ? { ...finding, severity: override } : finding);
  }
  return kept;
}
