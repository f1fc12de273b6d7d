import type { Severity } from "../../finding.js";

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
} as const;
export type SinkKindName = keyof typeof SinkKind;
export const ALL_KINDS = (1 << 20) - 1;

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

/** CodeQL's ids, CWEs and security-severity (from CodeQL 2.19.3's python query metadata). */
const RULES: RuleInfo[] = [
  {
    id: "py/sql-injection",
    cwes: ["CWE-89"],
    severity: "error",
    securitySeverity: 8.8,
    message: "This SQL query depends on a $@.",
    kind: "sql",
  },
  {
    id: "py/command-line-injection",
    cwes: ["CWE-78", "CWE-88"],
    severity: "error",
    securitySeverity: 9.8,
    message: "This command line depends on a $@.",
    kind: "command",
  },
  {
    id: "py/code-injection",
    cwes: ["CWE-94", "CWE-95", "CWE-116"],
    severity: "error",
    securitySeverity: 9.3,
    message: "This code execution depends on a $@.",
    kind: "code",
  },
  {
    id: "py/path-injection",
    cwes: ["CWE-22", "CWE-23", "CWE-36", "CWE-73", "CWE-99"],
    severity: "error",
    securitySeverity: 7.5,
    message: "This path depends on a $@.",
    kind: "path",
  },
  {
    id: "py/tarslip",
    cwes: ["CWE-22"],
    severity: "error",
    securitySeverity: 7.5,
    message: "This file extraction depends on a $@.",
    kind: "path",
  },
  {
    id: "py/unsafe-deserialization",
    cwes: ["CWE-502"],
    severity: "error",
    securitySeverity: 9.8,
    message: "Unsafe deserialization depends on a $@.",
    kind: "deserialization",
  },
  {
    id: "py/url-redirection",
    cwes: ["CWE-601"],
    severity: "error",
    securitySeverity: 6.1,
    message: "Untrusted URL redirection depends on a $@.",
    kind: "redirect",
  },
  {
    id: "py/full-ssrf",
    cwes: ["CWE-918"],
    severity: "error",
    securitySeverity: 9.1,
    message: "The full URL of this request depends on a $@.",
    kind: "ssrf",
  },
  {
    id: "py/partial-ssrf",
    cwes: ["CWE-918"],
    severity: "error",
    securitySeverity: 9.1,
    message: "Part of the URL of this request depends on a $@.",
    kind: "ssrf",
  },
  {
    id: "py/reflective-xss",
    cwes: ["CWE-79", "CWE-116"],
    severity: "error",
    securitySeverity: 6.1,
    message: "Cross-site scripting vulnerability due to a $@.",
    kind: "xss",
  },
  {
    id: "py/jinja2/autoescape-false",
    cwes: ["CWE-79"],
    severity: "error",
    securitySeverity: 6.1,
    message: "Using jinja2 templates with autoescape=False can potentially allow XSS attacks.",
  },
  {
    id: "py/template-injection",
    cwes: ["CWE-74", "CWE-1336"],
    severity: "error",
    securitySeverity: 9.3,
    message: "This template construction depends on a $@.",
    kind: "template",
  },
  {
    id: "py/log-injection",
    cwes: ["CWE-117"],
    severity: "error",
    securitySeverity: 7.8,
    message: "This log entry depends on a $@.",
    kind: "log",
    parameterSources: false,
  },
  {
    id: "py/regex-injection",
    cwes: ["CWE-730", "CWE-400"],
    severity: "error",
    securitySeverity: 7.5,
    message: "This regular expression depends on a $@.",
    kind: "regex",
  },
  {
    id: "py/polynomial-redos",
    cwes: ["CWE-1333", "CWE-730", "CWE-400"],
    severity: "warning",
    securitySeverity: 7.5,
    message:
      "This regular expression that depends on a $@ may run slow on strings with many repetitions of a character.",
    parameterSources: false,
  },
  {
    id: "py/xxe",
    cwes: ["CWE-611", "CWE-827"],
    severity: "error",
    securitySeverity: 9.1,
    message: "XML parsing depends on a $@ without guarding against external entity expansion.",
    kind: "xxe",
  },
  {
    id: "py/xml-bomb",
    cwes: ["CWE-776", "CWE-400"],
    severity: "warning",
    securitySeverity: 7.5,
    message: "XML parsing depends on a $@ without guarding against uncontrolled entity expansion.",
    kind: "xmlBomb",
  },
  {
    id: "py/xpath-injection",
    cwes: ["CWE-643"],
    severity: "error",
    securitySeverity: 9.8,
    message: "XPath expression depends on a $@.",
    kind: "xpath",
  },
  {
    id: "py/ldap-injection",
    cwes: ["CWE-90"],
    severity: "error",
    securitySeverity: 9.8,
    message: "LDAP query parameter depends on a $@.",
    kind: "ldap",
  },
  {
    id: "py/http-response-splitting",
    cwes: ["CWE-113", "CWE-79"],
    severity: "error",
    securitySeverity: 6.1,
    message: "This HTTP header is constructed from a $@.",
    kind: "header",
  },
  {
    id: "py/cookie-injection",
    cwes: ["CWE-20"],
    severity: "warning",
    securitySeverity: 5.0,
    message: "Cookie is constructed from a $@.",
    kind: "cookie",
  },
  {
    id: "py/nosql-injection",
    cwes: ["CWE-943"],
    severity: "error",
    securitySeverity: 8.8,
    message: "This NoSQL query contains an unsanitized $@.",
    kind: "nosql",
  },
  {
    id: "py/stack-trace-exposure",
    cwes: ["CWE-209", "CWE-497"],
    severity: "error",
    securitySeverity: 5.4,
    message: "$@ flows to this location and may be exposed to an external user.",
    kind: "stackTrace",
  },
  {
    id: "py/clear-text-logging-sensitive-data",
    cwes: ["CWE-312", "CWE-359", "CWE-532"],
    severity: "error",
    securitySeverity: 7.5,
    message: "This expression logs $@ as clear text.",
    kind: "clearText",
  },
  {
    id: "py/clear-text-storage-sensitive-data",
    cwes: ["CWE-312", "CWE-315", "CWE-359"],
    severity: "error",
    securitySeverity: 7.5,
    message: "This expression stores $@ as clear text.",
    kind: "clearText",
  },
  {
    id: "py/flask-debug",
    cwes: ["CWE-215", "CWE-489"],
    severity: "error",
    securitySeverity: 7.5,
    message:
      "A Flask app appears to be run in debug mode. This may allow an attacker to run arbitrary code through the debugger.",
  },
  {
    id: "py/bind-socket-all-network-interfaces",
    cwes: ["CWE-200"],
    severity: "error",
    securitySeverity: 6.5,
    message: "'{0}' binds a socket to all interfaces.",
  },
  {
    id: "py/insecure-temporary-file",
    cwes: ["CWE-377"],
    severity: "error",
    securitySeverity: 7.0,
    message: "Call to deprecated function {0} may be insecure.",
  },
  {
    id: "py/overly-permissive-file",
    cwes: ["CWE-732"],
    severity: "warning",
    securitySeverity: 7.8,
    message: "Overly permissive mask in {0} sets file to {1}.",
  },
  {
    id: "py/weak-crypto-key",
    cwes: ["CWE-326"],
    severity: "error",
    securitySeverity: 7.5,
    message: "Creation of an {0} key uses {1} bits, which is below {2} and considered breakable.",
  },
  {
    id: "py/insecure-protocol",
    cwes: ["CWE-327"],
    severity: "warning",
    securitySeverity: 7.5,
    message: "Insecure SSL/TLS protocol version {0} specified by {1}.",
  },
  {
    id: "py/paramiko-missing-host-key-validation",
    cwes: ["CWE-295"],
    severity: "error",
    securitySeverity: 7.5,
    message: "Setting missing host key policy to {0} may be unsafe.",
  },
  {
    id: "py/request-without-cert-validation",
    cwes: ["CWE-295"],
    severity: "error",
    securitySeverity: 7.5,
    message: "This request may run without certificate validation because it is disabled.",
  },
  {
    id: "py/hardcoded-credentials",
    cwes: ["CWE-259", "CWE-321", "CWE-798"],
    severity: "error",
    securitySeverity: 9.8,
    message: "This hardcoded value is used as credentials ({0}).",
  },
  {
    id: "py/incomplete-url-substring-sanitization",
    cwes: ["CWE-20"],
    severity: "warning",
    securitySeverity: 7.8,
    message: "The string {0} may be at an arbitrary position in the sanitized URL.",
  },
  {
    id: "py/csrf-protection-disabled",
    cwes: ["CWE-352"],
    severity: "warning",
    securitySeverity: 8.8,
    message: "Potential CSRF vulnerability due to forgery protection being disabled or weakened.",
  },
  {
    id: "py/insecure-cookie",
    cwes: ["CWE-614", "CWE-1004", "CWE-1275"],
    severity: "warning",
    securitySeverity: 5.0,
    message: "Cookie is added without the {0} attribute properly set.",
  },
];

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function ruleInfo(id: string): RuleInfo {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`unknown taint rule ${id}`);
  return rule;
}

export function allTaintRules(): readonly RuleInfo[] {
  return RULES;
}

/** CodeQL's query help page: py/sql-injection → .../python/py-sql-injection/. */
export function codeqlHelpUri(id: string): string {
  return `https://codeql.github.com/codeql-query-help/python/${id.replace(/\//g, "-")}/`;
}

/** Fill `{0}`, `{1}` placeholders of a non-flow message. */
export function formatMessage(template: string, ...args: string[]): string {
  return template.replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)] ?? "");
}
