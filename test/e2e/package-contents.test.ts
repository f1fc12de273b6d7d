import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO } from "./editor-run.js";

/** What `npm pack` would publish (dry run: nothing is written, no scripts run, no network). */
function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: REPO,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return (pack?.files ?? []).map((file) => file.path);
}

describe("npm pack contents", () => {
  it("ships the LICENSE and every editor config the docs point to", () => {
    const files = packedFiles();
    expect(files).toContain("LICENSE");
    for (const file of [
      "clients/neovim/seclsp.lua",
      "clients/neovim/lspconfig.lua",
      "clients/emacs/seclsp.el",
      "clients/emacs/seclsp-eglot.el",
      "clients/emacs/seclsp-lsp-mode.el",
      "clients/jetbrains/template.json",
      "clients/jetbrains/settings.json",
    ]) {
      expect(files).toContain(file);
    }
    // Tests and fakes stay out of the package.
    expect(files.filter((file) => file.startsWith("test/"))).toEqual([]);
  });
});
