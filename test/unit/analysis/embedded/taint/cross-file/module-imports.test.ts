import { beforeAll, describe, expect, it } from "vitest";
import {
  importBindings,
  importedFunction,
} from "../../../../../../server/src/analysis/embedded/taint/cross-file/module-bindings.js";
import { scanImports } from "../../../../../../server/src/analysis/embedded/taint/cross-file/module-dependencies.js";
import { toSyntaxTree } from "../../../../../../server/src/analysis/embedded/taint/syntax-tree.js";
import { loadPythonParser } from "../../../../../../server/src/python/parser.js";

let parse: (text: string) => ReturnType<typeof toSyntaxTree>;
beforeAll(async () => {
  const parser = await loadPythonParser();
  parse = (text) => {
    const tree = parser.parse(text)!;
    try {
      return toSyntaxTree(tree, text);
    } finally {
      tree.delete();
    }
  };
});

const SOURCE = `import os, app.util as u
import a.b.c
from .db import run_query as rq
from ..pkg import (
    mod,
    other as o,
)
from . import sibling
if True:
    from app.inputs import term
def f():
    from app.hidden import secret
`;

const target = (bindings: ReturnType<typeof importBindings>, dotted: string) =>
  importedFunction(bindings, dotted.split("."));

describe("import bindings (what a callee names through the file's imports)", () => {
  it("keeps relative levels, aliases, parenthesized lists and imports in if-blocks, not in functions", () => {
    const bindings = importBindings(parse(SOURCE));
    expect(target(bindings, "u.clean")).toEqual({ module: "app.util", level: 0, name: "clean" });
    expect(target(bindings, "rq")).toEqual({ module: "db", level: 1, name: "run_query" });
    expect(target(bindings, "mod.f")).toEqual({ module: "pkg.mod", level: 2, name: "f" });
    expect(target(bindings, "o")).toEqual({ module: "pkg", level: 2, name: "other" });
    expect(target(bindings, "sibling.g")).toEqual({ module: "sibling", level: 1, name: "g" });
    expect(target(bindings, "term")).toEqual({ module: "app.inputs", level: 0, name: "term" });
    expect(target(bindings, "a.b.c.run")).toEqual({ module: "a.b.c", level: 0, name: "run" });
    expect(target(bindings, "a.b.run")).toEqual({ module: "a.b", level: 0, name: "run" });
    expect(bindings.has("secret")).toBe(false);
  });

  it("resolves only modules imported by name (what the cache-key scan sees)", () => {
    const bindings = importBindings(parse(SOURCE));
    // `import a.b.c` does not import a.x; `import os` does not import os.nested.
    expect(target(bindings, "a.x.run")).toBeUndefined();
    expect(target(bindings, "os.nested.run")).toBeUndefined();
    expect(target(bindings, "u.deeper.clean")).toBeUndefined();
    expect(target(bindings, "mod.deeper.f")).toBeUndefined();
    expect(target(bindings, "unknown_name")).toBeUndefined();
  });
});

describe("import scan for cache keys", () => {
  it("finds every module the bindings can name (and their prefixes and from-import members)", () => {
    const refs = scanImports(SOURCE).map((r) => `${".".repeat(r.level)}${r.module}`);
    for (const module of [
      "os",
      "app",
      "app.util",
      "a",
      "a.b",
      "a.b.c",
      ".db",
      ".db.run_query",
      "..pkg.mod",
      "..pkg.other",
      ".sibling",
      "app.inputs",
    ])
      expect(refs).toContain(module);
    const bindings = importBindings(parse(SOURCE));
    for (const dotted of ["u.clean", "rq", "mod.f", "o", "sibling.g", "term", "a.b.c.run", "a.b.run"]) {
      const t = target(bindings, dotted)!;
      expect(refs).toContain(`${".".repeat(t.level)}${t.module}`);
    }
  });

  it("handles backslash continuations, semicolons and CR line endings", () => {
    const refs = scanImports("import x; from y \\\n  import z\rimport w\r\n").map((r) => r.module);
    expect(refs).toEqual(expect.arrayContaining(["x", "y", "y.z", "w"]));
  });

  it("stays linear on hostile text (long lines, many parentheses)", () => {
    const text = `${"(".repeat(50_000)}\nimport ok\n${"from a import (b,\n".repeat(2_000)}`;
    expect(scanImports(text).some((r) => r.module === "ok")).toBe(true);
  });
});
