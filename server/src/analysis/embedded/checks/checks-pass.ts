import { ParseCache } from "../../../python/parse-cache.js";
import { pythonParserIfReady } from "../../../python/parser.js";
import type { SourceFile } from "../../analyzer.js";
import type { Finding } from "../../finding.js";
import { analysisNote, NOT_ANALYZED_RULE } from "../analysis-notes.js";
import type { EmbeddedOptions } from "../embedded-analyzer.js";
import { runRegexChecks } from "../regex/regex-checks.js";
import { fileRegexLedger } from "../regex/regex-ledger.js";
import { collectImports } from "../taint/imports.js";
import { type SyntaxTree, toSyntaxTree } from "../taint/syntax-tree.js";
import { collectCallsAndAssignments } from "./call-names.js";
import { CheckFindings } from "./check-finding.js";
import { runCryptoChecks } from "./crypto-checks.js";
import { isTestSettingsPath, mayDisableCsrf, runCsrfChecks } from "./csrf-checks.js";
import { singleAssignments } from "./python-literals.js";
import { runSslContextChecks } from "./ssl-context-checks.js";

/**
 * The pattern checks that need no data flow: regular expressions, cipher algorithms and modes,
 * key sizes through constants, SSLContext settings. Uses the taint pass's tree of the same text
 * when given one, else its own incremental parse; returns [] until the parser is loaded.
 */
export class ChecksPass {
  readonly name = "checks";
  private cache: ParseCache | undefined;
  private readonly syntax = new Map<string, SyntaxTree>();
  private readonly results = new Map<string, { text: string; findings: Finding[] }>();

  /** `sharedSyntax` returns another pass's tree of exactly this text (no second parse), if it has one. */
  constructor(private readonly sharedSyntax?: (path: string, text: string) => SyntaxTree | undefined) {}

  run(file: SourceFile, options: EmbeddedOptions): Finding[] {
    const ignored = new Set(options.ignoreRules ?? []);
    return this.analyze(file).filter((f) => !ignored.has(f.ruleId));
  }

  analyze(file: SourceFile): Finding[] {
    const previous = this.results.get(file.path);
    if (previous?.text === file.text) return previous.findings.map((f) => ({ ...f }));
    let findings: Finding[];
    try {
      const syntax = this.sharedSyntax?.(file.path, file.text) ?? this.parse(file);
      if (!syntax) return [];
      findings = checkFile(file, syntax);
    } catch (error) {
      const reason = error instanceof RangeError ? "nested too deeply" : "internal error";
      findings = [analysisNote(file.path, file.text, NOT_ANALYZED_RULE, `pattern checks not run: ${reason}`)];
    }
    this.results.set(file.path, { text: file.text, findings });
    return findings.map((f) => ({ ...f }));
  }

  private parse(file: SourceFile): SyntaxTree | undefined {
    const parser = pythonParserIfReady();
    if (!parser) return undefined;
    this.cache ??= new ParseCache(parser);
    const tree = this.cache.parse(file.path, file.text);
    if (!tree) return undefined;
    const before = this.syntax.get(file.path);
    this.syntax.delete(file.path);
    const syntax = toSyntaxTree(tree, file.text, before);
    this.syntax.set(file.path, syntax);
    return syntax;
  }

  forget(path: string): void {
    this.cache?.forget(path);
    this.syntax.delete(path);
    this.results.delete(path);
  }
}

function checkFile(file: SourceFile, syntax: SyntaxTree): Finding[] {
  const imports = collectImports(syntax);
  // Files that import none of the modules concerned (most of them) cost one map scan.
  const roots = new Set([...imports.values()].map((q) => q.split(".")[0]));
  const regex = roots.has("re");
  const crypto = roots.has("Crypto") || roots.has("Cryptodome") || roots.has("cryptography");
  const ssl = roots.has("ssl");
  const findings = new CheckFindings();
  const csrf = mayDisableCsrf(syntax.text) && !isTestSettingsPath(file.path);
  if (csrf) runCsrfChecks(syntax, imports, findings);
  if (!regex && !crypto && !ssl) return findings.toFindings(file);
  const { calls, assignments } = collectCallsAndAssignments(syntax);
  const constants = singleAssignments(syntax, assignments);
  const skipped = regex
    ? runRegexChecks(fileRegexLedger(syntax, { imports, constants, calls }), findings)
    : [];
  if (crypto) runCryptoChecks(syntax, imports, constants, findings, calls);
  if (ssl) runSslContextChecks(syntax, imports, findings, calls);
  // One note per reason (at its first pattern): a hostile file cannot flood the editor with notes.
  const byReason = new Map<string, { reason: string; first: number; count: number }>();
  for (const s of skipped) {
    // Reasons that differ only in numbers ("{101}", "{102}") are one kind.
    const kind = s.reason.replace(/\d+/g, "N");
    const seen = byReason.get(kind);
    if (seen) seen.count++;
    else byReason.set(kind, { reason: s.reason, first: s.node.start, count: 1 });
  }
  const notes = [...byReason.values()].map(({ reason, first, count }) =>
    analysisNote(
      file.path,
      file.text,
      NOT_ANALYZED_RULE,
      `regular expression${count > 1 ? `s (${count})` : ""} not analyzed for backtracking: ${reason}`,
      first,
    ),
  );
  return [...notes, ...findings.toFindings(file)];
}
