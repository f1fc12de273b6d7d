import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as sarif from "sarif";
import { normalizeCwe } from "../cwe.js";
import { cweInfo } from "../cwe-catalog.js";
import { RUFF_RULES } from "../embedded/ruff-rules.js";
import type { Finding, FindingSource, Range } from "../finding.js";
import { embeddedLinkIds, embeddedLinkTexts, plainMessageText } from "../message-text.js";
import { reportersOf } from "../reporters.js";
import { ruleById } from "../rules/rule-registry.js";

export interface SarifExportOptions {
  /** seclsp's version, for the embedded run's driver. */
  toolVersion: string;
  /**
   * Directory (path or file: URI) that file paths are made relative to, under uriBaseId
   * "%SRCROOT%" (what GitHub code scanning expects). Files outside it stay absolute file: URIs.
   */
  baseUri?: string;
  /** Versions of the external tools, when known. */
  codeqlVersion?: string;
  banditVersion?: string;
  /** Emit a run for these sources even when they have no findings (a clean result is a result). */
  sources?: FindingSource[];
}

const SRCROOT = "%SRCROOT%";
const SOURCE_ORDER: FindingSource[] = ["embedded", "codeql", "bandit"];

// Titles of CodeQL's Python security queries (CodeQL 2.19.3 query metadata `@name`).
const CODEQL_TITLES: Record<string, string> = {
  "py/bind-socket-all-network-interfaces": "Binding a socket to all network interfaces",
  "py/cookie-injection": "Construction of a cookie using user-supplied input",
  "py/incomplete-hostname-regexp": "Incomplete regular expression for hostnames",
  "py/incomplete-url-substring-sanitization": "Incomplete URL substring sanitization",
  "py/overly-large-range": "Overly permissive regular expression range",
  "py/path-injection": "Uncontrolled data used in path expression",
  "py/tarslip": "Arbitrary file write during tarfile extraction",
  "py/template-injection": "Server Side Template Injection",
  "py/command-line-injection": "Uncontrolled command line",
  "py/shell-command-constructed-from-input": "Unsafe shell command constructed from library input",
  "py/jinja2/autoescape-false": "Jinja2 templating with autoescape=False",
  "py/reflective-xss": "Reflected server-side cross-site scripting",
  "py/sql-injection": "SQL query built from user-controlled sources",
  "py/ldap-injection": "LDAP query built from user-controlled sources",
  "py/code-injection": "Code injection",
  "py/http-response-splitting": "HTTP Response Splitting",
  "py/bad-tag-filter": "Bad HTML filtering regexp",
  "py/log-injection": "Log Injection",
  "py/stack-trace-exposure": "Information exposure through an exception",
  "py/flask-debug": "Flask app is run in debug mode",
  "py/pam-auth-bypass": "PAM authorization bypass due to incorrect usage",
  "py/paramiko-missing-host-key-validation": "Accepting unknown SSH host keys when using Paramiko",
  "py/request-without-cert-validation": "Request without certificate validation",
  "py/clear-text-logging-sensitive-data": "Clear-text logging of sensitive information",
  "py/clear-text-storage-sensitive-data": "Clear-text storage of sensitive information",
  "py/weak-crypto-key": "Use of weak cryptographic key",
  "py/weak-cryptographic-algorithm": "Use of a broken or weak cryptographic algorithm",
  "py/insecure-default-protocol": "Default version of SSL/TLS may be insecure",
  "py/insecure-protocol": "Use of insecure SSL/TLS version",
  "py/weak-sensitive-data-hashing":
    "Use of a broken or weak cryptographic hashing algorithm on sensitive data",
  "py/csrf-protection-disabled": "CSRF protection weakened or disabled",
  "py/insecure-temporary-file": "Insecure temporary file",
  "py/unsafe-deserialization": "Deserializing untrusted input",
  "py/url-redirection": "URL redirection from remote source",
  "py/xxe": "XML external entity expansion",
  "py/insecure-cookie": "Failure to use secure cookies",
  "py/xpath-injection": "XPath query built from user-controlled sources",
  "py/polynomial-redos": "Polynomial regular expression used on uncontrolled data",
  "py/redos": "Inefficient regular expression",
  "py/regex-injection": "Regular expression injection",
  "py/overly-permissive-file": "Overly permissive file permissions",
  "py/xml-bomb": "XML internal entity expansion",
  "py/hardcoded-credentials": "Hard-coded credentials",
  "py/full-ssrf": "Full server-side request forgery",
  "py/partial-ssrf": "Partial server-side request forgery",
  "py/nosql-injection": "NoSQL Injection",
};

function driverFor(source: FindingSource, options: SarifExportOptions): sarif.ToolComponent {
  switch (source) {
    case "embedded":
      return { name: "seclsp", semanticVersion: options.toolVersion, rules: [] };
    case "codeql":
      return {
        name: "CodeQL",
        ...(options.codeqlVersion ? { semanticVersion: options.codeqlVersion } : {}),
        rules: [],
      };
    case "bandit":
      return {
        name: "Bandit",
        ...(options.banditVersion ? { semanticVersion: options.banditVersion } : {}),
        rules: [],
      };
  }
}

/** "CWE-89" → "external/cwe/cwe-089", CodeQL's tag spelling (3 digits at least). */
export function cweTag(cwe: string): string | undefined {
  const n = normalizeCwe(cwe);
  return n ? `external/cwe/cwe-${n.slice(4).padStart(3, "0")}` : undefined;
}

/** The ruff check that reported a finding, when ruff did (its title and docs page). */
function ruffMappingOf(f: Finding) {
  const ruff = reportersOf(f).find((r) => r.tool === "ruff");
  return ruff ? RUFF_RULES[ruff.ruleId] : undefined;
}

function ruleTitle(f: Finding): string {
  const problem = ruleById(f.ruleId);
  if (problem) return problem.name;
  // CodeQL queries seclsp itself never reports (imported CodeQL results).
  const fromCodeql = CODEQL_TITLES[f.ruleId];
  if (fromCodeql) return fromCodeql;
  const ruff = ruffMappingOf(f);
  if (ruff) return ruff.title;
  return f.cwes[0] ? cweInfo(f.cwes[0]).name : f.ruleId;
}

function helpUriOf(f: Finding): string | undefined {
  if (f.helpUri) return f.helpUri;
  const problem = ruleById(f.ruleId);
  if (problem?.helpUri) return problem.helpUri;
  const ruff = ruffMappingOf(f);
  if (ruff) return ruff.helpUri;
  if (f.ruleId.startsWith("py/"))
    return `https://codeql.github.com/codeql-query-help/python/${f.ruleId.replaceAll("/", "-")}/`;
  return f.cwes[0] ? cweInfo(f.cwes[0]).href : undefined;
}

/** CWEs every finding of a rule shares go on the rule; the rest on each result (importers union them). */
function sharedCwes(findings: Finding[]): string[] {
  const [first, ...rest] = findings.map((f) => f.cwes.map((c) => normalizeCwe(c) ?? c));
  return (first ?? []).filter((cwe) => rest.every((cwes) => cwes.includes(cwe)));
}

function ruleFor(id: string, findings: Finding[]): sarif.ReportingDescriptor {
  const first = findings[0]!;
  const title = ruleTitle(first);
  const cweTags = sharedCwes(findings)
    .map(cweTag)
    .filter((t): t is string => t !== undefined);
  const properties: sarif.PropertyBag = { tags: ["security", ...cweTags] };
  const scores = findings.map((f) => f.securitySeverity).filter((s): s is number => s !== undefined);
  if (scores.length > 0) properties["security-severity"] = Math.max(...scores).toFixed(1);
  const ruff = ruffMappingOf(first);
  const rule: sarif.ReportingDescriptor = {
    id,
    name: ruff && id.startsWith("ruff/") ? ruff.name : id,
    shortDescription: { text: title },
    defaultConfiguration: { level: ruleById(id)?.severity ?? first.severity },
    properties,
  };
  const helpUri = helpUriOf(first);
  if (helpUri) rule.helpUri = helpUri;
  return rule;
}

interface Artifacts {
  location(file: string): sarif.ArtifactLocation;
}

function artifactsFor(baseUri: string | undefined): Artifacts {
  const base =
    baseUri === undefined
      ? undefined
      : /^file:/i.test(baseUri)
        ? fileURLToPath(baseUri)
        : path.resolve(baseUri);
  return {
    location(file) {
      if (/^[a-z][a-z0-9+.-]+:/i.test(file) && !/^[a-z]:[\\/]/i.test(file)) return { uri: file };
      const absolute = path.resolve(file);
      if (base !== undefined) {
        const relative = path.relative(base, absolute);
        if (relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative)) {
          return { uri: relative.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
        }
      }
      return { uri: pathToFileURL(absolute).href };
    },
  };
}

/** 0-based UTF-16 range → 1-based SARIF region (end column exclusive), columnKind utf16CodeUnits. */
function regionOf(range: Range): sarif.Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function locationOf(artifacts: Artifacts, file: string, range: Range, message?: string): sarif.Location {
  const location: sarif.Location = {
    physicalLocation: { artifactLocation: artifacts.location(file), region: regionOf(range) },
  };
  if (message !== undefined) location.message = { text: message };
  return location;
}

/**
 * SARIF consumers resolve `[text](n)` against `relatedLocations` by id. A Finding's link `n` is
 * flow step n (source first), so each linked step becomes a related location with that id. A
 * message with a link to no step goes out as plain text, never as a dangling link.
 */
function linkedMessage(f: Finding, artifacts: Artifacts): Pick<sarif.Result, "message" | "relatedLocations"> {
  const ids = embeddedLinkIds(f.message).sort((a, b) => a - b);
  if (ids.length === 0) return { message: { text: f.message } };
  const flow = f.flow ?? [];
  if (!ids.every((id) => id >= 1 && id <= flow.length))
    return { message: { text: plainMessageText(f.message) } };
  const texts = embeddedLinkTexts(f.message);
  const relatedLocations = ids.map((id): sarif.Location => {
    const step = flow[id - 1]!;
    return { id, ...locationOf(artifacts, step.file, step.range, texts.get(id) ?? step.message) };
  });
  return { message: { text: f.message }, relatedLocations };
}

function runFor(
  source: FindingSource,
  findings: Finding[],
  options: SarifExportOptions,
  artifacts: Artifacts,
): sarif.Run {
  const driver = driverFor(source, options);
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const ruleIds = [...byRule.keys()].sort();
  driver.rules = ruleIds.map((id) => ruleFor(id, byRule.get(id)!));
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const ruleCwes = new Map(ruleIds.map((id) => [id, new Set(sharedCwes(byRule.get(id)!))]));

  const results = findings.map((f): sarif.Result => {
    const { message, relatedLocations } = linkedMessage(f, artifacts);
    const result: sarif.Result = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId)!,
      level: f.severity,
      message,
      locations: [locationOf(artifacts, f.file, f.range)],
      ...(relatedLocations ? { relatedLocations } : {}),
      partialFingerprints: { "seclsp/v1": f.fingerprint },
    };
    const own = ruleCwes.get(f.ruleId)!;
    const extra = f.cwes
      .filter((c) => !own.has(normalizeCwe(c) ?? c))
      .map(cweTag)
      .filter((t): t is string => t !== undefined);
    const properties: sarif.PropertyBag = {};
    if (extra.length > 0) properties.tags = extra;
    // Provenance as data (a SARIF import restores it), never in the message text.
    properties["seclsp/reporters"] = reportersOf(f).map((r) => ({ tool: r.tool, ruleId: r.ruleId }));
    if (Object.keys(properties).length > 0) result.properties = properties;
    if (f.flow && f.flow.length > 0) {
      result.codeFlows = [
        {
          threadFlows: [
            {
              locations: f.flow.map((step) => ({
                location: locationOf(artifacts, step.file, step.range, step.message),
              })),
            },
          ],
        },
      ];
    }
    return result;
  });

  const run: sarif.Run = { tool: { driver }, columnKind: "utf16CodeUnits", results };
  if (options.baseUri !== undefined) {
    const base = /^file:/i.test(options.baseUri)
      ? fileURLToPath(options.baseUri)
      : path.resolve(options.baseUri);
    const href = pathToFileURL(base).href;
    run.originalUriBaseIds = { [SRCROOT]: { uri: href.endsWith("/") ? href : `${href}/` } };
  }
  return run;
}

/**
 * Findings → SARIF 2.1.0: one run per source (embedded, codeql, bandit, in that order) with its
 * rules in `tool.driver.rules` (CWE tags and security-severity like CodeQL's), results pointing at
 * them by ruleId + ruleIndex, 1-based UTF-16 regions, our fingerprint under "seclsp/v1" and
 * `codeFlows` for flow findings. Results keep the input order.
 */
export function toSarif(findings: readonly Finding[], options: SarifExportOptions): sarif.Log {
  const artifacts = artifactsFor(options.baseUri);
  const wanted = new Set<FindingSource>([...findings.map((f) => f.source), ...(options.sources ?? [])]);
  if (wanted.size === 0) wanted.add("embedded");
  const runs = SOURCE_ORDER.filter((source) => wanted.has(source)).map((source) =>
    runFor(
      source,
      findings.filter((f) => f.source === source),
      options,
      artifacts,
    ),
  );
  return { $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs };
}
