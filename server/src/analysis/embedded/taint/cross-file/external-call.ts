import type { CallInfo } from "../call-info.js";
import { clip, type FunctionSummary } from "../flow-context.js";
import { librarySinksOfCall } from "../models/library-sinks.js";
import { callEffect } from "../models/sanitizers.js";
import { isResponseCall, opensFile, resultIsClean, sinksOfCall } from "../models/sinks.js";
import { callSource } from "../models/sources.js";
import { type PyNode, rangeOf, textOf } from "../syntax-tree.js";
import { type CrossFileLookup, type ExternalFunction, summaryAtCall } from "./external-function.js";
import { dottedCallee } from "./module-bindings.js";

/**
 * The summary of a call to a function of another workspace module, as seen at this call; undefined
 * for calls rooted at a local value, unresolved ones, and calls the library models already know
 * (a vendored `flask/` or a workspace `subprocess.py` never hides a modeled source or sink).
 */
export function externalCallee(
  lookup: CrossFileLookup,
  call: CallInfo,
  fnNode: PyNode,
): { callee: ExternalFunction; summary: FunctionSummary } | undefined {
  if (call.qualified === undefined) return undefined;
  const dotted = dottedCallee(call.tree, fnNode);
  if (!dotted || dotted.length === 0) return undefined;
  // Most calls name no workspace import: answer those before the (costlier) model checks.
  if (!lookup.resolvable(dotted) || modeled(call)) return undefined;
  const callee = lookup.lookup(dotted);
  if (!callee) return undefined;
  const callText = `${clip(textOf(call.tree, fnNode))}(…)`;
  return { callee, summary: summaryAtCall(callee, rangeOf(call.node), callText) };
}

function modeled(call: CallInfo): boolean {
  return (
    callSource(call, () => false) !== undefined ||
    sinksOfCall(call).length > 0 ||
    librarySinksOfCall(call).length > 0 ||
    callEffect(call) !== undefined ||
    resultIsClean(call) ||
    opensFile(call) ||
    isResponseCall(call)
  );
}
