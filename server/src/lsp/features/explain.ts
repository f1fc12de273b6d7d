import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { CodeActionKind, MessageType } from "vscode-languageserver/node.js";
import type { Finding } from "../../analysis/finding.js";
import { oneLineMessageText } from "../../analysis/message-text.js";
import { writePrivateFile } from "../../files/private-file.js";
import { userCacheSubdir } from "../../files/user-cache-dir.js";
import { describeCalls } from "../../workflows/context.js";
import { explainFinding } from "../../workflows/explain-finding.js";
import { CommandIds } from "../command-ids.js";
import { documentPath } from "../document-path.js";
import type { CommandHandler, FeatureContext, LspFeature } from "../feature.js";
import { parseFindingArguments } from "./finding-arguments.js";
import { llmCodeActions } from "./llm-code-actions.js";
import { runLlmCommand } from "./llm-context.js";
import { resolveCommandTarget } from "./resolve-finding.js";

/** Longest explanation put into a showMessage (the full text goes to the log). */
const MESSAGE_LIMIT = 600;

export interface ExplainResult {
  ok: true;
  markdown: string;
  /** The markdown file shown with window/showDocument (always written). */
  file: string;
  shownWith: "showDocument" | "showMessage";
}

/**
 * "Explain <rule>" on a seclsp diagnostic and `seclsp.explain [uri, fingerprint | diagnostic]`:
 * the explainer model says why the code is vulnerable and how to fix it. The markdown is the
 * command's result, written to a temp .md file opened with window/showDocument when the client
 * can, else shown (truncated) with window/showMessage and logged in full.
 */
const explainCommand: CommandHandler = async (args, context, request) => {
  const { ref } = parseFindingArguments(CommandIds.explain, args);
  const { document, finding } = resolveCommandTarget(context, ref);
  const code = document.getText();
  return runLlmCommand(`Explain ${finding.ruleId}`, context, request, ref.uri, async (ctx) => {
    const explanation = await explainFinding(ctx, code, finding);
    context.logger.info(`seclsp: explained ${finding.ruleId}: ${describeCalls(explanation.calls)}`);
    return showExplanation(context, ref.uri, finding, explanation.markdown);
  });
};

async function showExplanation(
  context: FeatureContext,
  uri: string,
  finding: Finding,
  markdown: string,
): Promise<ExplainResult> {
  const file = await writeExplanation(uri, finding, markdown);
  if (context.clientCapabilities().window?.showDocument?.support) {
    const shown = await context.client
      .showDocument({ uri: pathToFileURL(file).href, takeFocus: true })
      .catch(() => ({ success: false }));
    if (shown.success) return { ok: true, markdown, file, shownWith: "showDocument" };
  }
  const short =
    markdown.length > MESSAGE_LIMIT ? `${markdown.slice(0, MESSAGE_LIMIT)}… (full text: ${file})` : markdown;
  context.client.showMessage(MessageType.Info, `seclsp: ${finding.ruleId}: ${short}`);
  context.client.log("info", `seclsp: explanation of ${finding.ruleId} (${file}):\n${markdown}`);
  return { ok: true, markdown, file, shownWith: "showMessage" };
}

/**
 * One file per document and finding, replaced by the next explanation of the same finding. It
 * lives in the user's private cache dir (0700, file 0600; never a shared temp folder): the text
 * may quote the user's code, and a predictable name elsewhere could be pre-planted by others.
 */
export async function writeExplanation(
  uri: string,
  finding: Finding,
  markdown: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const line = finding.range.start.line + 1;
  // Readable and stable; capped well under NAME_MAX (255) with room for the temp suffix.
  const name = `${basename(documentPath(uri))}-${finding.ruleId}-L${line}`
    .replace(/[^\w.-]+/g, "_")
    .slice(-180);
  const cwes = finding.cwes.length > 0 ? ` (${finding.cwes.join(", ")})` : "";
  const header = `# ${finding.ruleId}${cwes} — ${basename(documentPath(uri))}:${line}\n\n> ${oneLineMessageText(finding.message)}\n\n`;
  return writePrivateFile(userCacheSubdir("explanations", env), `${name}.md`, `${header}${markdown}\n`);
}

export const explainFeature: LspFeature = {
  name: "explain",
  commands: { [CommandIds.explain]: explainCommand },
  codeActions: (params, context) =>
    llmCodeActions(params, context, (diagnostic, finding, ref) => [
      {
        title: `Explain ${finding.ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: {
          title: `Explain ${finding.ruleId}`,
          command: CommandIds.explain,
          arguments: [params.textDocument.uri, ref],
        },
      },
    ]),
};
