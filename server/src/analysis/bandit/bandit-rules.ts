import type { Severity } from "../finding.js";

export interface BanditRuleMapping {
  /** CodeQL's query id when CodeQL has the same *pattern* query, else "bandit/<test id>". */
  ruleId: string;
  /** Bandit's own CWE for the test (what bandit ≥ 1.7.3 reports as issue_cwe), normalized. */
  cwes: string[];
  /** CodeQL's security-severity when ruleId is a CodeQL id. */
  securitySeverity?: number;
}

/**
 * Bandit test id → CWE and CodeQL id. CWEs follow bandit's own table (bandit/core/issue.py,
 * 1.7.x), so old bandits without `issue_cwe` (Debian 12 ships 1.6.2) report the same CWEs as
 * new ones. Like the ruff mapping, a *pattern* test whose CodeQL twin is a *taint* query
 * (B608 SQL strings, B602 shell=True, B301 pickle, B307 eval) keeps its own "bandit/Bxxx" id:
 * bandit did not see a flow. Where the CodeQL query is itself a pattern query, its id is used.
 */
const TABLE: Record<string, [cwe: number, codeqlId?: string, securitySeverity?: number]> = {
  B101: [703],
  B102: [78],
  B103: [732, "py/overly-permissive-file", 7.8],
  B104: [605, "py/bind-socket-all-network-interfaces", 6.5],
  B105: [259],
  B106: [259],
  B107: [259],
  B108: [377],
  B109: [259],
  B110: [703],
  B111: [250],
  B112: [703],
  B113: [400],
  B201: [94, "py/flask-debug", 7.5],
  B202: [22],
  B301: [502],
  B302: [502],
  B303: [327],
  B304: [327, "py/weak-cryptographic-algorithm", 7.5],
  B305: [327, "py/weak-cryptographic-algorithm", 7.5],
  B306: [377, "py/insecure-temporary-file", 7.0],
  B307: [78],
  B308: [79],
  B309: [295],
  B310: [22],
  B311: [330],
  B312: [319],
  B313: [20],
  B314: [20],
  B315: [20],
  B316: [20],
  B317: [20],
  B318: [20],
  B319: [20],
  B320: [20],
  B321: [319],
  B322: [78],
  B323: [295],
  B324: [327],
  B325: [377],
  B401: [319],
  B402: [319],
  B403: [502],
  B404: [78],
  B405: [20],
  B406: [20],
  B407: [20],
  B408: [20],
  B409: [20],
  B410: [20],
  B411: [20],
  B412: [284],
  B413: [327],
  B414: [327],
  B415: [319],
  B501: [295, "py/request-without-cert-validation", 7.5],
  B502: [327, "py/insecure-protocol", 7.5],
  B503: [327, "py/insecure-default-protocol", 7.5],
  B504: [327, "py/insecure-default-protocol", 7.5],
  B505: [326, "py/weak-crypto-key", 7.5],
  B506: [20],
  B507: [295, "py/paramiko-missing-host-key-validation", 7.5],
  B508: [319],
  B509: [319],
  B601: [78],
  B602: [78],
  B603: [78],
  B604: [78],
  B605: [78],
  B606: [78],
  B607: [78],
  B608: [89],
  B609: [78],
  B610: [89],
  B611: [89],
  B612: [94],
  B613: [838],
  B614: [502],
  B615: [494],
  B701: [94, "py/jinja2/autoescape-false", 6.1],
  B702: [80],
  B703: [80],
  B704: [79],
};

export function banditRuleMapping(testId: string): BanditRuleMapping {
  const row = TABLE[testId];
  if (!row) return { ruleId: `bandit/${testId}`, cwes: [] };
  const [cwe, codeqlId, securitySeverity] = row;
  const mapping: BanditRuleMapping = { ruleId: codeqlId ?? `bandit/${testId}`, cwes: [`CWE-${cwe}`] };
  if (securitySeverity !== undefined) mapping.securitySeverity = securitySeverity;
  return mapping;
}

/** Every test id with a mapping (for coverage filters in the bench). */
export const BANDIT_TEST_IDS: readonly string[] = Object.keys(TABLE);

export function banditSeverity(issueSeverity: string): Severity {
  switch (issueSeverity.toUpperCase()) {
    case "HIGH":
      return "error";
    case "MEDIUM":
      return "warning";
    default:
      return "note";
  }
}
