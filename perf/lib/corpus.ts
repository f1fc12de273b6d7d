import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ThreatModel } from "../../server/src/analysis/analyzer.js";

export const CORPUS_DIR = join(import.meta.dirname, "..", "..", "test", "corpus");

export interface CorpusFile {
  /** Path relative to test/corpus ("CWE-89/flask_format_string.py"). */
  name: string;
  path: string;
  text: string;
  threatModel: ThreatModel;
  /** "line:rule" for every `# expect: rule[, rule]` marker (1-based lines). */
  expected: Set<string>;
}

/** Read the corpus: threat model from a first-line `# threat-model: X` comment (default library). */
export function loadCorpus(dir = CORPUS_DIR): CorpusFile[] {
  const files: CorpusFile[] = [];
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith(".py")) files.push(readCorpusFile(dir, full));
    }
  };
  visit(dir);
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

function readCorpusFile(dir: string, path: string): CorpusFile {
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  const model = /^#\s*threat-model:\s*(remote|local|library)\b/.exec(lines[0] ?? "")?.[1] as
    | ThreatModel
    | undefined;
  const expected = new Set<string>();
  lines.forEach((line, i) => {
    const match = /#\s*expect:\s*(.+)$/.exec(line);
    if (!match) return;
    for (const rule of match[1]!.split(",")) expected.add(`${i + 1}:${rule.trim()}`);
  });
  return { name: relative(dir, path), path, text, threatModel: model ?? "library", expected };
}
