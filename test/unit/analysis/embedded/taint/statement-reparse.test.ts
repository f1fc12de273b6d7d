import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Parser } from "web-tree-sitter";
import { reparseTouchedStatements } from "../../../../../server/src/analysis/embedded/taint/statement-reparse.js";
import {
  type PyNode,
  type SyntaxTree,
  toSyntaxTree,
} from "../../../../../server/src/analysis/embedded/taint/syntax-tree.js";
import { FlowPhase } from "../../../../../server/src/analysis/embedded/taint-phase.js";
import { DEFAULT_CONFIG } from "../../../../../server/src/config/schema.js";
import { loadPythonParser } from "../../../../../server/src/python/parser.js";
import { corpusModules } from "../../../../helpers/corpus-modules.js";
import { flaskApp } from "../../../../helpers/flask-app.js";

let parser: Parser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const serialize = (node: PyNode): string =>
  `${node.type}${node.named ? "" : "'"}${node.field ?? ""}[${node.start},${node.end},${node.startRow}:${node.startCol}-${node.endRow}:${node.endCol}](${node.children.map(serialize).join(" ")})`;

function convert(text: string): SyntaxTree {
  const tree = parser.parse(text)!;
  try {
    return toSyntaxTree(tree, text);
  } finally {
    tree.delete();
  }
}

/** The test corpus's modules, concatenated into bigger ones (real code: decorators, classes, strings, comments). */
function corpusPrograms(count: number, perProgram: number): string[] {
  const files = corpusModules().map((m) => m.code);
  const programs: string[] = [];
  for (let p = 0; p < count; p++) {
    const parts = files.slice(p * perProgram, (p + 1) * perProgram).map((f) => f.trimEnd());
    const program = `${parts.join("\n\n\n")}\n`;
    programs.push(p % 3 === 1 ? program.replace(/\n/g, "\r\n") : program);
  }
  return programs;
}

/** Edits as typed, pasted and deleted — many leave the code broken, some join or split statements. */
const SNIPPETS = [
  "x = 1\n",
  "    y = 2\n",
  "        z = f(a)\n",
  "    # c\n",
  "# top\n",
  "\\\n",
  "\\",
  "(",
  ")",
  "'''",
  '"""doc',
  "else:\n    pass\n",
  "elif b:\n    pass\n",
  "except E:\n    pass\n",
  "@dec\n",
  "\n",
  "  ",
  "\t",
  "\r\n",
  "\r",
  ";",
  "; w = 3",
  "é",
  "😀",
  "def g():\n    return 1\n",
  "class K:\n    pass\n",
  "async def h():\n    await q\n",
  "match v:\n    case 1:\n        pass\n",
  "if a:\n",
  "[",
  "{",
  "#",
];

describe("reparseTouchedStatements", () => {
  const programs = corpusPrograms(6, 40);

  it("gives exactly the tree of a whole parse after any edit it accepts, and accepts most clean ones", () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.nat(programs.length - 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(60),
        fc.constantFrom(...SNIPPETS),
        fc.constantFrom("insert", "delete", "line", "replace"),
        (which, where, length, snippet, kind) => {
          const text = programs[which]!;
          let at = Math.floor(where * text.length);
          if (kind === "line") at = text.lastIndexOf("\n", at - 1) + 1;
          const end = kind === "insert" || kind === "line" ? at : Math.min(text.length, at + length);
          const edited = text.slice(0, at) + (kind === "delete" ? "" : snippet) + text.slice(end);
          const previous = convert(text);
          const before = serialize(previous.root);
          runs++;
          const spliced = reparseTouchedStatements(previous, edited, (t) => parser.parse(t), 1);
          if (!spliced) {
            // Refused: the previous tree must be intact (the caller converts from it).
            expect(serialize(previous.root)).toBe(before);
            return;
          }
          accepted++;
          const fresh = convert(edited);
          expect(serialize(spliced.root)).toBe(serialize(fresh.root));
          expect(spliced.text).toBe(edited);
          expect(spliced.lines!.starts).toEqual(fresh.lines!.starts);
          expect(spliced.clean).toBe(fresh.clean);
          for (const statement of spliced.root.children) expect(statement.parent).toBe(spliced.root);
        },
      ),
      { numRuns: 600, seed: 42 },
    );
    // Not vacuous: most edits that keep the code parseable are taken this way.
    expect(accepted / runs).toBeGreaterThan(0.3);
  });

  it("keeps the nodes of the statements around the edit, and of an unchanged statement inside the region", () => {
    const text = "import os\n\ndef a(x):\n    return x\n\ndef b(y):\n    return y\n\nc = 1\n";
    const previous = convert(text);
    const [imports, a, b, c] = previous.root.namedKids;
    // Typed in the blank line after `a`: `a` (which it could have joined) and `b` are re-parsed.
    const edited = text.replace("    return x\n\n", "    return x\n    z = 2\n\n");
    const spliced = reparseTouchedStatements(previous, edited, (t) => parser.parse(t), 1)!;
    expect(spliced).toBeDefined();
    const kids = spliced.root.namedKids;
    expect(kids[0]).toBe(imports);
    expect(kids[1]).not.toBe(a);
    expect(kids[2]).toBe(b);
    expect(kids[3]).toBe(c);
    expect(c!.startRow).toBe(9);
    expect(serialize(spliced.root)).toBe(serialize(convert(edited).root));
  });

  it("refuses what a region parsed alone would read differently from the whole file", () => {
    const text = "def a(x):\n    return x\n\nb = 1\n\nc = 2\n";
    const refuse = (edited: string) => {
      const previous = convert(text);
      expect(reparseTouchedStatements(previous, edited, (t) => parser.parse(t), 1)).toBeUndefined();
    };
    // A trailing backslash joins the next statement's line (when it is the very next line).
    refuse(text.replace("b = 1\n\n", "b = 1 \\\n"));
    // An unclosed bracket swallows what follows.
    refuse(text.replace("b = 1", "b = (1"));
    refuse(text.replace("b = 1", 'b = """1'));
    // A previous tree with an error: its recovery is not local.
    const broken = "def a(x:\n    return x\n\nb = 1\n\nc = 2\n";
    expect(
      reparseTouchedStatements(convert(broken), broken.replace("c = 2", "c = 3"), (t) => parser.parse(t), 1),
    ).toBeUndefined();
    // By default a region must be much smaller than the file (one big class: an incremental parse reuses more).
    const oneClass = `class K:\n${"    def m(self):\n        return 1\n".repeat(50)}`;
    expect(
      reparseTouchedStatements(convert(oneClass), oneClass.replace("return 1", "return 2"), (t) =>
        parser.parse(t),
      ),
    ).toBeUndefined();
  });

  it("handles statements sharing a line, and statements tree-sitter accepts off column 0", () => {
    /** Spliced, or refused — never different from the whole parse. */
    const splice = (text: string, edited: string) => {
      const spliced = reparseTouchedStatements(convert(text), edited, (t) => parser.parse(t), 1);
      if (spliced) expect(serialize(spliced.root)).toBe(serialize(convert(edited).root));
      return spliced;
    };
    // `a = 1; b = 2`: an edit in `b` re-parses the whole line (else the region would start mid-line).
    expect(splice("x = 0\na = 1; b = 2\nc = 3\n", "x = 0\na = 1; b = 22\nc = 3\n")).toBeDefined();
    // ... and an edit in `y` of `y = 2; z = 3` takes `z` along (else the region would end mid-line).
    expect(splice("x = 1\ny = 2; z = 3\nw = 4\n", "x = 1\ny = 22; z = 3\nw = 4\n")).toBeDefined();
    // tree-sitter reads `  y = 2` after a function as a top-level statement at column 2: no region starts there.
    const offColumn = "def f():\n    pass\n  y = 2\n\nz = 3\n";
    expect(convert(offColumn).root.namedKids[1]!.startCol).toBe(2);
    expect(splice(offColumn, offColumn.replace("y = 2", "y = 22"))).toBeUndefined();
    // ... nor ends there: an edit of its indentation would move it within its line.
    splice(offColumn, offColumn.replace("pass", "return 1"));
    expect(splice(offColumn, offColumn.replace("\n  y = 2", "\n\t\t y = 2"))).toBeUndefined();
  });

  it("reads a statement indented into the blank line after a function as part of it, as the whole parse does", () => {
    const text = "def a(x):\n    return x\n\nb = 1\n\nc = 2\n";
    const edited = text.replace("b = 1", "    b = 1");
    const spliced = reparseTouchedStatements(convert(text), edited, (t) => parser.parse(t), 1)!;
    const fresh = convert(edited);
    expect(fresh.root.namedKids.map((k) => k.type)).toEqual(["function_definition", "expression_statement"]);
    expect(serialize(spliced.root)).toBe(serialize(fresh.root));
  });
});

describe("reparseTouchedStatements on hostile files", () => {
  it("splices an edit into 100,000 statements with every later node moved, and a deeply nested region", () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `v${i} = ${i}`);
    const text = `${lines.join("\n")}\n`;
    const previous = convert(text);
    // 2,000 nested brackets in the middle: parsed alone, converted without recursion.
    const deep = `${"[".repeat(2000)}1${"]".repeat(2000)}`;
    const edited = text.replace("v50000 = 50000\n", `v50000 = 50000\nw = ${deep}\n`);
    const spliced = reparseTouchedStatements(previous, edited, (t) => parser.parse(t))!;
    expect(spliced).toBeDefined();
    const fresh = convert(edited);
    const kids = spliced.root.namedKids;
    expect(kids.length).toBe(100_001);
    for (const k of [0, 49_999, 50_000, 50_001, 50_002, 100_000])
      expect(serialize(kids[k]!)).toBe(serialize(fresh.root.namedKids[k]!));
    expect(serialize({ ...spliced.root, children: [] })).toBe(serialize({ ...fresh.root, children: [] }));
  });
});

describe("the taint pass with statement re-parsing", () => {
  it("finds after every edit of a big file exactly what a fresh analysis of its text finds", () => {
    const options = { threatModel: DEFAULT_CONFIG.threatModel };
    const editing = new FlowPhase();
    let text = flaskApp(800);
    editing.run({ path: "/w/app.py", text }, options);
    const lines = text.split("\n");
    const at = (l: string[], k: number) => l.indexOf(`@app.route('/run${k}')`);
    const edits = [
      // flaskApp's handler k: decorator, def, `cmd = ...`, `os.system(cmd)`, blank line.
      (l: string[]) => l.splice(at(l, 399) + 3, 0, "    name = request.args.get('n')", "    os.popen(name)"),
      (l: string[]) => l.splice(at(l, 299), 5),
      (l: string[]) =>
        l.splice(
          at(l, 600),
          0,
          "@app.route('/extra')",
          "def extra():",
          "    os.system(request.form['x'])",
          "",
        ),
      // Unclosed, then closed again: a whole parse each time (an error is not local).
      (l: string[]) => l.splice(at(l, 500) + 3, 1, "    os.system(cmd"),
      (l: string[]) => l.splice(at(l, 500) + 3, 1, "    os.system(cmd)"),
      (l: string[]) => l.splice(at(l, 700) + 3, 1, "    os.system(cmd + 'x')"),
    ];
    for (const edit of edits) {
      edit(lines);
      text = lines.join("\n");
      const fresh = new FlowPhase().run({ path: "/w/app.py", text }, options);
      expect(editing.run({ path: "/w/app.py", text }, options)).toEqual(fresh);
    }
    // The four edits of clean code after clean code took the statement path.
    expect(editing.taint.reparsedStatements).toBe(4);
  }, 120_000);
});
