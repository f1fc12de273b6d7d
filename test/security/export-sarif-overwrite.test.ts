// First: V8 wasm settings as in the server (see server/src/analysis/embedded/wasm-tuning.ts), before ruff loads.
import "../../server/src/analysis/embedded/wasm-tuning.js";
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ErrorCodes, MessageType, ResponseError } from "vscode-languageserver/node.js";
import { CommandIds } from "../../server/src/lsp/command-ids.js";
import { LspHarness } from "../helpers/lsp-harness.js";
import { folderOf, makeWorkspace, removeWorkspaces, uriOf, VULNERABLE } from "../lsp/workspace-setup.js";

afterAll(removeWorkspaces);
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const CODEQL_SARIF = JSON.stringify({
  version: "2.1.0",
  runs: [{ tool: { driver: { name: "CodeQL" } }, results: [] }],
});

async function setup() {
  const root = makeWorkspace({ "app.py": VULNERABLE, "other.py": "x = 1\n", "notes.sarif": "my notes\n" });
  writeFileSync(join(root, "ci.sarif"), CODEQL_SARIF);
  const lsp = await LspHarness.start({ workspaceFolders: [folderOf(root)] });
  lsp.open(uriOf(root, "app.py"), VULNERABLE);
  const exportTo = (output: string) =>
    lsp.server.executeCommand({ command: CommandIds.exportSarif, arguments: [output] }, { token }).then(
      (result) => ({ result, error: undefined }),
      (error: unknown) => ({ result: undefined, error: error as ResponseError<unknown> }),
    );
  return { root, lsp, exportTo };
}

describe("seclsp.exportSarif never overwrites user files", () => {
  it("creates a new file, then may replace its own export; says so with a message", async () => {
    const { root, lsp, exportTo } = await setup();
    const output = join(root, "out.sarif");
    const first = await exportTo(output);
    expect(first.error).toBeUndefined();
    const written = JSON.parse(readFileSync(output, "utf8")) as { properties?: Record<string, unknown> };
    expect(written.properties?.["seclsp/exportedBy"]).toBe("seclsp.exportSarif");
    expect(lsp.client.messages.at(-1)).toMatchObject({ type: MessageType.Info });
    expect(lsp.client.messages.at(-1)?.message).toMatch(/wrote \d+ finding\(s\).*out\.sarif/);
    expect((await exportTo(output)).error).toBeUndefined();
    expect((await exportTo(pathToFileURL(output).href)).error).toBeUndefined();
  });

  it("refuses Python files (open or not), non-SARIF files, other tools' SARIF; contents unchanged", async () => {
    const { root, exportTo } = await setup();
    const cases: Array<[string, RegExp]> = [
      ["app.py", /Python file/],
      ["other.py", /Python file/],
      ["notes.sarif", /not a SARIF file written by seclsp/],
      ["ci.sarif", /not a SARIF file written by seclsp/],
    ];
    for (const [name, why] of cases) {
      const path = join(root, name);
      const before = readFileSync(path, "utf8");
      const { error } = await exportTo(path);
      expect(error, name).toBeInstanceOf(ResponseError);
      expect(error?.code).toBe(ErrorCodes.InvalidParams);
      expect(error?.message).toMatch(why);
      expect(error?.message).toMatch(/Choose a new \.sarif file name/);
      expect(readFileSync(path, "utf8"), name).toBe(before);
    }
  });

  it("refuses an open document even with a SARIF name, a symlink, and a directory", async () => {
    const { root, lsp, exportTo } = await setup();
    const ours = join(root, "ours.sarif");
    expect((await exportTo(ours)).error).toBeUndefined();
    // Open in the editor: the buffer would change under the user.
    lsp.open(uriOf(root, "ours.sarif"), readFileSync(ours, "utf8"), "json");
    expect((await exportTo(ours)).error?.message).toMatch(/open in the editor/);
    lsp.close(uriOf(root, "ours.sarif"));
    // A symlink to our own export: refused (it could point anywhere), the link and target kept.
    const link = join(root, "link.sarif");
    symlinkSync(ours, link);
    const target = readFileSync(ours, "utf8");
    expect((await exportTo(link)).error?.message).toMatch(/symbolic link/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(ours);
    expect(readFileSync(ours, "utf8")).toBe(target);
    mkdirSync(join(root, "results.sarif"));
    expect((await exportTo(join(root, "results.sarif"))).error?.message).toMatch(/not a regular file/);
    expect(lstatSync(join(root, "results.sarif")).isDirectory()).toBe(true);
  });
});
