import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { PublishDiagnosticsParams, TextDocumentContentChangeEvent } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { StdioLspClient } from "../../perf/lib/lsp-stdio-client.js";

/**
 * Random incremental edits against the BUILT server over stdio. After every step the server's copy
 * (seclsp.debugInfo {uri}: version, UTF-16 length, sha256) must equal the client's
 * TextDocument, and every published diagnostic must lie inside the text of the version it was
 * published for. Seeded: SECLSP_FUZZ_SEED reproduces a run. `npm test` runs a short sequence;
 * `npm run test:fuzz` (SECLSP_FUZZ_MESSAGES=10000) runs 10× more, or set SECLSP_FUZZ_EDITS.
 */
const LONG = Number(process.env.SECLSP_FUZZ_MESSAGES ?? 0) >= 10_000;
const STEPS = Number(process.env.SECLSP_FUZZ_EDITS ?? (LONG ? 1500 : 150));
const SEED = Number(process.env.SECLSP_FUZZ_SEED ?? 20261125);
const DOCUMENTS = 3;

const START = [
  "import os",
  "import pickle",
  "",
  "def handler(request, data):",
  "    cmd = request.args.get('cmd')  # 😀",
  "    os.system(cmd)\r",
  "    return pickle.loads(data)",
  "",
].join("\n");

const insertText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "",
      "\n",
      "\r\n",
      "\r",
      "😀",
      "𝔘𝔫𝔦",
      "\t",
      "    ",
      "x = '😀'\r\n",
      "eval(input())\n",
      "subprocess.call(c, shell=True)\n",
      "import hashlib\nhashlib.md5(b'x')\n",
      "def f(:\n",
      "'''\n",
      "# seclsp: ignore[py/code-injection]\n",
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
);

type AbstractEdit =
  /** A range between two offsets given as fractions of the document length (may be reversed). */
  | { kind: "offsets"; from: number; to: number; text: string }
  /**
   * Raw positions with characters possibly past the end of their line (LSP: clamped to the line
   * end). Lines stay inside the document: vscode-languageserver-textdocument corrupts its line
   * table for a range starting past the last line, on the client and the server alike.
   */
  | { kind: "raw"; sl: number; sc: number; el: number; ec: number; text: string }
  /** Full-document replacement (a client that falls back to full sync). */
  | { kind: "full"; text: string };

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const abstractEdit: fc.Arbitrary<AbstractEdit> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("offsets" as const),
      from: fraction,
      to: fraction,
      text: insertText,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("raw" as const),
      sl: fraction,
      sc: fc.nat(60),
      el: fraction,
      ec: fc.nat(60),
      text: insertText,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("full" as const),
      text: fc.constantFrom(START, "", "x = 1\r\n😀\n"),
    }),
  },
);
/** One didChange: 1–3 content changes applied in order. */
const step = fc.array(abstractEdit, { minLength: 1, maxLength: 3 });

function concrete(edit: AbstractEdit, document: TextDocument): TextDocumentContentChangeEvent {
  if (edit.kind === "full") return { text: edit.text };
  if (edit.kind === "raw") {
    const line = (f: number) => Math.min(document.lineCount - 1, Math.floor(f * document.lineCount));
    const p = { line: line(edit.sl), character: edit.sc };
    const q = { line: line(edit.el), character: edit.ec };
    const [start, end] = document.offsetAt(p) <= document.offsetAt(q) ? [p, q] : [q, p];
    return { range: { start, end }, text: edit.text };
  }
  const length = document.getText().length;
  const start = document.positionAt(Math.floor(edit.from * length));
  const end = document.positionAt(Math.floor(edit.to * length));
  // Reversed ranges are not valid LSP; clients always send start ≤ end.
  const [a, b] = document.offsetAt(start) <= document.offsetAt(end) ? [start, end] : [end, start];
  return { range: { start: a, end: b }, text: edit.text };
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Line lengths (UTF-16, without the line break) of a text, as LSP positions see them. */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function outsideRanges(params: PublishDiagnosticsParams, texts: Map<number, string>): string[] {
  if (params.version === undefined) return [`publish without a version for ${params.uri}`];
  const text = texts.get(params.version);
  if (text === undefined) return [`publish for version ${params.version}, which the client never sent`];
  const lines = lineLengths(text);
  const inside = (p: { line: number; character: number }) =>
    p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!;
  return params.diagnostics
    .filter((d) => {
      const { start, end } = d.range;
      const ordered = start.line < end.line || (start.line === end.line && start.character <= end.character);
      return !inside(start) || !inside(end) || !ordered;
    })
    .map(
      (d) =>
        `v${params.version} ${JSON.stringify(d.range)} ${d.code}: ${d.message.slice(0, 40)} in ${JSON.stringify(text).slice(0, 2000)}`,
    );
}

describe(`edit sequences (${DOCUMENTS} documents × ${STEPS} steps, seed ${SEED})`, () => {
  const built = existsSync(new URL("../../dist/cli.js", import.meta.url));
  const lsp = new StdioLspClient(["--stdio"], { ...process.env, SECLSP_LOG_LEVEL: "error" });
  afterAll(() => lsp.kill());

  it("the server's text equals the client's after every step, and diagnostics stay inside it", async () => {
    expect(built, "dist/cli.js missing: run `npm run build` (npm test does)").toBe(true);
    await lsp.connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
      initializationOptions: { seclsp: { debounceMs: 0, logLevel: "error" } },
    });
    await lsp.connection.sendNotification("initialized", {});

    const steps = fc.sample(step, { seed: SEED, numRuns: STEPS * DOCUMENTS });
    const texts = new Map<string, Map<number, string>>();
    const documents: TextDocument[] = [];
    for (let d = 0; d < DOCUMENTS; d++) {
      const uri = `file:///fuzz/edits/doc-${d}%20with%20space.py`;
      const document = TextDocument.create(uri, "python", 1, START);
      documents.push(document);
      texts.set(uri, new Map([[1, START]]));
      await lsp.connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri, languageId: "python", version: 1, text: START },
      });
    }

    for (const [index, edits] of steps.entries()) {
      const d = index % DOCUMENTS;
      const document = documents[d]!;
      const changes: TextDocumentContentChangeEvent[] = [];
      // Each change's positions refer to the text after the previous changes (LSP semantics).
      let scratch = TextDocument.create(document.uri, "python", document.version, document.getText());
      for (const edit of edits) {
        const change = concrete(edit, scratch);
        changes.push(change);
        scratch = TextDocument.update(scratch, [change], scratch.version);
      }
      const version = document.version + 1;
      const updated = TextDocument.update(document, changes, version);
      texts.get(document.uri)!.set(version, updated.getText());
      await lsp.connection.sendNotification("textDocument/didChange", {
        textDocument: { uri: document.uri, version },
        contentChanges: changes,
      });
      const seen = (await lsp.connection.sendRequest("workspace/executeCommand", {
        command: "seclsp.debugInfo",
        arguments: [{ uri: document.uri }],
      })) as { version: number; length: number; sha256: string };
      const expected = { version, length: updated.getText().length, sha256: sha256(updated.getText()) };
      expect(
        { version: seen.version, length: seen.length, sha256: seen.sha256 },
        `step ${index} (seed ${SEED}) on ${document.uri}: ${JSON.stringify(changes)}`,
      ).toEqual(expected);
    }

    // The last version of each document gets its diagnostics; then check everything published.
    for (const document of documents) {
      await lsp.diagnostics(document.uri, (p) => p.version === document.version);
    }
    const problems = lsp.published.flatMap((p) => outsideRanges(p, texts.get(p.uri) ?? new Map()));
    expect(problems.slice(0, 10)).toEqual([]);
    // Sanity: the run did publish findings (the checks above are not vacuous).
    expect(lsp.published.some((p) => p.diagnostics.length > 0)).toBe(true);
    expect(lsp.protocolErrors).toEqual([]);
    expect(lsp.stderr).not.toMatch(/unhandled ?rejection|uncaught ?exception/i);
  }, 300_000);
});
