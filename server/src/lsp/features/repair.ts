import { CodeActionKind, MessageType } from "vscode-languageserver/node.js";
import type { ChangeAssessment } from "../../workflows/change-assessment.js";
import { describeCalls } from "../../workflows/context.js";
import { findingKey } from "../../workflows/finding-keys.js";
import { type FixProposal, proposeFix } from "../../workflows/propose-fix.js";
import type { FeedbackKind } from "../../workflows/types.js";
import { CommandIds } from "../command-ids.js";
import type { CommandHandler, FeatureContext, LspFeature } from "../feature.js";
import { parseFindingArguments } from "./finding-arguments.js";
import { llmCodeActions } from "./llm-code-actions.js";
import { isFailure, runLlmCommand } from "./llm-context.js";
import { resolveCommandTarget } from "./resolve-finding.js";
import { type ApplyOutcome, applyVersionedEdits } from "./versioned-edit.js";

export const APPLY_UNVERIFIED = "Apply";
export const CANCEL_UNVERIFIED = "Cancel";

type DeliverOutcome = ApplyOutcome & {
  /** Set when the fix reached beyond its target and had to be confirmed ("changes 4 lines outside …"). */
  outsideChange?: string;
};

export interface RepairCommandResult extends DeliverOutcome {
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
  const { ref, feedback: requested } = parseFindingArguments(CommandIds.repair, args);
  const { document, finding } = resolveCommandTarget(context, ref);
  const key = findingKey(finding);
  const targets = context.findings(ref.uri).filter((f) => findingKey(f) === key);
  const { version } = document;
  const text = document.getText();
  const config = context.config();
  const feedback: FeedbackKind = requested ?? config.repair.feedback;
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

/**
 * Apply a verified fix that stays inside its target; anything else only when the user says so:
 * an unverified fix (or never, per settings) and a destructive-looking one (it changes lines
 * outside the targeted function, removes a definition or changes the signature — verified or
 * not), which is asked with the diff in the question and the full diff in the log.
 */
async function deliver(
  context: FeatureContext,
  uri: string,
  version: number,
  proposal: FixProposal,
): Promise<DeliverOutcome> {
  if (proposal.edits.length === 0) {
    context.client.showMessage(MessageType.Warning, `seclsp: ${proposal.summary}`);
    return { applied: false };
  }
  const change = proposal.change?.destructive ? proposal.change : undefined;
  if (change) context.logger.info(`seclsp: the proposed fix ${change.description}:\n${change.diff}`);
  if (proposal.verified && !change) {
    const outcome = await applyVersionedEdits(context, uri, version, proposal.edits, proposal.summary);
    if (outcome.applied) context.client.showMessage(MessageType.Info, `seclsp: ${proposal.summary}`);
    return outcome;
  }
  const reason = proposal.unverifiedReason ?? "the fix could not be verified";
  if (!proposal.verified && context.config().repair.unverified === "drop") {
    context.client.showMessage(
      MessageType.Warning,
      `seclsp: fix not applied: ${reason} (seclsp.repair.unverified is "drop")`,
    );
    return { applied: false };
  }
  const why = change
    ? `it ${change.description}${proposal.verified ? "" : `, and it failed verification: ${reason}`}`
    : `it failed verification: ${reason}`;
  const ask = context.client.showMessageRequest;
  if (!ask || !context.clientCapabilities().window?.showMessage) {
    context.client.showMessage(
      MessageType.Warning,
      `seclsp: fix not applied because ${why}. ` +
        `This editor cannot ask whether to apply ${change ? "such a fix" : "an unverified fix"} (no window/showMessageRequest).`,
    );
    return { applied: false, ...(change ? { outsideChange: change.description } : {}) };
  }
  const question = change ? destructiveQuestion(proposal, change) : undefined;
  const message = question?.message ?? `Apply unverified fix? ${reason}`;
  const apply = question?.apply ?? APPLY_UNVERIFIED;
  const answer = await ask.call(context.client, MessageType.Warning, message, [apply, CANCEL_UNVERIFIED]);
  if (answer !== apply) {
    context.client.showMessage(MessageType.Info, `seclsp: ${change ? "fix" : "unverified fix"} not applied`);
    return { applied: false, ...(change ? { outsideChange: change.description } : {}) };
  }
  const label = change ? `fix that ${change.description}` : `unverified fix: ${reason}`;
  const outcome = await applyVersionedEdits(context, uri, version, proposal.edits, label);
  return { ...outcome, ...(change ? { outsideChange: change.description } : {}) };
}

/** Lines of the diff shown in the question itself; the whole diff is in the log. */
const DIFF_LINES_IN_QUESTION = 40;
const DIFF_CHARS_IN_QUESTION = 4000;

function destructiveQuestion(
  proposal: FixProposal,
  change: ChangeAssessment,
): { message: string; apply: string } {
  const lines = change.diff.split("\n").filter((line) => !line.startsWith("====="));
  let shown = lines.slice(0, DIFF_LINES_IN_QUESTION).join("\n");
  if (shown.length > DIFF_CHARS_IN_QUESTION) shown = `${shown.slice(0, DIFF_CHARS_IN_QUESTION)}…`;
  const more =
    lines.length > DIFF_LINES_IN_QUESTION
      ? `\n… ${lines.length - DIFF_LINES_IN_QUESTION} more diff lines in the seclsp log`
      : "";
  const state = proposal.verified
    ? "verified"
    : `unverified (${proposal.unverifiedReason ?? "not verified"})`;
  const message = `The ${state} fix ${change.description}. Apply it anyway?\n\n${shown}${more}`;
  const short =
    change.outsideLines > 0
      ? `changes ${change.outsideLines} line${change.outsideLines === 1 ? "" : "s"} outside the ${change.targetKind}`
      : change.removedDefinitions.length > 0
        ? `removes ${change.removedDefinitions.length} definition${change.removedDefinitions.length === 1 ? "" : "s"}`
        : "changes the signature";
  return { message, apply: `Apply (${short})` };
}

export const repairFeature: LspFeature = {
  name: "repair",
  commands: { [CommandIds.repair]: repairCommand },
  codeActions: (params, context) =>
    llmCodeActions(params, context, (diagnostic, finding, ref) =>
      (["explained", "direct"] as const).map((feedback) => {
        const title = `Fix ${finding.ruleId} (${feedback} feedback)`;
        return {
          title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: {
            title,
            command: CommandIds.repair,
            arguments: [params.textDocument.uri, ref, feedback],
          },
        };
      }),
    ),
};
