/** Python `re` flags that change how a pattern is read or matched. */
export interface PythonRegexFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  verbose: boolean;
}

export const NO_FLAGS: PythonRegexFlags = {
  ignoreCase: false,
  multiline: false,
  dotAll: false,
  verbose: false,
};

/**
 * A Python pattern rewritten in JS syntax (what regexpp/scslre/refa read), or why it could not
 * be. The JS pattern is used without the `u` flag: Annex B accepts Python's lone `{` and `]`.
 */
export type Translation =
  | { ok: true; source: string; flags: string; approximations: string[] }
  | { ok: false; reason: string };

const INLINE_FLAG = /^[aiLmsux]+$/;

/**
 * Translate Python regex syntax to JS: named groups `(?P<n>…)`/`(?P=n)`, `\A`/`\Z`, inline flags,
 * verbose mode, `{,n}`, comments, a leading `]` in a class. Possessive quantifiers, atomic groups,
 * conditionals, `\U…` and `\N{…}` have no JS form: they are reported as unsupported.
 */
export function translatePythonRegex(pattern: string, flags: PythonRegexFlags = NO_FLAGS): Translation {
  const f = { ...flags };
  const approximations: string[] = [];
  let out = "";
  let i = 0;
  let inClass = false;
  let classStart = -1;
  let lastQuantifier = false;
  const fail = (reason: string): Translation => ({ ok: false, reason });
  // Global inline flags: `(?i)` anywhere at the top level applies to the whole pattern in Python.
  for (const match of pattern.matchAll(/\(\?([aiLmsux]+)\)/g)) {
    const letters = match[1]!;
    if (letters.includes("i")) f.ignoreCase = true;
    if (letters.includes("m")) f.multiline = true;
    if (letters.includes("s")) f.dotAll = true;
    if (letters.includes("x")) f.verbose = true;
  }
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) return fail("pattern ends with a backslash");
      if (next === "U" || next === "N") return fail(`\\${next} escapes are not supported`);
      if (!inClass && next === "A") out += "(?<![\\s\\S])";
      else if (!inClass && next === "Z") out += "(?![\\s\\S])";
      else out += c + next;
      i += 2;
      lastQuantifier = false;
      continue;
    }
    if (inClass) {
      if (c === "]" && i !== classStart) inClass = false;
      out += c === "]" && i === classStart ? "\\]" : c === "[" ? "\\[" : c;
      i++;
      continue;
    }
    if (f.verbose && /\s/.test(c)) {
      i++;
      continue;
    }
    if (f.verbose && c === "#") {
      while (i < pattern.length && pattern[i] !== "\n") i++;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      i++;
      if (pattern[i] === "^") {
        out += "^";
        i++;
      }
      classStart = i;
      lastQuantifier = false;
      continue;
    }
    if (c === "(" && pattern[i + 1] === "?") {
      const rest = pattern.slice(i + 2);
      const group = translateGroupOpening(rest);
      if (!group.ok) return fail(group.reason);
      if (group.approximation) approximations.push(group.approximation);
      out += group.replacement;
      i += 2 + group.consumed;
      lastQuantifier = false;
      continue;
    }
    if (c === "*" || c === "+" || c === "?") {
      if (lastQuantifier && c === "+") return fail("possessive quantifiers are not supported");
      out += c;
      i++;
      // `??`, `*?`, `+?` are lazy: the `?` ends the quantifier.
      lastQuantifier = !(lastQuantifier && c === "?");
      continue;
    }
    if (c === "{") {
      const counted = /^\{(\d*)(?:(,)(\d*))?\}/.exec(pattern.slice(i));
      if (counted && (counted[1] !== "" || counted[2] !== undefined)) {
        const min = counted[1] === "" ? "0" : counted[1];
        out += counted[2] === undefined ? `{${min}}` : `{${min},${counted[3]}}`;
        i += counted[0].length;
        lastQuantifier = true;
        continue;
      }
      out += "\\{";
      i++;
      lastQuantifier = false;
      continue;
    }
    if (c === "}") {
      out += "\\}";
      i++;
      lastQuantifier = false;
      continue;
    }
    out += c;
    i++;
    lastQuantifier = false;
  }
  if (inClass) return fail("unterminated character set");
  const jsFlags = `${f.ignoreCase ? "i" : ""}${f.multiline ? "m" : ""}${f.dotAll ? "s" : ""}`;
  return { ok: true, source: out, flags: jsFlags, approximations };
}

type GroupOpening =
  | { ok: true; replacement: string; consumed: number; approximation?: string }
  | { ok: false; reason: string };

/** `rest` follows `(?`. */
function translateGroupOpening(rest: string): GroupOpening {
  const named = /^P<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
  if (named) return { ok: true, replacement: `(?<${named[1]}>`, consumed: named[0].length };
  const backref = /^P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest);
  if (backref) return { ok: true, replacement: `\\k<${backref[1]}>`, consumed: backref[0].length };
  if (rest.startsWith("#")) {
    const end = rest.indexOf(")");
    if (end === -1) return { ok: false, reason: "unterminated comment" };
    return { ok: true, replacement: "", consumed: end + 1 };
  }
  if (rest.startsWith(">")) return { ok: false, reason: "atomic groups are not supported" };
  if (rest.startsWith("(")) return { ok: false, reason: "conditional groups are not supported" };
  const global = /^([aiLmsux]+)\)/.exec(rest);
  if (global && INLINE_FLAG.test(global[1]!))
    return { ok: true, replacement: "", consumed: global[0].length };
  const scoped = /^([aiLmsux]*)(?:-([imsx]+))?:/.exec(rest);
  if (scoped && (scoped[1] !== "" || scoped[2] !== undefined)) {
    return {
      ok: true,
      replacement: "(?:",
      consumed: scoped[0].length,
      approximation: "scoped inline flags are read as a plain group",
    };
  }
  // `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` are the same in JS.
  if (/^(:|=|!|<=|<!)/.test(rest)) return { ok: true, replacement: "(?", consumed: 0 };
  return { ok: false, reason: `unknown group syntax (?${rest.slice(0, 3)}` };
}

/** Python `re` flag names → flags. Unknown names are ignored (ASCII, LOCALE, UNICODE, DEBUG). */
export function flagsFromNames(names: readonly string[]): PythonRegexFlags {
  const flags = { ...NO_FLAGS };
  for (const name of names) {
    if (name === "I" || name === "IGNORECASE") flags.ignoreCase = true;
    else if (name === "M" || name === "MULTILINE") flags.multiline = true;
    else if (name === "S" || name === "DOTALL") flags.dotAll = true;
    else if (name === "X" || name === "VERBOSE") flags.verbose = true;
  }
  return flags;
}
