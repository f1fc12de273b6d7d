import { readFileSync } from "node:fs";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CancellationTokenSource,
  CodeActionKind,
  type TextDocumentEdit,
} from "vscode-languageserver/node.js";
import { EmbeddedAnalyzer } from "../../server/src/analysis/embedded/embedded-analyzer.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import type { RepairCommandResult } from "../../server/src/lsp/features/repair.js";
import { type FakeOpenAIServer, startFakeOpenAI } from "../fakes/openai-server.js";
import {
  actionsFor,
  applyRecordedEdit,
  cweDiagnostic,
  execute,
  FIXED,
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

/** Non-LLM commands also offered on a finding (debug info, data flow). */
const NOT_LLM = new Set<string>([CommandIds.debugInfo, CommandIds.showDataFlow]);

describe("LLM code actions on a seclsp diagnostic", () => {
  it("lists Explain and both Fix actions instantly, each carrying a command (no model call)", async () => {
    const { lsp } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, UNSAFE);
    const diagnostic = cweDiagnostic(lsp);
    const actions = await actionsFor(lsp, diagnostic);
    const rule = String(diagnostic.code);
    const llm = actions.filter((a) => a.command && !NOT_LLM.has(a.command.command));
    expect(llm.map((a) => a.title)).toEqual([
      `Explain ${rule}`,
      `Fix ${rule} (explained feedback)`,
      `Fix ${rule} (direct feedback)`,
    ]);
    for (const action of llm) {
      expect(action.kind).toBe(CodeActionKind.QuickFix);
      expect(action.edit).toBeUndefined();
      expect(action.command?.arguments?.[0]).toBe(URI);
    }
    expect(llm[2]?.command?.arguments?.[2]).toBe("direct");
    expect(fake.requests).toHaveLength(0);
    // A source-only request gets none of them.
    const sourceOnly = await lsp.server.codeActions({
      textDocument: { uri: URI },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: [CodeActionKind.Source] },
    });
    expect(sourceOnly.filter((a) => a.command?.command === CommandIds.repair)).toEqual([]);
  });
});

describe("seclsp.repair", () => {
  it("direct feedback: sends the finding's message and location, applies a versioned edit, diagnostics clear", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, UNSAFE);
    lsp.change(URI, `${UNSAFE}`); // version 2: the fix must be sent for this version
    const diagnostic = cweDiagnostic(lsp);
    fake.enqueue({ content: py(FIXED) });
    const actions = await actionsFor(lsp, diagnostic);
    const result = (await execute(
      lsp,
      actions.find((a) => a.title.endsWith("(direct feedback)")),
    )) as RepairCommandResult;

    expect(result).toMatchObject({ ok: true, applied: true, verified: true, version: 2 });
    expect(fake.requests).toHaveLength(1);
    const sent = userText(fake, 0);
    expect(sent).toContain(`${diagnostic.code} (CWE-502) at line 5`);
    expect(sent).toContain("pickle.loads(data)");
    const change = client.edits[0]?.edit.documentChanges?.[0] as TextDocumentEdit;
    expect(change.textDocument).toEqual({ uri: URI, version: 2 });
    expect(await applyRecordedEdit(lsp)).toBe(FIXED);
    expect(client.lastDiagnostics(URI).filter((d) => d.code === diagnostic.code)).toEqual([]);
    expect(client.progress.map((p) => p.title)).toEqual([`Fix ${diagnostic.code} (direct feedback)`]);
    expect(client.messages.at(-1)?.message).toMatch(/Fixed .* in 1 round/);
  });

  it("explained feedback: the explainer's explanation goes into the generator's instruction", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, UNSAFE);
    const explanation = "Unpickling untrusted bytes runs arbitrary code. Use json.loads instead.";
    fake.enqueue({ content: explanation }, { content: py(FIXED) });
    const actions = await actionsFor(lsp, cweDiagnostic(lsp));
    const result = (await execute(
      lsp,
      actions.find((a) => a.title.endsWith("(explained feedback)")),
    )) as RepairCommandResult;
    expect(result.applied).toBe(true);
    expect(fake.requests.map((r) => r.body?.model)).toEqual(["explain-model", "gen-model"]);
    expect(userText(fake, 1)).toContain(explanation);
    expect(client.messages.at(-1)?.message).toMatch(/^seclsp: Fixed .* in 1 round$/);
    expect(await applyRecordedEdit(lsp)).toBe(FIXED);
  });

  it("stale version: the user types while the model works → nothing applied, the user is told", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, UNSAFE);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake.enqueue({ until: gate, reply: { content: py(FIXED) } });
    const actions = await actionsFor(lsp, cweDiagnostic(lsp));
    const running = execute(
      lsp,
      actions.find((a) => a.title.endsWith("(direct feedback)")),
    );
    await waitFor(() => fake.requests.length === 1);
    lsp.change(URI, `${UNSAFE}# typed meanwhile\n`);
    release();
    const result = (await running) as RepairCommandResult;
    expect(result).toMatchObject({ ok: true, applied: false, stale: true, version: 1 });
    expect(client.edits).toEqual([]);
    expect(client.messages.at(-1)?.message).toMatch(
      /not applied: the document changed .*version 1, now version 2/,
    );
    expect(lsp.text(URI)).toBe(`${UNSAFE}# typed meanwhile\n`);
  });

  it("cancel through the request's token: no edit, reported as cancelled, the server keeps serving", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, UNSAFE);
    fake.enqueue({ delayMs: 60_000 });
    const source = new CancellationTokenSource();
    const actions = await actionsFor(lsp, cweDiagnostic(lsp));
    const running = execute(
      lsp,
      actions.find((a) => a.title.endsWith("(direct feedback)")),
      source,
    );
    await waitFor(() => fake.requests.length === 1);
    source.cancel();
    expect(await running).toMatchObject({ ok: false, cancelled: true });
    expect(client.edits).toEqual([]);
    // Next command works.
    fake.enqueue({ content: py(FIXED) });
    expect(
      await execute(
        lsp,
        actions.find((a) => a.title.endsWith("(direct feedback)")),
      ),
    ).toMatchObject({
      applied: true,
    });
  });

  it("unverified fix, offer: asks 'Apply unverified fix? <reason>' and applies only on Apply", async () => {
    const stillUnsafe = UNSAFE.replace("# keep me", "# still unsafe");
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, UNSAFE);
    const actions = await actionsFor(lsp, cweDiagnostic(lsp));
    const direct = actions.find((a) => a.title.endsWith("(direct feedback)"));

    client.answer = "Cancel";
    fake.enqueue({ content: py(stillUnsafe) });
    const declined = (await execute(lsp, direct)) as RepairCommandResult;
    expect(declined).toMatchObject({ verified: false, applied: false });
    expect(client.questions[0]?.message).toMatch(
      /^Apply unverified fix\? after 1 round\(s\) the analyzer still reports/,
    );
    expect(client.questions[0]?.actions).toEqual(["Apply", "Cancel"]);
    expect(client.edits).toEqual([]);

    client.answer = "Apply";
    fake.enqueue({ content: py(stillUnsafe) });
    const accepted = (await execute(lsp, direct)) as RepairCommandResult;
    expect(accepted).toMatchObject({ verified: false, applied: true });
    expect(await applyRecordedEdit(lsp)).toBe(stillUnsafe);
  });

  it("unverified fix without showMessageRequest support, or with unverified=drop: never applied, reason shown", async () => {
    const noAsk = { ...LLM_CAPABILITIES, window: { workDoneProgress: true } };
    const stillUnsafe = UNSAFE.replace("# keep me", "# still unsafe");
    for (const [settings, capabilities, expected] of [
      [{}, noAsk, /cannot ask whether to apply an unverified fix/],
      [{ unverified: "drop" }, LLM_CAPABILITIES, /seclsp.repair.unverified is "drop"/],
    ] as const) {
      const { lsp, client } = await startLlmHarness(
        { baseURL: fake.baseURL, repair: settings },
        capabilities,
      );
      lsp.open(URI, UNSAFE);
      fake.enqueue({ content: py(stillUnsafe) });
      const actions = await actionsFor(lsp, cweDiagnostic(lsp));
      const result = await execute(
        lsp,
        actions.find((a) => a.title.endsWith("(direct feedback)")),
      );
      expect(result).toMatchObject({ verified: false, applied: false });
      expect(client.questions).toEqual([]);
      expect(client.edits).toEqual([]);
      expect(client.messages.at(-1)?.message).toMatch(expected);
    }
  });

  it("consent off for a non-loopback endpoint: nothing is sent, the message says what to set", async () => {
    // 0.0.0.0 reaches this machine's listeners, yet is not a loopback address: without consent
    // the request would arrive at the fake server, so an empty request log proves nothing left.
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL.replace("127.0.0.1", "0.0.0.0") });
    lsp.open(URI, UNSAFE);
    const actions = await actionsFor(lsp, cweDiagnostic(lsp));
    const llmActions = actions.filter((a) => a.command && !NOT_LLM.has(a.command.command));
    for (const action of llmActions) {
      const result = await execute(lsp, action);
      expect(result).toMatchObject({ ok: false });
    }
    expect(fake.requests).toHaveLength(0);
    expect(client.edits).toEqual([]);
    expect(client.messages.at(-1)?.message).toContain('"seclsp.llm.allowRemote": true');
  });

  it("model errors (no code, HTTP 400) → a clear message, no edit; 429 then success → fixed", async () => {
    const cases = [
      {
        replies: [{ content: "I would rather not write code today." }],
        message: /No fix for .*model returned no code/,
      },
      {
        replies: [{ status: 400, message: "bad request from the fake" }],
        message: /No fix for .*bad request from the fake/,
      },
    ];
    for (const { replies, message } of cases) {
      const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
      lsp.open(URI, UNSAFE);
      fake.enqueue(...replies);
      const actions = await actionsFor(lsp, cweDiagnostic(lsp));
      expect(
        await execute(
          lsp,
          actions.find((a) => a.title.endsWith("(direct feedback)")),
        ),
      ).toMatchObject({
        applied: false,
        verified: false,
      });
      expect(client.messages.at(-1)?.message).toMatch(message);
      expect(client.edits).toEqual([]);
    }
    const { lsp } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, UNSAFE);
    fake.enqueue({ status: 429, retryAfter: "0" }, { content: py(FIXED) });
    const actions = await actionsFor(lsp, cweDiagnostic(lsp));
    const fixed = await execute(
      lsp,
      actions.find((a) => a.title.endsWith("(direct feedback)")),
    );
    expect(fixed).toMatchObject({ applied: true, verified: true });
    expect(await applyRecordedEdit(lsp)).toBe(FIXED);
  });
});

describe("seclsp.repair: the fix replaces only its target", () => {
  const FLASK = readFileSync(new URL("../../examples/flask_sql_injection.py", import.meta.url), "utf8");
  const FIXED_FIND_USER = `@app.route("/users")
def find_user():
    name = request.args.get("name", "")
    db = get_db()
    rows = db.execute("SELECT id, name, email FROM users WHERE name = ?", (name,)).fetchall()
    return {"users": [list(row) for row in rows]}
`;

  it("a reply with only the fixed function: the rest of the file is kept byte-for-byte", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, FLASK);
    fake.enqueue({ content: py(FIXED_FIND_USER) });
    const actions = await actionsFor(lsp, cweDiagnostic(lsp, "CWE-89"));
    const result = (await execute(
      lsp,
      actions.find((a) => a.title.endsWith("(direct feedback)")),
    )) as RepairCommandResult;
    expect(result).toMatchObject({ ok: true, applied: true, verified: true });
    expect(client.questions).toEqual([]);
    const start = FLASK.indexOf('@app.route("/users")');
    const end = FLASK.indexOf("\n\n\nif __name__");
    expect(await applyRecordedEdit(lsp)).toBe(
      FLASK.slice(0, start) + FIXED_FIND_USER.trimEnd() + FLASK.slice(end),
    );
  });

  it("`def run(): return 0` is refused: no edit, the document is unchanged, the reason is shown", async () => {
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, FLASK);
    fake.enqueue({ content: py("def run(): return 0\n") });
    const actions = await actionsFor(lsp, cweDiagnostic(lsp, "CWE-89"));
    const result = await execute(
      lsp,
      actions.find((a) => a.title.endsWith("(direct feedback)")),
    );
    expect(result).toMatchObject({ applied: false, verified: false });
    expect(client.edits).toEqual([]);
    expect(lsp.text(URI)).toBe(FLASK);
    expect(client.messages.at(-1)?.message).toMatch(
      /No fix for .*: the model's code does not replace `find_user`: it defines `run` instead$/,
    );
  });

  it("a whole-file reply that deletes another function needs an explicit yes, with the diff", async () => {
    const rest = "\n\nLIMIT = 10\n\n\ndef other():\n    return 2\n";
    const doc = `${UNSAFE}\n\nLIMIT = 10\n\n\ndef helper():\n    return 1\n\n\ndef other():\n    return 2\n`;
    // The reply has the file's other items: it stands for the whole file, and it drops helper().
    const reply = FIXED + rest;
    const { lsp, client } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, doc);
    const actions = await actionsFor(lsp, cweDiagnostic(lsp));
    const direct = actions.find((a) => a.title.endsWith("(direct feedback)"));

    fake.enqueue({ content: py(reply) });
    const unanswered = (await execute(lsp, direct)) as RepairCommandResult;
    expect(unanswered).toMatchObject({
      verified: true,
      applied: false,
      outsideChange: expect.stringContaining("removes `helper`"),
    });
    expect(client.questions[0]?.message).toMatch(
      /^The verified fix changes \d+ lines? outside `load`; removes `helper`\. Apply it anyway\?/,
    );
    expect(client.questions[0]?.message).toContain("-def helper():");
    expect(client.questions[0]?.actions).toEqual([
      expect.stringMatching(/^Apply \(changes \d+ lines? outside the function\)$/),
      "Cancel",
    ]);
    expect(client.edits).toEqual([]);
    expect(lsp.text(URI)).toBe(doc);

    client.answer = "Cancel";
    fake.enqueue({ content: py(reply) });
    expect(await execute(lsp, direct)).toMatchObject({ applied: false });
    expect(client.edits).toEqual([]);

    fake.enqueue({ content: py(reply) });
    client.answer = client.questions[0]?.actions[0];
    expect(await execute(lsp, direct)).toMatchObject({ applied: true, verified: true });
    expect(await applyRecordedEdit(lsp)).toBe(reply);
  });

  it("CR-only document: only the fixed line changes", async () => {
    const doc = `${UNSAFE}\n\ndef helper():\n    return 1\n`.replace(/\n/g, "\r");
    const { lsp } = await startLlmHarness({ baseURL: fake.baseURL });
    lsp.open(URI, doc);
    fake.enqueue({ content: py("import json\n\ndef load(data):\n    return json.loads(data)  # keep me\n") });
    const actions = await actionsFor(lsp, cweDiagnostic(lsp));
    const result = await execute(
      lsp,
      actions.find((a) => a.title.endsWith("(direct feedback)")),
    );
    expect(result).toMatchObject({ applied: true });
    const text = await applyRecordedEdit(lsp);
    expect(text).toBe(
      doc.replace("pickle.loads", "json.loads").replace("import pickle", "import pickle\rimport json"),
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
