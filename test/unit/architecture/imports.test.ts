import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The folders are the architecture (docs/architecture.md): editor → lsp → workflows →
 * (analysis | llm). These read every import and export-from of the source tree and fail on an
 * edge that crosses a layer the wrong way.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../../server/src");

interface ImportEdge {
  file: string; // relative to server/src, with "/"
  specifier: string;
  target?: string; // relative to server/src, for relative specifiers
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Static `import … from "x"`, `import "x"`, `export … from "x"` and dynamic `import("x")`. */
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^"'`;]*?\sfrom\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(path: string): ImportEdge[] {
  const file = relative(SRC, path).split(sep).join("/");
  const text = readFileSync(path, "utf8");
  return [...text.matchAll(IMPORT)].map((match) => {
    const specifier = (match[1] ?? match[2]) as string;
    const target = specifier.startsWith(".")
      ? relative(SRC, resolve(dirname(path), specifier))
          .split(sep)
          .join("/")
      : undefined;
    return { file, specifier, ...(target === undefined ? {} : { target }) };
  });
}

const EDGES = sourceFiles(SRC).flatMap(importsOf);

function violations(from: (file: string) => boolean, to: (edge: ImportEdge) => boolean): string[] {
  return EDGES.filter((edge) => from(edge.file) && to(edge)).map(
    (edge) => `${edge.file} → ${edge.specifier}`,
  );
}

const inFolder = (folder: string) => (path: string | undefined) =>
  path !== undefined && (path === folder || path.startsWith(`${folder}/`));

describe("layering of server/src", () => {
  it("reads the import statements (the scan itself works)", () => {
    expect(EDGES.length).toBeGreaterThan(200);
    const explain = EDGES.filter((edge) => edge.file === "lsp/features/explain.ts");
    expect(explain.map((edge) => edge.target)).toContain("workflows/explain-finding.js");
  });

  it("lsp/ reaches llm/ only through workflows/", () => {
    expect(violations(inFolder("lsp"), (edge) => inFolder("llm")(edge.target))).toEqual([]);
  });

  it("only lsp/ imports vscode-languageserver", () => {
    expect(
      violations(
        (file) => !inFolder("lsp")(file),
        (edge) => /^vscode-languageserver(-[a-z]+)?(\/|$)/.test(edge.specifier),
      ),
    ).toEqual([]);
  });

  it("nothing below lsp/ (workflows, analysis, llm, python, config, files) imports lsp/ or the CLI", () => {
    const core = (file: string) =>
      ["workflows", "analysis", "llm", "python", "config", "files"].some((f) => inFolder(f)(file));
    expect(
      violations(
        core,
        (edge) => inFolder("lsp")(edge.target) || edge.target === "cli.js" || inFolder("check")(edge.target),
      ),
    ).toEqual([]);
  });

  it("analysis/ and llm/ do not import workflows/ (data flows one way)", () => {
    const lower = (file: string) => inFolder("analysis")(file) || inFolder("llm")(file);
    expect(violations(lower, (edge) => inFolder("workflows")(edge.target))).toEqual([]);
  });

  it("llm/ does not import analysis/ (shared Python parsing lives in python/)", () => {
    expect(violations(inFolder("llm"), (edge) => inFolder("analysis")(edge.target))).toEqual([]);
  });

  it("bandit/ does not import codeql/ (process running and executable discovery live in external/)", () => {
    expect(
      violations(inFolder("analysis/bandit"), (edge) => inFolder("analysis/codeql")(edge.target)),
    ).toEqual([]);
    expect(
      violations(inFolder("analysis/external"), (edge) =>
        ["analysis/codeql", "analysis/bandit", "analysis/embedded"].some((f) => inFolder(f)(edge.target)),
      ),
    ).toEqual([]);
  });

  it("python/ (parser, syntax and signature checks) imports neither analysis/ nor llm/", () => {
    expect(
      violations(
        inFolder("python"),
        (edge) => inFolder("analysis")(edge.target) || inFolder("llm")(edge.target),
      ),
    ).toEqual([]);
  });
});

const ROOT = resolve(SRC, "../..");

/** Relative imports of every perf script, as repo-relative targets ("server/src/…", "test/…"). */
function perfImportTargets(): { file: string; target: string }[] {
  return sourceFiles(join(ROOT, "perf")).flatMap((path) =>
    [...readFileSync(path, "utf8").matchAll(IMPORT)]
      .map((match) => (match[1] ?? match[2]) as string)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => ({
        file: relative(ROOT, path).split(sep).join("/"),
        target: relative(ROOT, resolve(dirname(path), specifier))
          .split(sep)
          .join("/"),
      })),
  );
}

describe("perf/ (performance scripts)", () => {
  const edges = perfImportTargets();

  it("reads the perf scripts' imports (the scan itself works)", () => {
    expect(edges.filter((edge) => edge.file === "perf/latency.ts").map((edge) => edge.target)).toContain(
      "perf/lib/lsp-stdio-client.js",
    );
  });

  it("no perf script imports test/ (test data is read as files, helpers live in perf/lib)", () => {
    expect(
      edges.filter((edge) => inFolder("test")(edge.target)).map((e) => `${e.file} → ${e.target}`),
    ).toEqual([]);
  });
});

describe("test/unit mirrors server/src", () => {
  /** Folders under test/unit, relative to it; `fixtures/` hold data and `architecture/` tests the tree itself. */
  function unitFolders(dir: string, prefix = ""): string[] {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== "fixtures")
      .flatMap((entry) => {
        const rel = `${prefix}${entry.name}`;
        return [rel, ...unitFolders(join(dir, entry.name), `${rel}/`)];
      });
  }

  it("every test/unit folder names a server/src folder (unit tests sit where their subject lives)", () => {
    const folders = unitFolders(join(ROOT, "test/unit")).filter((folder) => folder !== "architecture");
    expect(folders).toContain("analysis/embedded/taint");
    const orphans = folders.filter(
      (folder) => !existsSync(join(SRC, folder)) || !statSync(join(SRC, folder)).isDirectory(),
    );
    expect(orphans).toEqual([]);
  });
});
