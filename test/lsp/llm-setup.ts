import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CancellationTokenSource,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type MessageType,
  type TextDocumentEdit,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { SeclspServer } from "../../server/src/lsp/seclsp-server.js";
import type { FakeOpenAIServer } from "../fakes/openai-server.js";
import { FULL_CAPABILITIES, IN_PROCESS_FEATURES, LspHarness } from "../helpers/lsp-harness.js";
import { RecordingLspClient } from "../helpers/lsp-recording-client.js";

/** Shared setup of the in-process LLM command tests (explain, repair, generate). */

export const URI = "file:///project/app.py";
export const UNSAFE = "import pickle\n\n\ndef load(data):\n    return pickle.loads(data)  # keep me\n";
export const FIXED = "import json\n\n\ndef load(data):\n    return json.loads(data)  # keep me\n";

/** A recording client that can also answer window/showMessageRequest. */
export class AskingClient extends RecordingLspClient {
  readonly questions: Array<{ message: string; actions: string[] }> = [];
  answer: string | undefined = undefined;
  async showMessageRequest(
    _type: MessageType,
    message: string,
    actions: string[],
  ): Promise<string | undefined> {
    this.questions.push({ message, actions });
    return this.answer;
  }
}

export const LLM_CAPABILITIES: ClientCapabilities = {
  ...FULL_CAPABILITIES,
  window: { workDoneProgress: true, showDocument: { support: true }, showMessage: {} },
};

export interface LlmSettings {
  baseURL: string;
  allowRemote?: boolean;
  repair?: Record<string, unknown>;
}

/** Settings as an editor sends them: the model at `baseURL`, a fresh cache directory per test. */
export function llmSettings(settings: LlmSettings): Record<string, unknown> {
  return {
    debounceMs: 0,
    llm: {
      allowRemote: settings.allowRemote ?? false,
      // Inside the run's private cache dir (test/setup/private-cache-dir.ts): removed with it.
      cacheDir: mkdtempSync(join(process.env.XDG_CACHE_HOME ?? tmpdir(), "seclsp-llm-cache-")),
      generator: {
        baseURL: settings.baseURL,
        model: "gen-model",
        apiKeyEnv: "SECLSP_TEST_KEY",
        timeoutMs: 5000,
      },
      // Only the model: baseURL, key and timeout are inherited from the generator.
      explainer: { model: "explain-model" },
    },
    repair: { maxRounds: 1, ...settings.repair },
  };
}

export async function startLlmHarness(
  settings: LlmSettings,
  capabilities: ClientCapabilities = LLM_CAPABILITIES,
): Promise<{ lsp: LspHarness; client: AskingClient }> {
  const client = new AskingClient();
  const lsp = new LspHarness();
  // Same harness (documents, open/change helpers), but a server talking to a client that can answer questions.
  Object.defineProperty(lsp, "client", { value: client });
  Object.defineProperty(lsp, "server", {
    value: new SeclspServer({ client, documents: lsp.documents, features: IN_PROCESS_FEATURES }),
  });
  await lsp.server.initialize({
    processId: null,
    rootUri: null,
    capabilities,
    initializationOptions: { seclsp: llmSettings(settings) },
  });
  await lsp.server.initialized();
  return { lsp, client };
}

export function cweDiagnostic(lsp: LspHarness, cwe = "CWE-502"): Diagnostic {
  const diagnostic = lsp.client.lastDiagnostics(URI).find((d) => d.message.endsWith(`[${cwe}]`));
  if (!diagnostic) throw new Error(`expected a ${cwe} diagnostic`);
  return diagnostic;
}

export async function actionsFor(lsp: LspHarness, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return lsp.server.codeActions({
    textDocument: { uri: URI },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
}

/** Run an action's command like an editor does (workspace/executeCommand). */
export function execute(
  lsp: LspHarness,
  action: CodeAction | undefined,
  source = new CancellationTokenSource(),
): Promise<unknown> {
  if (!action?.command) throw new Error("action without a command");
  return lsp.server.executeCommand(
    { command: action.command.command, arguments: action.command.arguments ?? [] },
    { token: source.token },
  );
}

/** Apply a recorded workspace edit to the harness's document like the editor would, and save. */
export async function applyRecordedEdit(lsp: LspHarness, index = 0): Promise<string> {
  const change = lsp.client.edits[index]?.edit.documentChanges?.[0] as TextDocumentEdit | undefined;
  if (!change) throw new Error("no versioned edit recorded");
  const document = lsp.documents.get(URI);
  if (!document) throw new Error("document not open");
  if (change.textDocument.version !== document.version) throw new Error("stale edit");
  const text = TextDocument.applyEdits(document, change.edits);
  lsp.change(URI, text);
  await lsp.save(URI);
  return text;
}

export function py(code: string): string {
  return `Here is the fixed code:\n\n\`\`\`python\n${code}\`\`\`\n`;
}

export function userText(server: FakeOpenAIServer, index: number): string {
  return server
    .messagesOf(index)
    .map((m) => m.content)
    .join("\n");
}
