import { CodeActionKind, MessageType } from "vscode-languageserver/node.js";
import { findingKey } from "../../workflows/finding-keys.js";
import { type FixProposal, proposeFix } from "../../workflows/propose-fix.js";
import type { FeedbackKind } from "../../workflows/types.js";
import { CommandIds } from "../command-ids.js";
import type { CommandHandler, FeatureContext, LspFeature } from "../feature.js";
import { noFinding } from "./explain.js";
import { parseFindingArguments } from "./llm-arguments.js";
import { llmCodeActions } from "./llm-code-actions.js";
import { describeCalls, findTarget, isFailure, openDocument, runLlmCommand } from "./llm-context.js";
import { type ApplyOutcome, applyVersionedEdits } from "./versioned-edit.js";

export const APPLY_UNVERIFIED = "Apply";
export const CANCEL_UNVERIFIED = "Cancel";

export interface RepairCommandResult extends ApplyOutcome {
  ok: true;
  verified: boolean;
  summary: string;
  unverifiedReason?: string;
  rounds: number;
  /** The document version the fix was computed on (and sent for). */
  version: number;
}

/**
 * "Fix <rule> (explained feedback)" / "(direct feedback)" and
 * `seclsp.repair [uri, fingerprint | diagnostic, feedback?]`: the repair workflow on the whole
 * document, verified by re-analysis, applied as a versioned edit for the version it was computed
 * on. Every finding of the same rule and CWEs is targeted: the verifier matches findings by rule,
 * not location, so fixing one of two identical flaws could never verify.
 */
const repairCommand: CommandHandler = async (args, context, request) => {
  const ref = parseFindingArguments(CommandIds.repair, args);
  const document = openDocument(context, ref.uri);
  const finding = findTarget(context, ref.uri, ref);
  if (!finding) throw noFinding(ref.uri, ref.ruleId);
  const key = findingKey(finding);
  const targets = context.findings(ref.uri).filter((f) => findingKey(f) === key);
  const { version } = document;
  const text = document.getText();
  const config = context.config();
  const feedback: FeedbackKind = ref.feedback ?? config.repair.feedback;
  const proposal = await runLlmCommand(
    `Fix ${finding.ruleId} (${feedback} feedback)`,
    context,
    request,
    ref.uri,
    (ctx) => proposeFix(ctx, text, targets, { feedback, maxRounds: config.repair.maxRounds }),
  );
  if (isFailure(proposal)) return proposal;
  const calls = proposal.result.rounds.flatMap((round) => round.calls);
  context.logger.info(`seclsp: ${proposal.summary}: ${describeCalls(calls)}`);
  const outcome = await deliver(context, ref.uri, version, proposal);
  const result: RepairCommandResult = {
    ok: true,
    verified: proposal.verified,
    summary: proposal.summary,
    rounds: proposal.result.rounds.length,
    version,
    ...outcome,
    ...(proposal.unverifiedReason ? { unverifiedReason: proposal.unverifiedReason } : {}),
  };
  return result;
};

/** Apply a verified fix; an unverified one only when the user says so (or never, per settings). */
async function deliver(
  context: FeatureContext,
  uri: string,
  version: number,
  proposal: FixProposal,
): Promise<ApplyOutcome> {
  if (proposal.edits.length === 0) {
    context.client.showMessage(MessageType.Warning, `seclsp: ${proposal.summary}`);
    return { applied: false };
  }
  if (proposal.verified) {
    const outcome = await applyVersionedEdits(context, uri, version, proposal.edits, proposal.summary);
    if (outcome.applied) context.client.showMessage(MessageType.Info, `seclsp: ${proposal.summary}`);
    return outcome;
  }
  const reason = proposal.unverifiedReason ?? "the fix could not be verified";
  if (context.config().repair.unverified === "drop") {
    context.client.showMessage(
      MessageType.Warning,
      `seclsp: fix not applied: ${reason} (seclsp.repair.unverified is "drop")`,
    );
    return { applied: false };
  }
  const ask = context.client.showMessageRequest;
  if (!ask || !context.clientCapabilities().window?.showMessage) {
    context.client.showMessage(
      MessageType.Warning,
      `seclsp: fix not applied because it failed verification: ${reason}. ` +
        "This editor cannot ask whether to apply an unverified fix (no window/showMessageRequest).",
    );
    return { applied: false };
  }
  const answer = await ask.call(context.client, MessageType.Warning, `Apply unverified fix? ${reason}`, [
    APPLY_UNVERIFIED,
    CANCEL_UNVERIFIED,
  ]);
  if (answer !== APPLY_UNVERIFIED) {
    context.client.showMessage(MessageType.Info, "seclsp: unverified fix not applied");
    return { applied: false };
  }
  return applyVersionedEdits(context, uri, version, proposal.edits, `unverified fix: ${reason}`);
}

export const repairFeature: LspFeature = {
  name: "repair",
  commands: { [CommandIds.repair]: repairCommand },
  codeActions: (params, context) =>
    llmCodeActions(params, context, (diagnostic, data, target) =>
      (["explained", "direct"] as const).map((feedback) => {
        const title = `Fix ${data.ruleId} (${feedback} feedback)`;
        return {
          title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: {
            title,
            command: CommandIds.repair,
            arguments: [params.textDocument.uri, target, feedback],
          },
        };
      }),
    ),
};
