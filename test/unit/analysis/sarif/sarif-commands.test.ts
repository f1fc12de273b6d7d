import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as sarif from "sarif";
import { afterAll, describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CommandIds } from "../../../../server/src/lsp/command-ids.js";
import { FEATURES as ALL_FEATURES } from "../../../../server/src/lsp/features/index.js";
import { sarifCommandsFeature } from "../../../../server/src/lsp/features/sarif-commands.js";
import { SeclspServer } from "../../../../server/src/lsp/seclsp-server.js";
import { FULL_CAPABILITIES, InMemoryDocuments } from "../../../helpers/lsp-harness.js";
import { RecordingLspClient } from "../../../helpers/lsp-recording-client.js";

/** The server's other features; ours are added per test with test settings (once registered, not twice). */
const FEATURES = ALL_FEATURES.filter(
  (f) => !["codeql-on-save", "bandit-on-save", "sarif-commands"].includes(f.name),
);
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const DISK = 'label = "😀"; os.system(cmd)\n';

function codeqlSarif(): sarif.Log {
  return {
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: "CodeQL", rules: [] },
          extensions: [
            {
              name: "codeql/python-queries",
              rules: [
                {
                  id: "py/command-line-injection",
                  defaultConfiguration: { level: "error" },
                  properties: { tags: ["security", "external/cwe/cwe-078"], "security-severity": "9.8" },
                },
              ],
            },
          ],
        },
        columnKind: "unicodeCodePoints",
        results: [
          {
            ruleId: "py/command-line-injection",
            rule: { id: "py/command-line-injection", index: 0, toolComponent: { index: 0 } },
            message: { text: "This command line depends on a [user-provided value](1)." },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: "app/run.py", uriBaseId: "%SRCROOT%" },
                  region: { startLine: 1, startColumn: 14, endColumn: 28 },
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function setup() {
  const root = await mkdtemp(path.join(os.tmpdir(), "seclsp-sarif-cmd-"));
  roots.push(root);
  const file = path.join(root, "app", "run.py");
  await import("node:fs/promises").then((fs) => fs.mkdir(path.dirname(file), { recursive: true }));
  await writeFile(file, DISK);
  const sarifFile = path.join(root, "ci.sarif");
  await writeFile(sarifFile, JSON.stringify(codeqlSarif()));
  const client = new RecordingLspClient();
  const documents = new InMemoryDocuments();
  const server = new SeclspServer({ client, documents, features: [...FEATURES, sarifCommandsFeature] });
  server.initialize({ processId: null, rootUri: null, capabilities: FULL_CAPABILITIES });
  await server.initialized();
  return { root, file, sarifFile, client, documents, server };
}

describe("seclsp.loadSarif / seclsp.exportSarif", () => {
  it("shows CI results on the buffer's current lines with UTF-16 columns", async () => {
    const { root, file, sarifFile, client, documents, server } = await setup();
    const uri = pathToFileURL(file).href;
    const buffer = `import os\n\n${DISK}`; // the buffer has two more lines than the analyzed file
    const document = TextDocument.create(uri, "python", 1, buffer);
    documents.set(document);
    server.didOpen(document);
    const result = await server.executeCommand(
      { command: CommandIds.loadSarif, arguments: [sarifFile, root] },
      { token },
    );
    expect(result).toEqual({ results: 1, shown: 1, files: 1 });
    const diagnostic = client.lastDiagnostics(uri).find((d) => d.code === "py/command-line-injection")!;
    expect(diagnostic.range).toEqual({ start: { line: 2, character: 14 }, end: { line: 2, character: 28 } });
    expect(buffer.split("\n")[2]!.slice(14, 28)).toBe("os.system(cmd)");

    const output = path.join(root, "out.sarif");
    const exported = (await server.executeCommand(
      { command: CommandIds.exportSarif, arguments: [output, root] },
      { token },
    )) as {
      findings: number;
    };
    const log = JSON.parse(readFileSync(output, "utf8")) as sarif.Log;
    const results = log.runs.flatMap((run) => run.results ?? []);
    expect(results).toHaveLength(exported.findings);
    expect(results.some((r) => r.ruleId === "py/command-line-injection")).toBe(true);
  });

  it("rejects a missing argument and an unreadable file clearly", async () => {
    const { server, root } = await setup();
    await expect(
      server.executeCommand({ command: CommandIds.loadSarif, arguments: [] }, { token }),
    ).rejects.toThrow(/needs the SARIF file/);
    await expect(
      server.executeCommand(
        { command: CommandIds.loadSarif, arguments: [path.join(root, "missing.sarif")] },
        { token },
      ),
    ).rejects.toThrow(/cannot load SARIF from .*missing\.sarif: no such file/);
  });
});
