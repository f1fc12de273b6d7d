import type { Severity } from "../finding.js";

/**
 * CodeQL queries seclsp reports under CodeQL's own id, with CodeQL 2.19.3's metadata (checked
 * against test/unit/analysis/fixtures/codeql-python-queries.tsv). `taint` marks the queries our
 * tree-sitter engine implements; the pattern queries are also reported by ruff/Bandit checks
 * listed in pattern-checks.ts. `extraCwes` are CWEs we add to CodeQL's, each with a reason.
 */
export interface CodeqlProblemRow {
  id: string;
  name: string;
  cwes: number[];
  severity: Severity;
  securitySeverity: number;
  taint?: true;
  extraCwes?: { cwes: number[]; why: string };
}

// biome-ignore format: one query per line reads as a table
export const CODEQL_PROBLEMS: readonly CodeqlProblemRow[] = [
  { id: "py/sql-injection", name: "SQL query built from user-controlled sources", cwes: [89], severity: "error", securitySeverity: 8.8, taint: true },
  { id: "py/command-line-injection", name: "Uncontrolled command line", cwes: [78, 88], severity: "error", securitySeverity: 9.8, taint: true },
  { id: "py/code-injection", name: "Code injection", cwes: [94, 95, 116], severity: "error", securitySeverity: 9.3, taint: true },
  { id: "py/path-injection", name: "Uncontrolled data used in path expression", cwes: [22, 23, 36, 73, 99], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/tarslip", name: "Arbitrary file write during tarfile extraction", cwes: [22], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/unsafe-deserialization", name: "Deserializing untrusted input", cwes: [502], severity: "error", securitySeverity: 9.8, taint: true },
  { id: "py/url-redirection", name: "URL redirection from remote source", cwes: [601], severity: "error", securitySeverity: 6.1, taint: true },
  { id: "py/full-ssrf", name: "Full server-side request forgery", cwes: [918], severity: "error", securitySeverity: 9.1, taint: true },
  { id: "py/partial-ssrf", name: "Partial server-side request forgery", cwes: [918], severity: "error", securitySeverity: 9.1, taint: true },
  { id: "py/reflective-xss", name: "Reflected server-side cross-site scripting", cwes: [79, 116], severity: "error", securitySeverity: 6.1, taint: true },
  { id: "py/jinja2/autoescape-false", name: "Jinja2 templating with autoescape=False", cwes: [79], severity: "error", securitySeverity: 6.1, taint: true },
  { id: "py/template-injection", name: "Server Side Template Injection", cwes: [74], severity: "error", securitySeverity: 9.3, taint: true, extraCwes: { cwes: [1336], why: "CWE-1336 is the specific CWE for template injection (SecCodePLT targets it); CodeQL tags only the CWE-74 umbrella" } },
  { id: "py/log-injection", name: "Log Injection", cwes: [117], severity: "error", securitySeverity: 7.8, taint: true },
  { id: "py/regex-injection", name: "Regular expression injection", cwes: [730, 400], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/polynomial-redos", name: "Polynomial regular expression used on uncontrolled data", cwes: [1333, 730, 400], severity: "warning", securitySeverity: 7.5, taint: true },
  { id: "py/redos", name: "Inefficient regular expression", cwes: [1333, 730, 400], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/bad-tag-filter", name: "Bad HTML filtering regexp", cwes: [116, 20, 185, 186], severity: "warning", securitySeverity: 7.8, taint: true },
  { id: "py/overly-large-range", name: "Overly permissive regular expression range", cwes: [20], severity: "warning", securitySeverity: 5.0, taint: true },
  { id: "py/incomplete-hostname-regexp", name: "Incomplete regular expression for hostnames", cwes: [20], severity: "warning", securitySeverity: 7.8, taint: true },
  { id: "py/xxe", name: "XML external entity expansion", cwes: [611, 827], severity: "error", securitySeverity: 9.1, taint: true },
  { id: "py/xml-bomb", name: "XML internal entity expansion", cwes: [776, 400], severity: "warning", securitySeverity: 7.5, taint: true },
  { id: "py/xpath-injection", name: "XPath query built from user-controlled sources", cwes: [643], severity: "error", securitySeverity: 9.8, taint: true },
  { id: "py/ldap-injection", name: "LDAP query built from user-controlled sources", cwes: [90], severity: "error", securitySeverity: 9.8, taint: true },
  { id: "py/http-response-splitting", name: "HTTP Response Splitting", cwes: [113, 79], severity: "error", securitySeverity: 6.1, taint: true },
  { id: "py/cookie-injection", name: "Construction of a cookie using user-supplied input", cwes: [20], severity: "warning", securitySeverity: 5.0, taint: true },
  { id: "py/nosql-injection", name: "NoSQL Injection", cwes: [943], severity: "error", securitySeverity: 8.8, taint: true },
  { id: "py/stack-trace-exposure", name: "Information exposure through an exception", cwes: [209, 497], severity: "error", securitySeverity: 5.4, taint: true },
  { id: "py/clear-text-logging-sensitive-data", name: "Clear-text logging of sensitive information", cwes: [312, 359, 532], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/clear-text-storage-sensitive-data", name: "Clear-text storage of sensitive information", cwes: [312, 315, 359], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/flask-debug", name: "Flask app is run in debug mode", cwes: [215, 489], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/bind-socket-all-network-interfaces", name: "Binding a socket to all network interfaces", cwes: [200], severity: "error", securitySeverity: 6.5, taint: true },
  { id: "py/insecure-temporary-file", name: "Insecure temporary file", cwes: [377], severity: "error", securitySeverity: 7.0, taint: true },
  { id: "py/overly-permissive-file", name: "Overly permissive file permissions", cwes: [732], severity: "warning", securitySeverity: 7.8, taint: true },
  { id: "py/weak-crypto-key", name: "Use of weak cryptographic key", cwes: [326], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/insecure-protocol", name: "Use of insecure SSL/TLS version", cwes: [327], severity: "warning", securitySeverity: 7.5, taint: true },
  { id: "py/insecure-default-protocol", name: "Default version of SSL/TLS may be insecure", cwes: [327], severity: "warning", securitySeverity: 7.5 },
  { id: "py/paramiko-missing-host-key-validation", name: "Accepting unknown SSH host keys when using Paramiko", cwes: [295], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/request-without-cert-validation", name: "Request without certificate validation", cwes: [295], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/hardcoded-credentials", name: "Hard-coded credentials", cwes: [259, 321, 798], severity: "error", securitySeverity: 9.8, taint: true },
  { id: "py/incomplete-url-substring-sanitization", name: "Incomplete URL substring sanitization", cwes: [20], severity: "warning", securitySeverity: 7.8, taint: true },
  { id: "py/csrf-protection-disabled", name: "CSRF protection weakened or disabled", cwes: [352], severity: "warning", securitySeverity: 8.8, taint: true },
  { id: "py/insecure-cookie", name: "Failure to use secure cookies", cwes: [614, 1004, 1275], severity: "warning", securitySeverity: 5.0, taint: true },
  { id: "py/weak-sensitive-data-hashing", name: "Use of a broken or weak cryptographic hashing algorithm on sensitive data", cwes: [327, 328, 916], severity: "warning", securitySeverity: 7.5 },
  { id: "py/weak-cryptographic-algorithm", name: "Use of a broken or weak cryptographic algorithm", cwes: [327], severity: "warning", securitySeverity: 7.5, taint: true },
];
