import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CancellationTokenSource, ResponseError, type TextDocumentEdit } from "vscode-languageserver/node.js";
import { EmbeddedAnalyzer } from "../../server/src/analysis/embedded/embedded-analyzer.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import type { ExplainResult } from "../../server/src/lsp/features/explain.js";
import type { GenerateCommandResult } from "../../server/src/lsp/features/generate.js";
import { type FakeOpenAIServer, startFakeOpenAI } from "../fakes/openai-server.js";
import type { LspHarness } from "../helpers/lsp-harness.js";
import {
  actionsFor,
  applyRecordedEdit,
  cweDiagnostic,
  execute,
  LLM_CAPABILITIES,
  py,
  startLlmHarness,
  UNSAFE,
  URI,
  userText,
} from "./llm-setup.js";

let fake: FakeOpenAIServer;

beforeAll(async () => {
  await EmbeddedAnalyzer.ready();
}, 180_000);

beforeEach(async () => {
  fake = await startFakeOpenAI();
});

afterEach(async () => {
  await fake.close();
});

const EXPLANATION = "## Why\nUnpickling attacker bytes runs code.\n\n## Fix\n1. Use `json.loads`.";

describe("seclsp.explain", () => {
  it("returns the markdown and opens a .md file with window/showDocument", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, UNSAFE);
    const diagnostic = cweDiagnostic(lsp);
    fake.enqueue({ content: EXPLANATION });
    const actions = await actionsFor(lsp, diagnostic);
    const result = (await execute(
      lsp,
      actions.find((a) => a.title.startsWith("Explain")),
    )) as ExplainResult;
    expect(result).toMatchObject({ ok: true, markdown: EXPLANATION, shownWith: "showDocument" });
    expect(fake.requests.map((r) => r.body?.model)).toEqual(["explain-model"]);
    expect(userText(fake, 0)).toContain("pickle.loads(data)");
    expect(client.shownDocuments).toHaveLength(1);
    const shown = client.shownDocuments[0]?.uri ?? "";
    expect(shown).toMatch(/^file:.*\.md$/);
    const file = readFileSync(fileURLToPath(shown), "utf8");
    expect(file).toContain(EXPLANATION);
    expect(file).toContain(String(diagnostic.code));
    expect(client.edits).toEqual([]);
  });

  it("without showDocument support: showMessage (truncated) and the full text in the log", async () => {
    const long = `${EXPLANATION}\n\n${"More detail. ".repeat(100)}END-OF-EXPLANATION`;
    const { lsp, client } = await startLlmHarness(
      { baseURL: fake.baseURL },
      { ...LLM_CAPABILITIES, window: { workDoneProgress: true } },
    );
    lsp.open(URI, UNSAFE);
    fake.enqueue({ content: long });
    // The positional form a keymap would send: [uri, fingerprint].
    const fingerprint = (cweDiagnostic(lsp).data as { fingerprint: string }).fingerprint;
    const result = (await lsp.server.executeCommand(
      { command: CommandIds.explain, arguments: [URI, fingerprint] },
      { token: new CancellationTokenSource().token },
    )) as ExplainResult;
    expect(result.shownWith).toBe("showMessage");
    expect(client.shownDocuments).toEqual([]);
    const message = client.messages.at(-1)?.message ?? "";
    expect(message).toContain("Unpickling attacker bytes runs code.");
    expect(message).not.toContain("END-OF-EXPLANATION");
    expect(message).toContain(result.file);
    expect(client.logs.some((l) => l.message.includes("END-OF-EXPLANATION"))).toBe(true);
  });

  it("a finding that is no longer shown is an InvalidParams error (no model call)", async () => {
    const { lsp } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, UNSAFE);
    await expect(
      lsp.server.executeCommand(
        {
          command: CommandIds.explain,
          arguments: [{ uri: URI, fingerprint: "nope", ruleId: "py/nope", line: 1 }],
        },
        { token: new CancellationTokenSource().token },
      ),
    ).rejects.toBeInstanceOf(ResponseError);
    expect(fake.requests).toHaveLength(0);
  });
});

const STUB = 'def read_config(file_path):\n    """Return the text of the config file at file_path."""\n';
const IMPLEMENTED =
  'import os\n\n\ndef read_config(file_path):\n    """Return the text of the config file at file_path."""\n' +
  "    with open(os.path.basename(file_path)) as f:\n        return f.read()\n";

function generateCommand(lsp: LspHarness, args: unknown[]): Promise<unknown> {
  return lsp.server.executeCommand(
    { command: CommandIds.generate, arguments: args },
    { token: new CancellationTokenSource().token },
  );
}

describe("seclsp.generate", () => {
  it("stub at the cursor: the stub is the prompt and is replaced by the generated function (versioned edit)", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    const before = "import sys\n\n";
    lsp.open(URI, `${before}${STUB}\nprint(sys.argv)\n`);
    fake.enqueue({ content: py(IMPLEMENTED) });
    const result = (await generateCommand(lsp, [URI, { line: 3, character: 4 }])) as GenerateCommandResult;
    expect(result).toMatchObject({ ok: true, applied: true, promptFrom: "stub", version: 1, hints: [] });
    expect(userText(fake, 0)).toContain(STUB.trimEnd());
    const change = client.edits[0]?.edit.documentChanges?.[0] as TextDocumentEdit;
    expect(change.textDocument).toEqual({ uri: URI, version: 1 });
    expect(await applyRecordedEdit(lsp)).toBe(`${before}${IMPLEMENTED}\nprint(sys.argv)\n`);
    expect(client.messages.at(-1)?.message).toMatch(/generated code inserted, no hints/);
  });

  it("a method stub answered with a function on column 0 is not inserted: the class would not compile", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    const doc =
      'class Config:\n    def read(self, path):\n        """Return the text of the file at path."""\n\n\nx = 1\n';
    lsp.open(URI, doc);
    const method = "def read(self, path):\n    with open(path) as f:\n        return f.read()\n";
    fake.enqueue({ content: py(method) });
    const refused = (await generateCommand(lsp, [URI, { line: 2, character: 8 }])) as {
      ok: boolean;
      error: string;
    };
    expect(refused).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^seclsp: nothing inserted: the generated code would leave the file with a syntax error near line \d+$/,
      ),
    });
    expect(client.edits).toEqual([]);
    expect(client.messages.at(-1)?.message).toBe(refused.error);
    // Indented as the method it replaces, the same code goes in (another docstring: replies are cached by prompt).
    lsp.change(URI, doc.replace("Return the text", "Return the contents"));
    fake.enqueue({ content: py(method.replace(/^(?=.)/gm, "    ")) });
    const result = (await generateCommand(lsp, [URI, { line: 2, character: 8 }])) as GenerateCommandResult;
    expect(result).toMatchObject({ ok: true, applied: true, promptFrom: "stub" });
    expect(await applyRecordedEdit(lsp)).toBe(
      `class Config:\n${method.replace(/^(?=.)/gm, "    ")}\n\nx = 1\n`,
    );
  });

  it("generated code whose indentation Python rejects is not inserted, though tree-sitter parses it", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, `import sys\n\n${STUB}`);
    // `return data` unindents to a level no block has (IndentationError in Python).
    const reply =
      'def read_config(file_path):\n    """Doc."""\n    if file_path:\n        data = 1\n      return data\n';
    fake.enqueue({ content: py(reply) });
    const refused = (await generateCommand(lsp, [URI, { line: 3, character: 4 }])) as {
      ok: boolean;
      error: string;
    };
    expect(refused).toEqual({
      ok: false,
      error:
        "seclsp: nothing inserted: the generated code would leave the file with indentation Python rejects near line 7",
    });
    expect(client.edits).toEqual([]);
  });

  it("self hints with a prompt argument: predicted CWEs go into the prompt and are reported", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, "import json\n\n");
    fake.enqueue(
      {
        content:
          "1. CWE-22: Path Traversal - a path from the user escapes the folder\n2. CWE-78: OS Command Injection - shell",
      },
      { content: py(IMPLEMENTED) },
    );
    const result = (await generateCommand(lsp, [
      { uri: URI, position: { line: 2, character: 0 }, prompt: "Read a config file by name.", hints: "self" },
    ])) as GenerateCommandResult;
    expect(result.hints.map((h) => h.cwe)).toEqual(["CWE-22", "CWE-78"]);
    expect(userText(fake, 0)).toContain("Read a config file by name.");
    expect(userText(fake, 1)).toContain("CWE-22");
    expect(await applyRecordedEdit(lsp)).toBe(`import json\n\n${IMPLEMENTED}`);
    expect(client.messages.at(-1)?.message).toMatch(/hints \(self\): CWE-22, CWE-78/);
  });

  it("selection as the prompt: code goes on the line after it; cwe-definition needs a cwe", async () => {
    const { lsp } = await startLlmHarness({ baseURL: fake.baseURL });
    const comment = "# read the file named by the user from ./data\n";
    lsp.open(URI, `${comment}x = 1\n`);
    const selection = { start: { line: 0, character: 0 }, end: { line: 0, character: comment.length - 1 } };
    const failed = await generateCommand(lsp, [{ uri: URI, range: selection, hints: "cwe-definition" }]);
    expect(failed).toMatchObject({ ok: false, error: expect.stringMatching(/needs the task's target CWE/) });
    expect(fake.requests).toHaveLength(0);
    fake.enqueue({ content: py(IMPLEMENTED) });
    const result = (await generateCommand(lsp, [
      { uri: URI, range: selection, hints: "cwe-definition", cwe: "CWE-22" },
    ])) as GenerateCommandResult;
    expect(result).toMatchObject({ applied: true, promptFrom: "selection", hints: [{ cwe: "CWE-22" }] });
    expect(userText(fake, 0)).toContain("read the file named by the user");
    expect(userText(fake, 0)).toContain("CWE-22");
    expect(await applyRecordedEdit(lsp)).toBe(`${comment}${IMPLEMENTED}x = 1\n`);
  });

  it("no task at the position → InvalidParams; reply without code → nothing inserted", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, "x = 1\n");
    await expect(generateCommand(lsp, [URI, { line: 0, character: 0 }])).rejects.toBeInstanceOf(
      ResponseError,
    );
    fake.enqueue({ content: "Sorry, no." });
    const result = await generateCommand(lsp, [URI, { line: 0, character: 0 }, "Write a hello function"]);
    expect(result).toMatchObject({ ok: false });
    expect(client.edits).toEqual([]);
    expect(client.messages.at(-1)?.message).toMatch(/nothing inserted: .*no code/);
  });
});
