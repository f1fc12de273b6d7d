import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { PublishDiagnosticsParams } from "vscode-languageserver/node.js";
import type { LspHarness } from "../helpers/lsp-harness.js";

/** Shared by the workspace tests: temp workspaces, file URIs and bounded polling. */

export const VULNERABLE = "import os\n\n\ndef run(cmd):\n    os.system(cmd)\n";
export const SAFE = "import json\n\n\ndef load(data):\n    return json.loads(data)\n";

const made: string[] = [];

/** A fresh folder holding `files` (relative path → text). Real path, so URIs match discovery's. */
export function makeWorkspace(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "seclsp-ws-")));
  made.push(root);
  for (const [rel, text] of Object.entries(files)) writeFile(root, rel, text);
  return root;
}

export function writeFile(root: string, rel: string, text: string): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

export function removeWorkspaces(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function uriOf(root: string, rel: string): string {
  return pathToFileURL(join(root, rel)).href;
}

export function folderOf(root: string): { uri: string; name: string } {
  return { uri: pathToFileURL(root).href, name: "ws" };
}

/** The last publish for `uri`, or undefined when none was sent. */
export function lastPublish(lsp: LspHarness, uri: string): PublishDiagnosticsParams | undefined {
  return lsp.client.publishesFor(uri).at(-1);
}

/** Poll until `probe` returns a value (bounded: throws after ~10 s). */
export async function waitFor<T>(probe: () => T | undefined | false): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("condition not reached within 10 s");
}
