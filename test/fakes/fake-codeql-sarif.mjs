// Query resolution and SARIF results for the fake CodeQL CLI (test/fakes/codeql): rule
// metadata copied from real CodeQL output, results chosen by `# fake-codeql:` markers.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const sha256 = (text) => createHash("sha256").update(text).digest("hex");

/** A runtime error the CLI reports as "A fatal error occurred: ..." with an exit code. */
export class FatalError extends Error {
  constructor(message, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

const KNOWN_SUITES = new Set([
  "python-code-scanning.qls",
  "python-security-extended.qls",
  "python-security-and-quality.qls",
  "python-security-experimental.qls",
]);

/** Rules for the given query specifiers: the pack's rules, or the metadata of custom .ql files. */
export function resolveQueries(specs) {
  const metadata = JSON.parse(fs.readFileSync(path.join(HERE, "codeql-rules.json"), "utf8"));
  const pack = { name: metadata.pack.name, semanticVersion: metadata.pack.semanticVersion, rules: [] };
  const custom = { name: "fake/custom-queries", semanticVersion: "0.0.0", rules: [] };
  let usePack = specs.length === 0;
  for (const spec of specs) {
    const packMatch = /^([a-z0-9-]+\/[a-z0-9-]+)(@[^:]+)?(?::(.+))?$/.exec(spec);
    if (fs.existsSync(spec)) {
      const stat = fs.statSync(spec);
      const qlFiles = stat.isDirectory()
        ? fs
            .readdirSync(spec)
            .filter((f) => f.endsWith(".ql"))
            .map((f) => path.join(spec, f))
        : spec.endsWith(".ql")
          ? [spec]
          : [];
      if (!stat.isDirectory() && !spec.endsWith(".ql") && !spec.endsWith(".qls")) {
        throw new FatalError(
          `${spec} is not a .ql file, .qls file, a directory, or a query pack specification.`,
        );
      }
      if (spec.endsWith(".qls")) usePack = true;
      for (const ql of qlFiles) custom.rules.push(ruleFromQl(ql));
    } else if (KNOWN_SUITES.has(spec)) {
      usePack = true;
    } else if (packMatch && !spec.includes("\\")) {
      if (packMatch[1] !== "codeql/python-queries") {
        throw new FatalError(`Query pack ${packMatch[1]} cannot be found. Check the spelling of the pack.`);
      }
      const inner = packMatch[3];
      if (inner && !/^codeql-suites\/python-[a-z-]+\.qls$/.test(inner) && !/\.ql$/.test(inner)) {
        throw new FatalError(`Could not find ${inner} in pack codeql/python-queries.`);
      }
      if (
        inner &&
        /^codeql-suites\//.test(inner) &&
        !KNOWN_SUITES.has(inner.slice("codeql-suites/".length))
      ) {
        throw new FatalError(`Could not find ${inner} in pack codeql/python-queries.`);
      }
      usePack = true;
    } else {
      throw new FatalError(
        `${spec} is not a .ql file, .qls file, a directory, or a query pack specification.`,
      );
    }
  }
  if (usePack) pack.rules = metadata.rules;
  return {
    driver: metadata.driver,
    components: [pack, custom].filter((c, i) => i === 0 || c.rules.length > 0),
  };
}

function ruleFromQl(file) {
  const text = fs.readFileSync(file, "utf8");
  const header = /\/\*\*([\s\S]*?)\*\//.exec(text)?.[1] ?? "";
  const tags = {};
  let last;
  for (const raw of header.split("\n")) {
    const line = raw.replace(/^\s*\*\s?/, "");
    const m = /^@(\S+)\s*(.*)$/.exec(line.trim());
    if (m) {
      last = m[1];
      tags[last] = m[2].trim();
    } else if (last && line.trim()) tags[last] += ` ${line.trim()}`;
  }
  if (!tags.id) throw new FatalError(`Query ${file} has no @id in its metadata.`);
  return {
    id: tags.id,
    name: tags.id,
    shortDescription: { text: tags.name ?? tags.id },
    fullDescription: { text: tags.description ?? tags.name ?? tags.id },
    defaultConfiguration: {
      enabled: true,
      level: tags["problem.severity"] === "recommendation" ? "note" : (tags["problem.severity"] ?? "warning"),
    },
    properties: {
      tags: (tags.tags ?? "").split(/\s+/).filter(Boolean),
      description: tags.description ?? "",
      id: tags.id,
      kind: tags.kind ?? "problem",
      name: tags.name ?? tags.id,
      precision: tags.precision ?? "medium",
      "problem.severity": tags["problem.severity"] ?? "warning",
      ...(tags["security-severity"] ? { "security-severity": tags["security-severity"] } : {}),
    },
  };
}

const PATH_MESSAGES = {
  "py/sql-injection": "This SQL query depends on a {source}.",
  "py/command-line-injection": "This command line depends on a {source}.",
  "py/path-injection": "This path depends on a {source}.",
  "py/code-injection": "This code execution depends on a {source}.",
  "py/unsafe-deserialization": "Unsafe deserialization depends on a {source}.",
  "py/full-ssrf": "The full URL of this request depends on a {source}.",
  "py/url-redirection": "Untrusted URL redirection depends on a {source}.",
  "py/reflective-xss": "Cross-site scripting vulnerability due to a {source}.",
};

// `source=<line>` (same file) or `source=<path relative to the source root>:<line>` (another file).
const MARKER = /#\s*fake-codeql:\s*([^\s#]+)(?:\s+source=(?:([^\s#:]+\.py):)?(\d+))?/;

/** 1-based code point columns of the trimmed code on a line (what CodeQL would highlight). */
function codeRegion(lineText, lineNumber) {
  const code = lineText.replace(MARKER, "").replace(/\s*#?\s*$/, "");
  const points = [...code];
  let start = 0;
  while (start < points.length && /\s/.test(points[start])) start++;
  return { startLine: lineNumber, startColumn: start + 1, endColumn: points.length + 1 };
}

export function locationOf(uri, index, region, message) {
  const location = { physicalLocation: { artifactLocation: { uri, uriBaseId: "%SRCROOT%", index }, region } };
  if (message !== undefined) location.message = { text: message };
  return location;
}

export function findResults(db, files, rulesById) {
  const results = [];
  const hashes = new Map();
  const linesOf = (rel) => fs.readFileSync(path.join(db, "src", rel), "utf8").split(/\r\n|\r|\n/);
  files.forEach((rel, artifactIndex) => {
    const lines = linesOf(rel);
    lines.forEach((lineText, i) => {
      const marker = MARKER.exec(lineText);
      if (!marker) return;
      let sinkLine = i;
      if (lineText.slice(0, marker.index).trim() === "") {
        sinkLine = i + 1;
        while (sinkLine < lines.length && lines[sinkLine].trim() === "") sinkLine++;
      }
      for (const ruleId of marker[1].split(",")) {
        const found = rulesById.get(ruleId);
        if (!found) {
          process.stderr.write(
            `fake codeql: ${rel}:${i + 1}: rule ${ruleId} is not in the selected queries\n`,
          );
          continue;
        }
        const sinkText = lines[sinkLine] ?? "";
        const sink = codeRegion(sinkText, sinkLine + 1);
        const key = `${ruleId}:${sinkText.trim()}`;
        const occurrence = (hashes.get(key) ?? 0) + 1;
        hashes.set(key, occurrence);
        const result = {
          ruleId,
          rule: { id: ruleId, index: found.index, toolComponent: { index: found.component } },
          message: { text: "" },
          locations: [locationOf(rel, artifactIndex, sink)],
          partialFingerprints: {
            primaryLocationLineHash: `${sha256(sinkText.trim()).slice(0, 16)}:${occurrence}`,
            primaryLocationStartColumnFingerprint: String(sink.startColumn - 1),
          },
        };
        const kind = found.rule.properties?.kind;
        const template =
          PATH_MESSAGES[ruleId] ?? `${found.rule.shortDescription?.text ?? ruleId} depends on a {source}.`;
        if (marker[3] !== undefined) {
          const sourceLine = Number(marker[3]);
          // A flow from another module: its artifact must be in the database like CodeQL's.
          const sourceRel = marker[2] ?? rel;
          const sourceIndex = files.indexOf(sourceRel);
          if (sourceIndex < 0) {
            throw new FatalError(`${rel}:${i + 1}: flow source ${sourceRel} is not in the database.`);
          }
          const sourceLines = sourceRel === rel ? lines : linesOf(sourceRel);
          const source = codeRegion(sourceLines[sourceLine - 1] ?? "", sourceLine);
          result.message.text = template.replace("{source}", "[user-provided value](1)");
          result.codeFlows = [
            {
              threadFlows: [
                {
                  locations: [
                    { location: locationOf(sourceRel, sourceIndex, source, "ControlFlowNode for source") },
                    { location: locationOf(rel, artifactIndex, sink, "ControlFlowNode for sink") },
                  ],
                },
              ],
            },
          ];
          result.relatedLocations = [
            { id: 1, ...locationOf(sourceRel, sourceIndex, source, "user-provided value") },
          ];
        } else if (kind === "path-problem") {
          result.message.text = template.replace("{source}", "user-provided value");
        } else {
          result.message.text =
            found.rule.fullDescription?.text ?? found.rule.shortDescription?.text ?? ruleId;
        }
        results.push(result);
      }
    });
  });
  return results;
}
