import type { AST } from "@eslint-community/regexpp";
import { childrenOf } from "./backtracking.js";

/**
 * `py/bad-tag-filter`: a regex that looks like an HTML tag/comment filter, run on the inputs
 * browsers accept but such filters typically miss (CodeQL's BadTagFilter cases). Runs the JS
 * regex, so only call it for patterns without exponential backtracking (the inputs are short).
 */
export function badTagFilterProblem(source: string, flags: string): string | undefined {
  if (!/<|\\x3c/i.test(source)) return undefined;
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch {
    return undefined;
  }
  const matches = (input: string) => {
    regex.lastIndex = 0;
    return regex.test(input);
  };
  if (matches("<!-- foo -->")) {
    if (!matches("<!-- foo --!>"))
      return "This regular expression only parses --> and not --!> as an HTML comment end tag.";
    const split = splitCommentGroups(regex);
    if (split) return split;
    if (!matches("<!-- foo\nbar -->"))
      return "This regular expression does not match comments containing newlines.";
  }
  const doubleQuoted = matches('<script type="text/javascript">foo</script>');
  const singleQuoted = matches("<script type='text/javascript'>foo</script>");
  if (doubleQuoted && !singleQuoted)
    return "This regular expression does not match script tags where the attribute uses single-quotes.";
  if (singleQuoted && !doubleQuoted)
    return "This regular expression does not match script tags where the attribute uses double-quotes.";
  if (matches("<script>foo</script>")) {
    if (!matches("<script>foo</script >") && !matches("<script>foo</script\t\n bar>"))
      return "This regular expression does not match script end tags like </script >.";
    if (!matches("<SCRIPT>foo</SCRIPT>"))
      return "This regular expression does not match upper case <SCRIPT> tags.";
    if (!matches("<script>foo\nbar</script>"))
      return "This regular expression does not match script tags containing newlines.";
  }
  return undefined;
}

/**
 * Both comment ends match, but in different capture groups (a sanitizer that then uses group 1
 * misses `--!>` comments): CodeQL's capture-group case.
 */
function splitCommentGroups(regex: RegExp): string | undefined {
  const filled = (input: string): number[] => {
    regex.lastIndex = 0;
    const match = regex.exec(input);
    if (!match) return [];
    return match.flatMap((value, index) => (index > 0 && value !== undefined ? [index] : []));
  };
  const plain = filled("<!-- foo -->");
  const bang = filled("<!-- foo --!>");
  const onlyPlain = plain.filter((g) => !bang.includes(g));
  const onlyBang = bang.filter((g) => !plain.includes(g));
  if (onlyPlain.length === 0 || onlyBang.length === 0) return undefined;
  return (
    "Comments ending with --> are matched differently from comments ending with --!>. The first is matched " +
    `with capture group ${onlyPlain.join(", ")} and comments ending with --!> are matched with capture group ` +
    `${bang.join(", ")}.`
  );
}

const GROUPS: Array<[number, number]> = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x61, 0x7a],
];

/**
 * `py/overly-large-range`: a character range between printable ASCII characters that covers
 * letters or digits but is not inside one of 0-9, A-Z, a-z (`[A-z]`, `[.-_]`, `[0-z]`).
 * Ranges from or to non-printable characters (`[\x00-\x7f]`, `[!-~]`) are deliberate.
 */
export function overlyLargeRanges(pattern: AST.Pattern): string[] {
  const problems: string[] = [];
  const visit = (node: AST.Node): void => {
    if (node.type === "CharacterClassRange") {
      const problem = rangeProblem(node.min.value, node.max.value);
      if (problem) problems.push(problem);
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(pattern);
  return problems;
}

function rangeProblem(min: number, max: number): string | undefined {
  if (min < 0x21 || max > 0x7e || max <= min) return undefined;
  if (min === 0x21 && max === 0x7e) return undefined;
  const coversAlnum = GROUPS.some(([lo, hi]) => min <= hi && max >= lo);
  const insideOne = GROUPS.some(([lo, hi]) => min >= lo && max <= hi);
  if (!coversAlnum || insideOne) return undefined;
  return `Suspicious character range that is equivalent to [${describeRange(min, max)}].`;
}

function describeRange(min: number, max: number): string {
  let out = "";
  let c = min;
  while (c <= max) {
    const group = GROUPS.find(([lo, hi]) => c >= lo && c <= hi);
    if (group) {
      const end = Math.min(group[1], max);
      out += end > c ? `${String.fromCharCode(c)}-${String.fromCharCode(end)}` : String.fromCharCode(c);
      c = end + 1;
      continue;
    }
    const ch = String.fromCharCode(c);
    out += /[[\\\]]/.test(ch) ? `\\${ch}` : ch;
    c++;
  }
  return out;
}

const TLD = "com|org|net|edu|gov|io|co|uk|de|fr|info|biz|me|app|dev|ai|us|ca|jp|ru|cn";
const HOST_RUN = new RegExp(
  String.raw`(?:(?<![\\\w-])[a-z0-9-]+|\))((?:\\?\.[a-z0-9-]+)*\\?\.(?:${TLD}))(?![\w-])`,
  "gi",
);

/**
 * `py/incomplete-hostname-regexp`: a hostname in the (Python) pattern whose dots are not all
 * escaped: `www.example.com` also matches `wwwXexample.com`. Returns the host after the first
 * unescaped dot ("example.com"), once per pattern.
 */
export function incompleteHostname(pythonPattern: string): string | undefined {
  for (const match of pythonPattern.matchAll(HOST_RUN)) {
    if (insideClass(pythonPattern, match.index)) continue;
    const run = match[0];
    for (let i = 0; i < run.length; i++) {
      if (run[i] === "\\") {
        i++;
        continue;
      }
      if (run[i] === ".") return run.slice(i + 1).replace(/\\\./g, ".");
    }
  }
  return undefined;
}

function insideClass(pattern: string, index: number): boolean {
  let inClass = false;
  for (let i = 0; i < index; i++) {
    if (pattern[i] === "\\") i++;
    else if (pattern[i] === "[") inClass = true;
    else if (pattern[i] === "]") inClass = false;
  }
  return inClass;
}
