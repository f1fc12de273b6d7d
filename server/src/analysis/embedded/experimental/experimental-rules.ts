import type { RuleInfo } from "../taint/rule-catalog.js";

/**
 * CodeQL's experimental Python security queries that seclsp implements (issue 16). Ids, CWEs
 * and security-severity come from CodeQL's metadata; where CodeQL gives no security-severity
 * (most experimental queries) the value is ours and docs/experimental-queries.md says so.
 */
export const EXPERIMENTAL_RULES: RuleInfo[] = [
  // Flow rules: sinks in experimental-sinks.ts, sources and propagation from the taint engine.
  {
    id: "py/xslt-injection",
    cwes: ["CWE-643"],
    severity: "error",
    securitySeverity: 9.1,
    message: "This XSLT query depends on a $@.",
  },
  {
    id: "py/js2py-rce",
    cwes: ["CWE-94"],
    severity: "error",
    securitySeverity: 9.3,
    message: "This input to Js2Py depends on a $@.",
    kind: "code",
  },
  {
    id: "py/reflective-xss-email",
    cwes: ["CWE-79", "CWE-116"],
    severity: "error",
    securitySeverity: 2.9,
    message: "Cross-site scripting vulnerability in an HTML email due to a $@.",
    kind: "xss",
    parameterSources: false,
  },
  {
    id: "py/csv-injection",
    cwes: ["CWE-1236"],
    severity: "warning",
    securitySeverity: 6.1,
    message: "Csv injection might include code from a $@.",
    parameterSources: false,
  },
  {
    id: "py/decompression-bomb",
    cwes: ["CWE-409"],
    severity: "error",
    securitySeverity: 7.8,
    message: "This uncontrolled decompression depends on a $@.",
    parameterSources: false,
  },
  // Pattern rules: checks in this folder; `$@` is filled from the finding's first flow step.
  {
    id: "py/jwt-missing-verification",
    cwes: ["CWE-347"],
    severity: "error",
    securitySeverity: 7.5,
    message: "This JWT is decoded without verifying its signature.",
  },
  {
    id: "py/jwt-empty-secret-or-algorithm",
    cwes: ["CWE-347"],
    severity: "error",
    securitySeverity: 7.5,
    message: "This JWT encoding uses an empty {0}.",
  },
  {
    id: "py/flask-constant-secret-key",
    cwes: ["CWE-287"],
    severity: "error",
    securitySeverity: 8.5,
    message: "The SECRET_KEY config variable is assigned by $@.",
  },
  {
    id: "py/improper-ldap-auth",
    cwes: ["CWE-287"],
    severity: "warning",
    securitySeverity: 7.5,
    message: "The following LDAP bind operation is executed without authentication ({0}).",
  },
  {
    id: "py/insecure-ldap-auth",
    cwes: ["CWE-522", "CWE-523"],
    severity: "error",
    securitySeverity: 7.5,
    message: "This LDAP host is authenticated insecurely: {0}.",
  },
  {
    id: "py/simple-xml-rpc-server-dos",
    cwes: ["CWE-776"],
    severity: "warning",
    securitySeverity: 7.5,
    message: "SimpleXMLRPCServer is vulnerable to XML bombs.",
  },
  {
    id: "py/insecure-randomness",
    cwes: ["CWE-338"],
    severity: "warning",
    securitySeverity: 7.8,
    message: "Cryptographically insecure $@ in a security context.",
  },
  {
    id: "py/possible-timing-attack-against-hash",
    cwes: ["CWE-208"],
    severity: "warning",
    securitySeverity: 5.9,
    message: "Possible timing attack against $@ validation.",
  },
  {
    id: "py/timing-attack-against-header-value",
    cwes: ["CWE-208"],
    severity: "error",
    securitySeverity: 5.9,
    message: "Timing attack against $@ validation.",
  },
  {
    id: "py/possible-timing-attack-sensitive-info",
    cwes: ["CWE-208"],
    severity: "warning",
    securitySeverity: 5.9,
    message: "Timing attack against $@ validation.",
  },
  {
    id: "py/ip-address-spoofing",
    cwes: ["CWE-348"],
    severity: "error",
    securitySeverity: 7.5,
    message: "IP address spoofing might include code from $@.",
  },
  {
    id: "py/cors-misconfiguration-with-credentials",
    cwes: ["CWE-942"],
    severity: "warning",
    securitySeverity: 8.8,
    message:
      "This CORS configuration allows arbitrary websites ({0}) to make authenticated cross-site requests.",
  },
  {
    id: "py/azure-storage/unsafe-client-side-encryption-in-use",
    cwes: ["CWE-327"],
    severity: "error",
    securitySeverity: 5.9,
    message: "Unsafe usage of v1 version of Azure Storage client-side encryption.",
  },
];
