import type { EngineSpec } from "../taint/rule-catalog.js";

/**
 * What the engine adds to CodeQL's experimental Python security queries it implements (issue 16):
 * the message template, sink kind and parameter-source setting. Ids, CWEs, severity and
 * security-severity live in the rule registry (analysis/rules/experimental-problems.ts).
 */
export const EXPERIMENTAL_RULES: EngineSpec[] = [
  { id: "py/xslt-injection", message: "This XSLT query depends on a $@." },
  { id: "py/js2py-rce", message: "This input to Js2Py depends on a $@.", kind: "code" },
  {
    id: "py/reflective-xss-email",
    message: "Cross-site scripting vulnerability in an HTML email due to a $@.",
    kind: "xss",
    parameterSources: false,
  },
  { id: "py/csv-injection", message: "Csv injection might include code from a $@.", parameterSources: false },
  {
    id: "py/decompression-bomb",
    message: "This uncontrolled decompression depends on a $@.",
    parameterSources: false,
  },
  {
    id: "py/zipslip",
    message: "This file system operation uses an unsanitized $@, which may contain '..'.",
    kind: "path",
    parameterSources: false,
  },
  {
    id: "py/unsafe-unpacking",
    message: "Unsafe extraction of an archive that depends on a $@.",
    kind: "path",
  },
  {
    id: "py/cors-bypass",
    message: "Potentially incorrect string comparison on a $@ which could lead to a CORS bypass.",
  },
  {
    id: "py/unicode-bypass-validation",
    message:
      "This Unicode normalization (NFKC/NFKD) runs after $@ of the same value: look-alike characters become what the check rejected.",
  },
  {
    id: "py/unicode-dos",
    message: "This Unicode normalization (NFKC/NFKD) of a $@ has no length limit: long inputs make it slow.",
  },
  { id: "py/jwt-missing-verification", message: "This JWT is decoded without verifying its signature." },
  { id: "py/jwt-empty-secret-or-algorithm", message: "This JWT encoding uses an empty {0}." },
  { id: "py/flask-constant-secret-key", message: "The SECRET_KEY config variable is assigned by $@." },
  {
    id: "py/improper-ldap-auth",
    message: "The following LDAP bind operation is executed without authentication ({0}).",
  },
  { id: "py/insecure-ldap-auth", message: "This LDAP host is authenticated insecurely: {0}." },
  { id: "py/simple-xml-rpc-server-dos", message: "SimpleXMLRPCServer is vulnerable to XML bombs." },
  { id: "py/insecure-randomness", message: "Cryptographically insecure $@ in a security context." },
  { id: "py/possible-timing-attack-against-hash", message: "Possible timing attack against $@ validation." },
  { id: "py/timing-attack-against-header-value", message: "Timing attack against $@ validation." },
  { id: "py/possible-timing-attack-sensitive-info", message: "Timing attack against $@ validation." },
  { id: "py/ip-address-spoofing", message: "IP address spoofing might include code from $@." },
  {
    id: "py/cors-misconfiguration-with-credentials",
    message:
      "This CORS configuration allows arbitrary websites ({0}) to make authenticated cross-site requests.",
  },
  {
    id: "py/azure-storage/unsafe-client-side-encryption-in-use",
    message: "Unsafe usage of v1 version of Azure Storage client-side encryption.",
  },
];
