import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Finding } from "../../server/src/analysis/finding.js";
import { DEFAULT_CONFIG } from "../../server/src/config/schema.js";
import { ClosedFileResults } from "../../server/src/lsp/closed-file-results.js";
import { Logger } from "../../server/src/lsp/logger.js";
import { RecordingLspClient } from "../helpers/lsp-recording-client.js";

let workspace: string;
let cacheDir: string;

beforeEach(() => {
  workspace = realpathSync(mkdtempSync(join(tmpdir(), "seclsp-closed-ws-")));
  cacheDir = join(mkdtempSync(join(tmpdir(), "seclsp-closed-cache-")), "check");
});
afterEach(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(join(cacheDir, ".."), { recursive: true, force: true });
});

describe("ClosedFileResults with cross-file summaries", () => {
  it("re-analyzes a closed file when a module it imports changes on disk, and only then", async () => {
    const app = join(workspace, "app.py");
    const appText = "from util import clean\n\ndef view(x):\n    return clean(x)\n";
    writeFileSync(app, appText);
    writeFileSync(join(workspace, "util.py"), "def clean(x):\n    return x\n");
    const results = new ClosedFileResults(new Logger(new RecordingLspClient()), () => cacheDir);
    let analyses = 0;
    const analyze = async (): Promise<Finding[]> => {
      analyses++;
      return [];
    };
    const roots = [workspace];
    await results.findings(app, appText, DEFAULT_CONFIG, workspace, analyze, roots);
    await results.findings(app, appText, DEFAULT_CONFIG, workspace, analyze, roots);
    expect(analyses).toBe(1);
    writeFileSync(join(workspace, "util.py"), "import html\n\ndef clean(x):\n    return html.escape(x)\n");
    await results.findings(app, appText, DEFAULT_CONFIG, workspace, analyze, roots);
    expect(analyses).toBe(2);
    // Without roots (cross-file off) the key ignores other modules.
    await results.findings(app, appText, DEFAULT_CONFIG, workspace, analyze);
    writeFileSync(join(workspace, "util.py"), "def clean(x):\n    return x.strip()\n");
    await results.findings(app, appText, DEFAULT_CONFIG, workspace, analyze);
    expect(analyses).toBe(3);
    await results.close();
  });
});
