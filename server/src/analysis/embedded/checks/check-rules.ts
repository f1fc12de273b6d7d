import { ruleById } from "../../rules/rule-registry.js";
import { REGEX_RULES } from "../regex/regex-rules.js";
import { type RuleInfo, ruleInfo } from "../taint/rule-catalog.js";

type CheckSpec = Pick<RuleInfo, "id" | "message">;

/** Message templates of the rules only the checks pass reports; the rest comes from the registry. */
const SPECS: readonly CheckSpec[] = [
  ...REGEX_RULES,
  { id: "py/weak-cryptographic-algorithm", message: "The {0} is broken or weak, and should not be used." },
];

const RULES: readonly RuleInfo[] = SPECS.map((spec) => {
  const problem = ruleById(spec.id);
  if (!problem || problem.securitySeverity === undefined)
    throw new Error(`check rule ${spec.id} is not a CodeQL query in the rule registry`);
  return {
    ...spec,
    cwes: [...problem.cwes],
    severity: problem.severity,
    securitySeverity: problem.securitySeverity,
  };
});

/** Every rule new in the checks pass (registered in server/src/analysis/rules/codeql-problems.ts). */
export function allCheckRules(): readonly RuleInfo[] {
  return RULES;
}

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

/** A checks-pass rule, or one the taint catalog defines (py/weak-crypto-key, py/insecure-protocol). */
export function checkRuleInfo(id: string): RuleInfo {
  return BY_ID.get(id) ?? ruleInfo(id);
}
