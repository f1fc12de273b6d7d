/**
 * npx tsx bench/regex-analysis.ts — cost of the regex analysis (server/src/analysis/embedded/regex/).
 *
 * (1) Uncached analysis time of pathological patterns just inside the bounds (the worst the
 *     server can spend on one pattern), and of typical patterns.
 * (2) The checks pass on a generated 2,000-line file that imports re/ssl/Crypto, after an edit,
 *     with its own parse and with the taint pass's tree (what the analyzer does).
 * Numbers scale with machine load (printed).
 */
import { loadavg } from "node:os";
import { ChecksPass } from "../server/src/analysis/embedded/checks/checks-pass.js";
import { EmbeddedAnalyzer } from "../server/src/analysis/embedded/embedded-analyzer.js";
import { NO_FLAGS } from "../server/src/analysis/embedded/regex/python-regex-translation.js";
import { analyzeRegex } from "../server/src/analysis/embedded/regex/regex-analysis.js";
import { TaintAnalysis } from "../server/src/analysis/embedded/taint/taint-pass.js";
import { generatePython } from "./generate-python.js";

const PATHOLOGICAL = [
  "(?:[\\s\\S]*?\\w+[\\s\\S]*?\\s*)*".repeat(4) + "(?:[\\s\\S]*?\\w+)*",
  "(\\w|\\d|[a-f]|[0-9a-z]|\\S)+".repeat(24) + "!",
  "(?:(?:(?:(?:[\\w.]+\\s*)*[,;]?)*\\s*)+\\.)*$",
  "(" + "[a-z]+\\.?".repeat(11) + ")+$",
];
const TYPICAL = [
  "^(\\d{4})-(\\d{2})-(\\d{2})$",
  "^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+$",
  "^(a+)+$",
  "\\s+$",
  "<script.*?>.*?</script>",
];

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!.toFixed(1);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms`;
};

await EmbeddedAnalyzer.ready();
// Warm up the libraries (JIT) on an unrelated pattern.
analyzeRegex("^(x+)+y$", NO_FLAGS, false);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
for (const [label, patterns] of [
  ["pathological", PATHOLOGICAL],
  ["typical", TYPICAL],
] as const) {
  for (const pattern of patterns) {
    // A suffix makes every run uncached.
    const runs = Array.from({ length: 5 }, (_, i) =>
      time(() => analyzeRegex(`${pattern}(?:z${i})?`, NO_FLAGS, false)),
    );
    const result = analyzeRegex(pattern, NO_FLAGS, false);
    const verdict =
      result.status === "analyzed" ? result.backtracking.kind : `${result.status}: ${result.reason}`;
    console.log(
      `${label.padEnd(12)} ${stats(runs).padEnd(32)} ${verdict.padEnd(14)} ${pattern.slice(0, 60)}`,
    );
  }
}

const header = 'import re\nimport ssl\nfrom Crypto.Cipher import AES\nP = re.compile(r"^(a+)+$")\n';
const base = header + generatePython(2000);
const own = new ChecksPass();
const taint = new TaintAnalysis();
const shared = new ChecksPass((path, text) =>
  taint.syntaxOf(path)?.text === text ? taint.syntaxOf(path) : undefined,
);
const ownRuns: number[] = [];
const sharedRuns: number[] = [];
for (let i = 0; i < 45; i++) {
  const text = base.replace("\n", `\n# edit ${i}\n`);
  const file = { path: "/bench/regex.py", text };
  const ownTime = time(() => own.analyze(file));
  taint.analyze(file, "library");
  const sharedTime = time(() => shared.analyze(file));
  if (i >= 5) {
    ownRuns.push(ownTime);
    sharedRuns.push(sharedTime);
  }
}
console.log("checks pass, 2,000 lines importing re/ssl/Crypto, after an edit:");
console.log(`  own parse:              ${stats(ownRuns)}`);
console.log(`  taint pass's tree:      ${stats(sharedRuns)}`);
