import { basename } from "node:path";
import { CodeActionKind, MessageType } from "vscode-languageserver/node.js";
import type { Finding, Range } from "../../analysis/finding.js";
import { CommandIds } from "../command-ids.js";
import { documentPath, locationUri } from "../document-path.js";
import type { CommandHandler, FeatureContext, LspFeature } from "../feature.js";
import { parseFindingArguments } from "./finding-arguments.js";
import { findingQuickFixes } from "./finding-quick-fixes.js";
import { resolveCommandTarget } from "./resolve-finding.js";

/** Most steps listed in the showMessage (all of them are in the command's result). */
const LISTED_STEPS = 25;

/** One step of a flow as an LSP Location plus what happens there. */
export interface DataFlowStep {
  uri: string;
  range: Range;
  message: string;
}

export interface DataFlowResult {
  ok: true;
  ruleId: string;
  /** Source first, sink last; empty for findings that match a pattern rather than a flow. */
  steps: DataFlowStep[];
  /** How the steps were shown besides the message: the source opened with window/showDocument. */
  shownWith: "showDocument+showMessage" | "showMessage";
}

/**
 * `seclsp.showDataFlow [uri, fingerprint | diagnostic | {fingerprint, ruleId, line}]` (or one
 * object `{uri, fingerprint?, ruleId?, line?}`), also offered as "Show data flow" on findings
 * that have one: answers the source → sink steps as Locations (for clients that build a location
 * list), lists them in a window/showMessage, and opens the source step with window/showDocument
 * when the client supports it.
 */
const showDataFlow: CommandHandler = async (args, context) => {
  const { ref } = parseFindingArguments(CommandIds.showDataFlow, args);
  const { finding } = resolveCommandTarget(context, ref);
  const steps = (finding.flow ?? []).map((step) => ({
    uri: locationUri(step.file, ref.uri),
    range: step.range,
    message: step.message,
  }));
  if (steps.length === 0) {
    context.client.showMessage(
      MessageType.Info,
      `seclsp: ${finding.ruleId} at line ${finding.range.start.line + 1} matches a pattern; it has no data flow to show`,
    );
    return { ok: true, ruleId: finding.ruleId, steps, shownWith: "showMessage" } satisfies DataFlowResult;
  }
  context.client.showMessage(MessageType.Info, describeSteps(finding, steps));
  const shown = await showSource(context, steps[0]!);
  return {
    ok: true,
    ruleId: finding.ruleId,
    steps,
    shownWith: shown ? "showDocument+showMessage" : "showMessage",
  } satisfies DataFlowResult;
};

/** "seclsp: data flow of py/sql-injection (3 steps):\n1. app.py:4:12 source: request.args ..." */
export function describeSteps(finding: Finding, steps: DataFlowStep[]): string {
  const lines = steps
    .slice(0, LISTED_STEPS)
    .map(
      (step, i) =>
        `${i + 1}. ${basename(documentPath(step.uri))}:${step.range.start.line + 1}:${step.range.start.character + 1} ${oneLine(step.message)}`,
    );
  if (steps.length > LISTED_STEPS) lines.push(`… ${steps.length - LISTED_STEPS} more steps`);
  const count = steps.length === 1 ? "1 step" : `${steps.length} steps`;
  return `seclsp: data flow of ${finding.ruleId} (${count}):\n${lines.join("\n")}`;
}

async function showSource(context: FeatureContext, source: DataFlowStep): Promise<boolean> {
  if (!context.clientCapabilities().window?.showDocument?.support) return false;
  const result = await context.client
    .showDocument({ uri: source.uri, selection: source.range, takeFocus: true })
    .catch(() => ({ success: false }));
  return result.success;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

export const dataFlowFeature: LspFeature = {
  name: "data-flow",
  commands: { [CommandIds.showDataFlow]: showDataFlow },
  codeActions: (params, context) =>
    findingQuickFixes(params, context, (document, diagnostic, finding, ref) => {
      const steps = finding.flow?.length ?? 0;
      if (steps === 0) return [];
      const title = `Show data flow of ${finding.ruleId} (${steps} steps)`;
      return [
        {
          title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: {
            title,
            command: CommandIds.showDataFlow,
            arguments: [document.uri, ref],
          },
        },
      ];
    }),
};
