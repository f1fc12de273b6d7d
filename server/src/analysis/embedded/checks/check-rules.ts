import { REGEX_RULES } from "../regex/regex-rules.js";
import { type RuleInfo, ruleInfo } from "../taint/rule-catalog.js";

/** Rules only the checks pass reports (CodeQL 2.19.3's ids, CWEs and security-severity). */
const CHECK_RULES: readonly RuleInfo[] = [
  {
    id: "py/weak-cryptographic-algorithm",
    cwes: ["CWE-327"],
    severity: "warning",
    securitySeverity: 7.5,
    message: "The {0} is broken or weak, and should not be used.",
  },
];

/** Every rule new in the checks pass (register these in the rule registry). */
export function allCheckRules(): readonly RuleInfo[] {
  return [...REGEX_RULES, ...CHECK_RULES];
}

const BY_ID = new Map(allCheckRules().map((rule) => [rule.id, rule]));

/** A checks-pass rule, or one the taint catalog already defines (py/weak-crypto-key, py/insecure-protocol). */
export function checkRuleInfo(id: string): RuleInfo {
  return BY_ID.get(id) ?? ruleInfo(id);
}
