import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding } from "../../analysis/finding.js";
import { type FindingRef, resolveFindingRef } from "../../workflows/finding-ref.js";
import type { FeatureContext } from "../feature.js";
import { invalidArgument } from "./argument-shapes.js";

export interface CommandTarget {
  document: TextDocument;
  finding: Finding;
}

/**
 * The open document and the finding `ref` names on its current version, or an InvalidParams error
 * that says why not. The server runs a pending analysis before a command, so `context.findings`
 * is placed on the current text (or empty); a reference made for an older version is resolved by
 * fingerprint or refused — a command never acts on lines the user has moved past.
 */
export function resolveCommandTarget(context: FeatureContext, ref: FindingRef): CommandTarget {
  const document = context.documents.get(ref.uri);
  if (!document) throw invalidArgument(`${ref.uri} is not open in the editor`);
  const resolution = resolveFindingRef(ref, {
    version: document.version,
    findings: context.findings(ref.uri),
  });
  if (!resolution.found) throw invalidArgument(`${resolution.reason} in ${ref.uri} (re-run the code action)`);
  if (resolution.moved) {
    context.logger.debug(
      `seclsp: ${resolution.found.ruleId} found again on version ${document.version} (the command was made for version ${ref.version})`,
    );
  }
  return { document, finding: resolution.found };
}
