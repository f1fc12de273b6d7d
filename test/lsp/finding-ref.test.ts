// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { afterEach, describe, expect, it } from "vitest";
import { type CodeAction, ErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import type { DataFlowResult } from "../../server/src/lsp/features/data-flow.js";
import type { FindingRef } from "../../server/src/workflows/finding-ref.js";
import { LspHarness } from "../helpers/lsp-harness.js";
import { rangeOf } from "../helpers/lsp-positions.js";
import { VULNERABLE } from "./workspace-setup.js";

/**
 * One FindingRef from diagnostic `data` to command arguments, resolved against the document's
 * current version: a command sent while the user's edit still waits out its debounce runs that
 * analysis first, re-finds the finding by fingerprint, or refuses — never stale lines.
 */
const URI = "file:///project/app.py";
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const running: LspHarness[] = [];
afterEach(async () => {
  for (const lsp of running.splice(0)) await lsp.server.shutdown();
});

/** A server whose edits stay pending (debounce of a minute) until something flushes them. */
async function start(): Promise<LspHarness> {
  const lsp = await LspHarness.start({ initializationOptions: { debounceMs: 60_000 } });
  running.push(lsp);
  lsp.open(URI, VULNERABLE);
  return lsp;
}

async function dataFlowAction(lsp: LspHarness): Promise<CodeAction> {
  const line = rangeOf(VULNERABLE, "os.system(cmd)").start.line;
  const actions = await lsp.server.codeActions({
    textDocument: { uri: URI },
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    context: { diagnostics: [] },
  });
  const action = actions.find((a) => a.title.startsWith("Show data flow"));
  if (!action?.command) throw new Error("expected a Show data flow action");
  return action;
}

function run(lsp: LspHarness, command: string, args: unknown[]): Promise<unknown> {
  return lsp.server.executeCommand({ command, arguments: args }, { token });
}

async function refusal(promise: Promise<unknown>): Promise<ResponseError<unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ResponseError)) throw new Error(`expected a ResponseError, got ${String(error)}`);
  expect(error.code).toBe(ErrorCodes.InvalidParams);
  return error;
}

describe("FindingRef", () => {
  it("is the diagnostic's data and the code action's command argument, with the version it was shown on", async () => {
    const lsp = await start();
    const diagnostic = lsp.client.lastDiagnostics(URI).find((d) => d.code === "py/command-line-injection");
    if (!diagnostic) throw new Error("expected a py/command-line-injection diagnostic");
    const data = diagnostic.data as FindingRef;
    expect(data).toMatchObject({ uri: URI, version: 1, ruleId: diagnostic.code, source: "embedded" });
    expect(data.range).toEqual(diagnostic.range);
    expect(data.fingerprint).toMatch(/^[0-9a-f]{8,}$/);
    const action = await dataFlowAction(lsp);
    expect(action.command?.arguments).toEqual([URI, data]);
  });

  it("a command sent while an edit waits out its debounce acts on the finding's current place", async () => {
    const lsp = await start();
    const action = await dataFlowAction(lsp);
    const sinkBefore = rangeOf(VULNERABLE, "os.system(cmd)").start.line;
    lsp.change(URI, `# two new lines\n\n${VULNERABLE}`); // version 2, analysis still pending
    const result = (await run(
      lsp,
      CommandIds.showDataFlow,
      action.command?.arguments ?? [],
    )) as DataFlowResult;
    expect(result.steps.at(-1)?.range.start.line).toBe(sinkBefore + 2);
    // The pending analysis ran: what is shown is placed on version 2.
    expect(lsp.client.publishesFor(URI).at(-1)?.version).toBe(2);
  });

  it("a reference whose finding is gone from the current text is refused, naming both versions", async () => {
    const lsp = await start();
    const action = await dataFlowAction(lsp);
    lsp.change(URI, VULNERABLE.replace("os.system(cmd)", "print(cmd)")); // version 2, pending
    const error = await refusal(run(lsp, CommandIds.showDataFlow, action.command?.arguments ?? []));
    expect(error.message).toMatch(/shown on version 1 .*version 2/);
  });

  it("a line-only reference made for an older version is refused, not matched against the new lines", async () => {
    const lsp = await start();
    const line = rangeOf(VULNERABLE, "os.system(cmd)").start.line;
    const stale = { uri: URI, version: 1, ruleId: "py/command-line-injection", line };
    // Two new lines on top: the finding moved down, and line `line` now holds other code.
    lsp.change(URI, `x = 1\ny = 2\n${VULNERABLE}`);
    await refusal(run(lsp, CommandIds.showDataFlow, [stale]));
    // Without a version (typed by hand) the line is read on the current text.
    const typed = (await run(lsp, CommandIds.showDataFlow, [
      { uri: URI, ruleId: "py/command-line-injection", line: line + 2 },
    ])) as DataFlowResult;
    expect(typed.steps.at(-1)?.range.start.line).toBe(line + 2);
  });

  it("accepts the shapes shipped clients send: [uri, fingerprint], [uri, diagnostic], [{uri, diagnostic}]", async () => {
    const lsp = await start();
    const diagnostic = lsp.client.lastDiagnostics(URI).find((d) => d.code === "py/command-line-injection");
    if (!diagnostic) throw new Error("expected a py/command-line-injection diagnostic");
    const { fingerprint } = diagnostic.data as FindingRef;
    // Neovim and Emacs may drop `data`: code and range still name the finding.
    const { data: _dropped, ...withoutData } = diagnostic;
    for (const args of [
      [URI, fingerprint],
      [URI, diagnostic],
      [URI, withoutData],
      [{ uri: URI, diagnostic }],
      [{ uri: URI, fingerprint }],
    ]) {
      const result = (await run(lsp, CommandIds.showDataFlow, args)) as DataFlowResult;
      expect(result.ruleId, JSON.stringify(args)).toBe("py/command-line-injection");
    }
  });
});
