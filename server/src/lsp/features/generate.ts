import { ErrorCodes, MessageType, ResponseError } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding } from "../../analysis/finding.js";
import { pythonParser } from "../../python/syntax-check.js";
import { describeCalls } from "../../workflows/context.js";
import { generate } from "../../workflows/generate.js";
import { pythonRegression } from "../../workflows/python-regression.js";
import type { Hint } from "../../workflows/types.js";
import { CommandIds } from "../command-ids.js";
import type { CommandHandler, LspFeature } from "../feature.js";
import { generationSite } from "./generation-prompt.js";
import { parseGenerateArguments } from "./llm-arguments.js";
import { isFailure, openDocument, runLlmCommand } from "./llm-context.js";
import { type ApplyOutcome, applyVersionedEdits } from "./versioned-edit.js";

export interface GenerateCommandResult extends ApplyOutcome {
  ok: true;
  code: string;
  hints: Hint[];
  /** What the analyzer reports on the generated code (it is inserted anyway; diagnostics follow). */
  findings: Array<Pick<Finding, "ruleId" | "cwes" | "message">>;
  promptFrom: "argument" | "selection" | "stub";
  version: number;
  signatureChanged?: string;
}

/**
 * `seclsp.generate [uri, position | range, prompt?, hints?, cwe?]`: the paper's generation
 * workflow (hints none | self | cwe-definition | contextual) from a prompt argument, the
 * selection, or the function stub at the position; the code goes in as a versioned edit.
 */
const generateCommand: CommandHandler = async (args, context, request) => {
  const parsed = parseGenerateArguments(args);
  const document = openDocument(context, parsed.uri);
  const site = generationSite(document, parsed.range, parsed.prompt);
  if (!site) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      "seclsp.generate needs a task: select a description, put the cursor in a function stub " +
        "(def + docstring), or pass a prompt argument",
    );
  }
  const { version } = document;
  // The text the edit is computed on (the document object itself follows later changes).
  const original = TextDocument.create(document.uri, document.languageId, version, document.getText());
  const result = await runLlmCommand(
    `Generate (hints: ${parsed.hints})`,
    context,
    request,
    parsed.uri,
    (ctx) =>
      generate(
        ctx,
        {
          id: `${parsed.uri}:${parsed.range.start.line + 1}`,
          prompt: site.prompt,
          ...(parsed.cwe ? { targetCwe: parsed.cwe } : {}),
          ...(site.functionName ? { functionName: site.functionName } : {}),
        },
        { hints: parsed.hints },
      ),
  );
  if (isFailure(result)) return result;
  context.logger.info(`seclsp: generated code: ${describeCalls(result.calls)}`);
  if (result.error || result.code.trim() === "") {
    const error = `seclsp: nothing inserted: ${result.error ?? "model returned no code"}`;
    context.client.showMessage(MessageType.Error, error);
    return { ok: false, error };
  }
  const newText =
    site.from === "stub" ? result.code.replace(/\n+$/, "") : `${result.code.replace(/\n+$/, "")}\n`;
  // Verified like a merged fix: the file it leaves must still compile (python-regression.ts).
  const broken = pythonRegression(
    await pythonParser(),
    original.getText(),
    TextDocument.applyEdits(original, [{ range: site.replace, newText }]),
  );
  if (broken) {
    const error = `seclsp: nothing inserted: the generated code would leave the file with ${broken}`;
    context.client.showMessage(MessageType.Error, error);
    return { ok: false, error };
  }
  const hintList = result.hints.map((hint) => hint.cwe).join(", ");
  const outcome = await applyVersionedEdits(
    context,
    parsed.uri,
    version,
    [{ range: site.replace, newText }],
    "generated code",
  );
  if (outcome.applied) {
    const used =
      parsed.hints === "none" ? "no hints" : `hints (${parsed.hints}): ${hintList || "none parsed"}`;
    const found = result.findings.length === 0 ? "no findings" : `${result.findings.length} finding(s)`;
    const changed = result.signatureChanged ? `; ${result.signatureChanged}` : "";
    context.client.showMessage(
      MessageType.Info,
      `seclsp: generated code inserted, ${used}; ${found}${changed}`,
    );
  }
  const reply: GenerateCommandResult = {
    ok: true,
    code: result.code,
    hints: result.hints,
    findings: result.findings.map(({ ruleId, cwes, message }) => ({ ruleId, cwes, message })),
    promptFrom: site.from,
    version,
    ...outcome,
    ...(result.signatureChanged ? { signatureChanged: result.signatureChanged } : {}),
  };
  return reply;
};

export const generateFeature: LspFeature = {
  name: "generate",
  commands: { [CommandIds.generate]: generateCommand },
};
