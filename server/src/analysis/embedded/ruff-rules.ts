import type { Severity } from "../finding.js";

/**
 * What one ruff flake8-bandit (S) rule means for us. Ruff matches patterns, not data flows, so
 * a rule only borrows CodeQL's query id when that CodeQL query is itself a pattern query (or
 * its "flow" starts at a literal, like hard-coded credentials). Rules whose CodeQL twin needs a
 * taint flow keep "ruff/<code>" and name the twin in `taintTwin`; the taint engine emits the twin
 * when it confirms a flow and merges this finding into it.
 */
export interface RuffRuleMapping {
  /** Ruff's code, "S608". */
  code: string;
  /** Ruff's rule name, "hardcoded-sql-expression" (also the slug of its docs page). */
  name: string;
  /** Short human title. */
  title: string;
  /** CodeQL's query id when CodeQL has the same (pattern) query, else "ruff/<code>". */
  ruleId: string;
  /** Normalized CWE ids, most specific first. */
  cwes: string[];
  severity: Severity;
  /** CodeQL's security-severity; only set when `ruleId` is CodeQL's. */
  securitySeverity?: number;
  /** CodeQL taint query that reports the same weakness once a flow is confirmed. */
  taintTwin?: string;
  /** The rule's documentation page. */
  helpUri: string;
}

type RuleRow = [
  code: string,
  name: string,
  title: string,
  ruleId: string | null,
  cwes: number[],
  severity: Severity,
  securitySeverity?: number,
  taintTwin?: string,
];

// Every S rule ruff 0.17.4 reports without `preview` (checked against the wasm in
// test/unit/embedded/ruff-rules.test.ts). Security severities are CodeQL's for the borrowed ids.
// biome-ignore format: one rule per line reads as a table
const ROWS: RuleRow[] = [
  ["S101", "assert", "Use of assert", null, [703], "note"],
  ["S102", "exec-builtin", "Use of exec()", null, [94, 95], "warning", undefined, "py/code-injection"],
  ["S103", "bad-file-permissions", "Overly permissive file permissions", "py/overly-permissive-file", [732], "warning", 7.8],
  ["S104", "hardcoded-bind-all-interfaces", "Binding to all network interfaces", "py/bind-socket-all-network-interfaces", [200, 605], "error", 6.5],
  ["S105", "hardcoded-password-string", "Hard-coded password string", "py/hardcoded-credentials", [259, 798], "error", 9.8],
  ["S106", "hardcoded-password-func-arg", "Hard-coded password argument", "py/hardcoded-credentials", [259, 798], "error", 9.8],
  ["S107", "hardcoded-password-default", "Hard-coded password default", "py/hardcoded-credentials", [259, 798], "error", 9.8],
  ["S108", "hardcoded-temp-file", "Hard-coded temporary file path", null, [377, 379], "warning"],
  ["S110", "try-except-pass", "Exception silently ignored (pass)", null, [703], "note"],
  ["S112", "try-except-continue", "Exception silently ignored (continue)", null, [703], "note"],
  ["S113", "request-without-timeout", "HTTP request without timeout", null, [400], "warning"],
  ["S201", "flask-debug-true", "Flask app run in debug mode", "py/flask-debug", [215, 489], "error", 7.5],
  ["S202", "tarfile-unsafe-members", "Unfiltered tarfile extraction", null, [22], "warning", undefined, "py/tarslip"],
  ["S301", "suspicious-pickle-usage", "Deserialization with pickle", null, [502], "warning", undefined, "py/unsafe-deserialization"],
  ["S302", "suspicious-marshal-usage", "Deserialization with marshal", null, [502], "warning", undefined, "py/unsafe-deserialization"],
  ["S303", "suspicious-insecure-hash-usage", "Weak hash algorithm (MD2/MD4/MD5/SHA1)", "py/weak-sensitive-data-hashing", [327, 328], "warning", 7.5],
  ["S304", "suspicious-insecure-cipher-usage", "Broken cipher algorithm", "py/weak-cryptographic-algorithm", [327], "warning", 7.5],
  ["S305", "suspicious-insecure-cipher-mode-usage", "Insecure cipher mode (ECB)", "py/weak-cryptographic-algorithm", [327], "warning", 7.5],
  ["S306", "suspicious-mktemp-usage", "Insecure temporary file (mktemp)", "py/insecure-temporary-file", [377], "error", 7.0],
  ["S307", "suspicious-eval-usage", "Use of eval()", null, [94, 95], "warning", undefined, "py/code-injection"],
  ["S308", "suspicious-mark-safe-usage", "HTML marked safe (mark_safe)", null, [79], "warning", undefined, "py/reflective-xss"],
  ["S310", "suspicious-url-open-usage", "URL open without scheme check", null, [22, 918], "warning", undefined, "py/full-ssrf"],
  ["S311", "suspicious-non-cryptographic-random-usage", "Non-cryptographic random generator", null, [330, 338], "note"],
  ["S312", "suspicious-telnet-usage", "Telnet (cleartext protocol)", null, [319], "warning"],
  ["S313", "suspicious-xmlc-element-tree-usage", "Unsafe XML parsing (cElementTree)", null, [611, 776], "warning", undefined, "py/xxe"],
  ["S314", "suspicious-xml-element-tree-usage", "Unsafe XML parsing (ElementTree)", null, [611, 776], "warning", undefined, "py/xxe"],
  ["S315", "suspicious-xml-expat-reader-usage", "Unsafe XML parsing (expatreader)", null, [611, 776], "warning", undefined, "py/xxe"],
  ["S316", "suspicious-xml-expat-builder-usage", "Unsafe XML parsing (expatbuilder)", null, [611, 776], "warning", undefined, "py/xxe"],
  ["S317", "suspicious-xml-sax-usage", "Unsafe XML parsing (sax)", null, [611, 776], "warning", undefined, "py/xxe"],
  ["S318", "suspicious-xml-mini-dom-usage", "Unsafe XML parsing (minidom)", null, [611, 776], "warning", undefined, "py/xxe"],
  ["S319", "suspicious-xml-pull-dom-usage", "Unsafe XML parsing (pulldom)", null, [611, 776], "warning", undefined, "py/xxe"],
  ["S321", "suspicious-ftp-lib-usage", "FTP (cleartext protocol)", null, [319], "warning"],
  ["S323", "suspicious-unverified-context-usage", "SSL context without certificate validation", null, [295], "error"],
  ["S324", "hashlib-insecure-hash-function", "Weak hashlib algorithm", "py/weak-sensitive-data-hashing", [327, 328], "warning", 7.5],
  ["S501", "request-with-no-cert-validation", "Request without certificate validation", "py/request-without-cert-validation", [295], "error", 7.5],
  ["S502", "ssl-insecure-version", "Insecure SSL/TLS version", "py/insecure-protocol", [327], "warning", 7.5],
  ["S503", "ssl-with-bad-defaults", "Insecure SSL/TLS version as default", "py/insecure-protocol", [327], "warning", 7.5],
  ["S504", "ssl-with-no-version", "SSL/TLS version left to the default", "py/insecure-default-protocol", [327], "warning", 7.5],
  ["S505", "weak-cryptographic-key", "Weak cryptographic key size", "py/weak-crypto-key", [326], "error", 7.5],
  ["S506", "unsafe-yaml-load", "Unsafe YAML load", null, [502], "warning", undefined, "py/unsafe-deserialization"],
  ["S507", "ssh-no-host-key-verification", "SSH host key not verified", "py/paramiko-missing-host-key-validation", [295], "error", 7.5],
  ["S508", "snmp-insecure-version", "Insecure SNMP version (v1/v2c)", null, [319], "warning"],
  ["S509", "snmp-weak-cryptography", "SNMPv3 without authentication/encryption", null, [319, 327], "warning"],
  ["S601", "paramiko-call", "Shell command over paramiko", null, [78], "warning", undefined, "py/command-line-injection"],
  ["S602", "subprocess-popen-with-shell-equals-true", "subprocess with shell=True", null, [78], "warning", undefined, "py/command-line-injection"],
  ["S603", "subprocess-without-shell-equals-true", "subprocess call with non-literal arguments", null, [78], "note", undefined, "py/command-line-injection"],
  ["S604", "call-with-shell-equals-true", "Function call with shell=True", null, [78], "warning", undefined, "py/command-line-injection"],
  ["S605", "start-process-with-a-shell", "Process started with a shell", null, [78], "warning", undefined, "py/command-line-injection"],
  ["S606", "start-process-with-no-shell", "Process started without a shell", null, [78], "note", undefined, "py/command-line-injection"],
  ["S607", "start-process-with-partial-path", "Process started with a partial executable path", null, [426, 78], "note"],
  ["S608", "hardcoded-sql-expression", "SQL built with string formatting", null, [89], "warning", undefined, "py/sql-injection"],
  ["S609", "unix-command-wildcard-injection", "Wildcard in shell command", null, [155, 78], "warning"],
  ["S610", "django-extra", "Django QuerySet.extra()", null, [89], "warning", undefined, "py/sql-injection"],
  ["S611", "django-raw-sql", "Django RawSQL", null, [89], "warning", undefined, "py/sql-injection"],
  ["S612", "logging-config-insecure-listen", "logging.config.listen() without verify", null, [94], "warning"],
  ["S701", "jinja2-autoescape-false", "Jinja2 autoescape disabled", "py/jinja2/autoescape-false", [79], "error", 6.1],
  ["S702", "mako-templates", "Mako templates (no autoescape)", null, [79, 80], "warning", undefined, "py/reflective-xss"],
  ["S704", "unsafe-markup-use", "Markup built from unescaped data", null, [79], "warning", undefined, "py/reflective-xss"],
];

/**
 * S rules ruff 0.17.4 knows but never reports in our (non-preview) configuration, and why.
 * Not mapped: a mapping nobody can trigger would only pad the coverage list.
 */
export const RUFF_UNREPORTED_RULES: Record<string, string> = {
  S320: "suspicious-xmle-tree-usage: deprecated and removed (lxml is safe by default); never fires",
  S401: "suspicious-telnetlib-import: preview only (flags the import itself)",
  S402: "suspicious-ftplib-import: preview only",
  S403: "suspicious-pickle-import: preview only",
  S404: "suspicious-subprocess-import: preview only",
  S405: "suspicious-xml-etree-import: preview only",
  S406: "suspicious-xml-sax-import: preview only",
  S407: "suspicious-xml-expat-import: preview only",
  S408: "suspicious-xml-minidom-import: preview only",
  S409: "suspicious-xml-pulldom-import: preview only",
  S410: "suspicious-lxml-import: removed; never fires",
  S411: "suspicious-xmlrpc-import: preview only",
  S412: "suspicious-httpoxy-import: preview only",
  S413: "suspicious-pycrypto-import: preview only",
  S415: "suspicious-pyghmi-import: preview only",
};

function helpUriFor(ruleId: string, name: string): string {
  if (ruleId.startsWith("py/")) {
    return `https://codeql.github.com/codeql-query-help/python/${ruleId.replaceAll("/", "-")}/`;
  }
  return `https://docs.astral.sh/ruff/rules/${name}/`;
}

function toMapping([
  code,
  name,
  title,
  codeqlId,
  cwes,
  severity,
  securitySeverity,
  taintTwin,
]: RuleRow): RuffRuleMapping {
  const ruleId = codeqlId ?? `ruff/${code}`;
  const mapping: RuffRuleMapping = {
    code,
    name,
    title,
    ruleId,
    cwes: cwes.map((n) => `CWE-${n}`),
    severity,
    helpUri: helpUriFor(ruleId, name),
  };
  if (securitySeverity !== undefined) mapping.securitySeverity = securitySeverity;
  if (taintTwin !== undefined) mapping.taintTwin = taintTwin;
  return mapping;
}

/** ruff flake8-bandit code → meaning. */
export const RUFF_RULES: Readonly<Record<string, RuffRuleMapping>> = Object.freeze(
  Object.fromEntries(ROWS.map((row) => [row[0], toMapping(row)])),
);

/** Mapping for a ruff code; an S code we do not know (newer ruff) falls back to ruff/<code>, no CWE. */
export function ruffRuleMapping(code: string): RuffRuleMapping {
  return (
    RUFF_RULES[code] ?? {
      code,
      name: code,
      title: `ruff ${code}`,
      ruleId: `ruff/${code}`,
      cwes: [],
      severity: "warning",
      helpUri: "https://docs.astral.sh/ruff/rules/",
    }
  );
}

/**
 * What the embedded ruff pass can report: CodeQL query ids (rules that borrow CodeQL's id) and
 * CWEs. The bench uses it as the paper's "coverage filter" (only tasks whose CWE the analyzer can
 * see count). Taint twins are not included: the ruff pass alone never emits them.
 */
export const RUFF_COVERAGE: Readonly<{ codeqlIds: readonly string[]; cwes: readonly string[] }> =
  Object.freeze({
    codeqlIds: [...new Set(Object.values(RUFF_RULES).map((m) => m.ruleId))]
      .filter((id) => id.startsWith("py/"))
      .sort(),
    cwes: [...new Set(Object.values(RUFF_RULES).flatMap((m) => m.cwes))].sort(
      (a, b) => Number(a.slice(4)) - Number(b.slice(4)),
    ),
  });
