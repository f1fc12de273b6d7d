import type { CodeqlProblemRow } from "./codeql-problems.js";

/**
 * CodeQL's experimental Python security queries that seclsp implements, with CodeQL's metadata
 * (names from CodeQL's query table; where CodeQL gives no security-severity the value is ours,
 * see docs/experimental-queries.md). `taint` = reported by the embedded engine (taint flows or
 * the pattern checks in embedded/experimental/).
 */
// biome-ignore format: one query per line reads as a table
export const EXPERIMENTAL_PROBLEMS: readonly CodeqlProblemRow[] = [
  { id: "py/xslt-injection", name: "XSLT query built from user-controlled sources", cwes: [643], severity: "error", securitySeverity: 9.1, taint: true },
  { id: "py/js2py-rce", name: "JavaScript code execution.", cwes: [94], severity: "error", securitySeverity: 9.3, taint: true },
  { id: "py/reflective-xss-email", name: "Reflected server-side cross-site scripting", cwes: [79, 116], severity: "error", securitySeverity: 2.9, taint: true },
  { id: "py/csv-injection", name: "Csv Injection", cwes: [1236], severity: "warning", securitySeverity: 6.1, taint: true },
  { id: "py/decompression-bomb", name: "Decompression Bomb", cwes: [409], severity: "error", securitySeverity: 7.8, taint: true },
  { id: "py/jwt-missing-verification", name: "JWT missing secret or public key verification", cwes: [347], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/jwt-empty-secret-or-algorithm", name: "JWT encoding using empty key or algorithm", cwes: [347], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/flask-constant-secret-key", name: "Initializing SECRET_KEY of Flask application with Constant value", cwes: [287], severity: "error", securitySeverity: 8.5, taint: true },
  { id: "py/improper-ldap-auth", name: "Improper LDAP Authentication", cwes: [287], severity: "warning", securitySeverity: 7.5, taint: true },
  { id: "py/insecure-ldap-auth", name: "Python Insecure LDAP Authentication", cwes: [522, 523], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/simple-xml-rpc-server-dos", name: "SimpleXMLRPCServer denial of service", cwes: [776], severity: "warning", securitySeverity: 7.5, taint: true },
  { id: "py/insecure-randomness", name: "Insecure randomness", cwes: [338], severity: "warning", securitySeverity: 7.8, taint: true },
  { id: "py/possible-timing-attack-against-hash", name: "Timing attack against Hash", cwes: [208], severity: "warning", securitySeverity: 5.9, taint: true },
  { id: "py/timing-attack-against-header-value", name: "Timing attack against header value", cwes: [208], severity: "error", securitySeverity: 5.9, taint: true },
  { id: "py/possible-timing-attack-sensitive-info", name: "Timing attack against secret", cwes: [208], severity: "warning", securitySeverity: 5.9, taint: true },
  { id: "py/ip-address-spoofing", name: "IP address spoofing", cwes: [348], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/cors-misconfiguration-with-credentials", name: "Cors misconfiguration with credentials", cwes: [942], severity: "warning", securitySeverity: 8.8, taint: true },
  { id: "py/azure-storage/unsafe-client-side-encryption-in-use", name: "Unsafe usage of v1 version of Azure Storage client-side encryption.", cwes: [327], severity: "error", securitySeverity: 5.9, taint: true },
  { id: "py/zipslip", name: "Arbitrary file access during archive extraction (\"Zip Slip\")", cwes: [22], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/unsafe-unpacking", name: "Arbitrary file write during a tarball extraction from a user controlled source", cwes: [22], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/cors-bypass", name: "Cross Origin Resource Sharing(CORS) Policy Bypass", cwes: [346], severity: "warning", securitySeverity: 6.1, taint: true },
  { id: "py/unicode-bypass-validation", name: "Bypass Logical Validation Using Unicode Characters", cwes: [176, 179, 180], severity: "error", securitySeverity: 7.5, taint: true },
  { id: "py/unicode-dos", name: "Denial of Service using Unicode Characters", cwes: [770], severity: "warning", securitySeverity: 6.5, taint: true },
];
