import type { SourceFile } from "../../analyzer.js";
import type { Finding, FlowStep } from "../../finding.js";
import { fingerprintFor } from "../../fingerprint.js";
import { LineTable } from "../taint/line-table.js";
import { codeqlHelpUri, formatMessage } from "../taint/rule-catalog.js";
import { type PyNode, rangeOf } from "../taint/syntax-tree.js";
import { checkRuleInfo } from "./check-rules.js";

/** Report `rule` at `node`; `args` fill the rule's `{0}`, `{1}` placeholders. */
export type CheckEmit = (rule: string, node: PyNode, ...args: string[]) => void;

interface Emitted {
  rule: string;
  node: PyNode;
  args: string[];
  steps?: Array<{ node: PyNode; message: string }>;
  /** A complete message instead of the rule's template. */
  message?: string;
}

/** Collects checks-pass findings; one per (rule, node); fingerprints like the taint pass. */
export class CheckFindings {
  private readonly emitted: Emitted[] = [];
  private readonly seen = new Set<string>();

  readonly emit: CheckEmit = (rule, node, ...args) => {
    const key = `${rule}:${node.start}:${node.end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.emitted.push({ rule, node, args });
  };

  /** Report with a complete message (a variant of the rule's wording) and optional flow steps. */
  emitMessage(
    rule: string,
    node: PyNode,
    message: string,
    steps?: Array<{ node: PyNode; message: string }>,
  ): void {
    const before = this.emitted.length;
    this.emit(rule, node);
    const entry = this.emitted[before];
    if (!entry) return;
    entry.message = message;
    if (steps) entry.steps = steps;
  }

  toFindings(file: SourceFile): Finding[] {
    if (this.emitted.length === 0) return [];
    const lines = new LineTable(file.text);
    const occurrences = new Map<string, number>();
    const sorted = [...this.emitted].sort((a, b) => a.node.start - b.node.start);
    return sorted.map(({ rule, node, args, steps, message }) => {
      const info = checkRuleInfo(rule);
      const range = rangeOf(node);
      const key = `${rule}:${range.start.line}`;
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      const snippet = lines.slice(range.start.line, range.end.line);
      const local = {
        start: { ...range.start, line: 0 },
        end: { ...range.end, line: range.end.line - range.start.line },
      };
      const flow: FlowStep[] | undefined = steps?.map((step) => ({
        file: file.path,
        range: rangeOf(step.node),
        message: step.message,
      }));
      return {
        ruleId: info.id,
        cwes: info.cwes,
        severity: info.severity,
        securitySeverity: info.securitySeverity,
        message: message ?? formatMessage(info.message, ...args),
        file: file.path,
        range,
        ...(flow ? { flow } : {}),
        source: "embedded",
        fingerprint: fingerprintFor(info.id, snippet, local, occurrence),
        helpUri: codeqlHelpUri(info.id),
        // The checks pass is part of the tree-sitter engine: the registry's `taint` reporter.
        reporters: [{ tool: "taint", ruleId: info.id }],
      };
    });
  }
}
