import type { Severity } from "../../finding.js";
import { ruleById } from "../../rules/rule-registry.js";
import { EXPERIMENTAL_RULES } from "../experimental/experimental-rules.js";
import { LIBRARY_FLAW_RULES } from "./models/library-flaw-rules.js";

/** What a sink checks for; a sanitizer clears one or more kinds (bit flags on a taint label). */
export const SinkKind = {
  sql: 1 << 0,
  command: 1 << 1,
  code: 1 << 2,
  path: 1 << 3,
  deserialization: 1 << 4,
  redirect: 1 << 5,
  ssrf: 1 << 6,
  xss: 1 << 7,
  template: 1 << 8,
  log: 1 << 9,
  regex: 1 << 10,
  xxe: 1 << 11,
  xpath: 1 << 12,
  xmlBomb: 1 << 19,
  ldap: 1 << 13,
  header: 1 << 14,
  cookie: 1 << 15,
  nosql: 1 << 16,
  stackTrace: 1 << 17,
  clearText: 1 << 18,
  algorithm: 1 << 20,
  format: 1 << 21,
} as const;
export type SinkKindName = keyof typeof SinkKind;
export const ALL_KINDS = (1 << 22) - 1;

/**
 * A taint/check rule: the registry's problem (id, CWEs, severity, security-severity) plus what
 * only the engine needs (message template, sink kind).
 */
export interface RuleInfo {
  id: string;
  cwes: string[];
  severity: Severity;
  securitySeverity: number;
  /** CodeQL-style message with `$@` where the source link goes ("This SQL query depends on a $@."). */
  message: string;
  kind?: SinkKindName;
  /** Under the library threat model, may function parameters be the source? (Logging a parameter is normal.) */
  parameterSources?: false;
}

/** What the engine adds to a registry problem it reports. */
export type EngineSpec = Pick<RuleInfo, "id" | "message" | "kind" | "parameterSources">;

/** The queries the engine implements (the registry marks them as reported by `taint`). */
const SPECS: EngineSpec[] = [
  {
    id: "py/sql-injection",
    message: "This SQL query depends on a $@.",
    kind: "sql",
  },
  {
    id: "py/command-line-injection",
    message: "This command line depends on a $@.",
    kind: "command",
  },
  {
    id: "py/code-injection",
    message: "This code execution depends on a $@.",
    kind: "code",
  },
  {
    id: "py/path-injection",
    message: "This path depends on a $@.",
    kind: "path",
  },
  {
    id: "py/tarslip",
    message: "This file extraction depends on a $@.",
    kind: "path",
  },
  {
    id: "py/unsafe-deserialization",
    message: "Unsafe deserialization depends on a $@.",
    kind: "deserialization",
  },
  {
    id: "py/url-redirection",
    message: "Untrusted URL redirection depends on a $@.",
    kind: "redirect",
  },
  {
    id: "py/full-ssrf",
    message: "The full URL of this request depends on a $@.",
    kind: "ssrf",
  },
  {
    id: "py/partial-ssrf",
    message: "Part of the URL of this request depends on a $@.",
    kind: "ssrf",
  },
  {
    id: "py/reflective-xss",
    message: "Cross-site scripting vulnerability due to a $@.",
    kind: "xss",
  },
  {
    id: "py/jinja2/autoescape-false",
    message: "Using jinja2 templates with autoescape=False can potentially allow XSS attacks.",
  },
  {
    id: "py/template-injection",
    message: "This template construction depends on a $@.",
    kind: "template",
  },
  {
    id: "py/log-injection",
    message: "This log entry depends on a $@.",
    kind: "log",
    parameterSources: false,
  },
  {
    id: "py/regex-injection",
    message: "This regular expression depends on a $@.",
    kind: "regex",
  },
  {
    id: "py/polynomial-redos",
    message:
      "This regular expression that depends on a $@ may run slow on strings with many repetitions of a character.",
    parameterSources: false,
  },
  {
    id: "py/xxe",
    message: "XML parsing depends on a $@ without guarding against external entity expansion.",
    kind: "xxe",
  },
  {
    id: "py/xml-bomb",
    message: "XML parsing depends on a $@ without guarding against uncontrolled entity expansion.",
    kind: "xmlBomb",
  },
  {
    id: "py/xpath-injection",
    message: "XPath expression depends on a $@.",
    kind: "xpath",
  },
  {
    id: "py/ldap-injection",
    message: "LDAP query parameter depends on a $@.",
    kind: "ldap",
  },
  {
    id: "py/http-response-splitting",
    message: "This HTTP header is constructed from a $@.",
    kind: "header",
  },
  {
    id: "py/cookie-injection",
    message: "Cookie is constructed from a $@.",
    kind: "cookie",
  },
  {
    id: "py/nosql-injection",
    message: "This NoSQL query contains an unsanitized $@.",
    kind: "nosql",
  },
  {
    id: "py/stack-trace-exposure",
    message: "$@ flows to this location and may be exposed to an external user.",
    kind: "stackTrace",
  },
  {
    id: "py/clear-text-logging-sensitive-data",
    message: "This expression logs $@ as clear text.",
    kind: "clearText",
  },
  {
    id: "py/clear-text-storage-sensitive-data",
    message: "This expression stores $@ as clear text.",
    kind: "clearText",
  },
  {
    id: "py/flask-debug",
    message:
      "A Flask app appears to be run in debug mode. This may allow an attacker to run arbitrary code through the debugger.",
  },
  {
    id: "py/bind-socket-all-network-interfaces",
    message: "'{0}' binds a socket to all interfaces.",
  },
  {
    id: "py/insecure-temporary-file",
    message: "Call to deprecated function {0} may be insecure.",
  },
  {
    id: "py/overly-permissive-file",
    message: "Overly permissive mask in {0} sets file to {1}.",
  },
  {
    id: "py/weak-crypto-key",
    message: "Creation of an {0} key uses {1} bits, which is below {2} and considered breakable.",
  },
  {
    id: "py/insecure-protocol",
    message: "Insecure SSL/TLS protocol version {0} specified by {1}.",
  },
  {
    id: "py/paramiko-missing-host-key-validation",
    message: "Setting missing host key policy to {0} may be unsafe.",
  },
  {
    id: "py/request-without-cert-validation",
    message: "This request may run without certificate validation because it is disabled.",
  },
  {
    id: "py/hardcoded-credentials",
    message: "This hardcoded value is used as credentials ({0}).",
  },
  {
    id: "py/incomplete-url-substring-sanitization",
    message: "The string {0} may be at an arbitrary position in the sanitized URL.",
  },
  {
    id: "py/csrf-protection-disabled",
    message: "Potential CSRF vulnerability due to forgery protection being disabled or weakened.",
  },
  {
    id: "py/insecure-cookie",
    message: "Cookie is added without the {0} attribute properly set.",
  },
  ...LIBRARY_FLAW_RULES,
];

const RULES: RuleInfo[] = [...SPECS, ...EXPERIMENTAL_RULES].map((spec) => {
  const problem = ruleById(spec.id);
  if (!problem || problem.securitySeverity === undefined)
    throw new Error(`taint rule ${spec.id} is not a problem with a security-severity in the rule registry`);
  return {
    ...spec,
    cwes: [...problem.cwes],
    severity: problem.severity,
    securitySeverity: problem.securitySeverity,
  };
});

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function ruleInfo(id: string): RuleInfo {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`unknown taint rule ${id}`);
  return rule;
}

export function allTaintRules(): readonly RuleInfo[] {
  return RULES;
}

export { codeqlHelpUri } from "../../rules/problem-rule.js";

/** Fill `{0}`, `{1}` placeholders of a non-flow message. */
export function formatMessage(template: string, ...args: string[]): string {
  return template.replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)] ?? "");
}
