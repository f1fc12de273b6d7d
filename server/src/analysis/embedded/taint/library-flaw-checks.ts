import { calleeExactly, splitArguments } from "./call-info.js";
import type { CheckFinding } from "./config-checks.js";
import { type ImportMap, qualifiedName } from "./imports.js";
import { formatMessage, ruleInfo } from "./rule-catalog.js";
import {
  field,
  namedChildren,
  type PyNode,
  rangeOf,
  type SyntaxTree,
  stringValue,
  textOf,
  unwrap,
  walk,
} from "./syntax-tree.js";

/**
 * Flow-less checks of function bodies: check-then-use races on one path (CWE-367), reads of an
 * unbounded amount of input (CWE-400), and secrets written to files created with default
 * permissions (CWE-732). Each skips the function when the guard that makes it safe is there.
 */
export function runLibraryFlawChecks(tree: SyntaxTree, imports: ImportMap): CheckFinding[] {
  const out: CheckFinding[] = [];
  const emit: Emit = (rule, node, ...args) =>
    out.push({ rule, range: rangeOf(node), message: formatMessage(ruleInfo(rule).message, ...args) });
  const emitNote: EmitNote = (why, rule, node, ...args) => {
    const message = formatMessage(ruleInfo(rule).message, ...args).replace(/\.$/, ` (${why}).`);
    out.push({ rule, range: rangeOf(node), message, severity: "note" });
  };
  // Cheap pre-filter: most files have none of these shapes.
  const text = tree.text;
  const races = /\b(exists|isfile|isdir|access|lexists|is_file)\s*\(/.test(text);
  const reads = /\.(read|readlines|recv)\s*\(/.test(text);
  const writes = /\bopen\s*\(/.test(text);
  if (!races && !reads && !writes) return out;
  walk(tree.root, (node) => {
    if (node.type !== "function_definition") return undefined;
    const body = field(node, "body");
    if (!body) return undefined;
    const qualify = (n: PyNode) => qualifiedName(tree, imports, n);
    if (races) checkRaces(tree, node, body, qualify, emit, emitNote);
    if (reads) checkUnboundedReads(tree, body, emit, emitNote);
    if (writes) checkSecretFiles(tree, node, body, qualify, emit);
    return undefined;
  });
  return out;
}

type Emit = (rule: string, node: PyNode, ...args: string[]) => void;
/** Reports the benign variant of a shape as a note, with the reason in the message. */
type EmitNote = (why: string, rule: string, node: PyNode, ...args: string[]) => void;
type Qualify = (node: PyNode) => string | undefined;

const EXISTENCE_CHECKS = [
  "os.path.exists",
  "os.path.isfile",
  "os.path.isdir",
  "os.path.lexists",
  "os.access",
];
const PATH_USES = [
  "open",
  "io.open",
  "os.open",
  "os.remove",
  "os.unlink",
  "os.rmdir",
  "os.rename",
  "os.replace",
  "os.chmod",
  "os.chown",
  "shutil.rmtree",
  "shutil.copy",
  "shutil.copyfile",
  "shutil.move",
];
const PATH_METHOD_USES = new Set([
  "open",
  "unlink",
  "read_text",
  "read_bytes",
  "write_text",
  "write_bytes",
  "rmdir",
]);
const LOCKS = /\b(flock|lockf|FileLock|portalocker|O_EXCL|O_NOFOLLOW)\b/;

/** Uses that change the file system: a swapped path makes them act on the attacker's target. */
const CHANGING_USES = new Set([
  "os.remove",
  "os.unlink",
  "os.rmdir",
  "os.rename",
  "os.replace",
  "os.chmod",
  "os.chown",
  "shutil.rmtree",
  "shutil.move",
  "unlink",
  "rmdir",
  "write_text",
  "write_bytes",
]);

/** `open(p, "w")` / `os.open(p, O_WRONLY…)` / `shutil.copy*(src, p)`: the use writes. */
function writes(tree: SyntaxTree, call: PyNode, by: string): boolean {
  if (CHANGING_USES.has(by)) return true;
  const { args, kwargs } = splitArguments(tree, call);
  if (by === "open" || by === "io.open") {
    const mode = args[1] ?? kwargs.get("mode");
    const value = mode ? stringValue(tree, mode) : undefined;
    // An unknown (non-literal) mode may write.
    return mode !== undefined && (value === undefined || /[wax+]/.test(value));
  }
  if (by === "os.open") return /O_(WRONLY|RDWR|CREAT|TRUNC|APPEND)/.test(textOf(tree, args[1] ?? call));
  return false;
}

/** The names a function's callers choose: its parameters (the path may be attacker-chosen). */
function parameterNames(tree: SyntaxTree, fnNode: PyNode): Set<string> {
  const names = new Set<string>();
  for (const p of namedChildren(field(fnNode, "parameters") ?? fnNode)) {
    const name = p.type === "identifier" ? p : (field(p, "name") ?? namedChildren(p)[0]);
    if (name?.type === "identifier") names.add(textOf(tree, name));
  }
  names.delete("self");
  names.delete("cls");
  return names;
}

/**
 * `if os.path.exists(p): open(p)` / `if not exists(p): return` … `os.remove(p)`. A warning when
 * the use writes, removes or changes the file and the path comes from the function's caller
 * (a parameter, or built from one); a read, or a path the function computes itself from its own
 * state, is a note: swapping it needs write access to the directory and gains little.
 */
function checkRaces(
  tree: SyntaxTree,
  fnNode: PyNode,
  body: PyNode,
  qualify: Qualify,
  emit: Emit,
  emitNote: EmitNote,
): void {
  const params = parameterNames(tree, fnNode);
  // Names, not attributes: `self.path` is the object's state even when a parameter is `path`.
  const fromCaller = (path: string) =>
    (path.match(/(?<![.\w])[A-Za-z_]\w*/g) ?? []).some((n) => params.has(n));
  if (LOCKS.test(textOf(tree, body))) return;
  walk(body, (node) => {
    if (node.type === "function_definition") return false;
    if (node.type !== "if_statement") return undefined;
    const condition = field(node, "condition");
    if (!condition) return undefined;
    const checked = checkedPath(tree, condition, qualify);
    if (!checked) return undefined;
    const negated = unwrap(condition).type === "not_operator";
    const consequence = field(node, "consequence");
    const scopes: PyNode[] = [];
    if (consequence && !negated) scopes.push(consequence);
    if (negated && consequence && leaves(consequence)) {
      // The rest of the enclosing block runs only when the check passed.
      const siblings = node.parent ? namedChildren(node.parent) : [];
      scopes.push(...siblings.slice(siblings.indexOf(node) + 1));
    }
    for (const scope of scopes) {
      const use = findUse(tree, scope, checked.path, qualify);
      if (use) {
        const args = [clipPath(checked.path), checked.by, use.by] as const;
        if (!writes(tree, use.node, use.by))
          emitNote("the use only reads the file", "seclsp/toctou-race", use.node, ...args);
        else if (!fromCaller(checked.path))
          emitNote("the path is not chosen by the caller", "seclsp/toctou-race", use.node, ...args);
        else emit("seclsp/toctou-race", use.node, ...args);
        break;
      }
    }
    return undefined;
  });
}

function checkedPath(
  tree: SyntaxTree,
  condition: PyNode,
  qualify: Qualify,
): { path: string; by: string } | undefined {
  let found: { path: string; by: string } | undefined;
  walk(condition, (n) => {
    if (found || n.type !== "call") return undefined;
    const fn = field(n, "function");
    const q = fn ? qualify(fn) : undefined;
    const { args } = splitArguments(tree, n);
    if (calleeExactly(q, ...EXISTENCE_CHECKS) && args[0])
      found = { path: textOf(tree, unwrap(args[0])), by: q! };
    else if (
      fn?.type === "attribute" &&
      /^(exists|is_file)$/.test(textOf(tree, field(fn, "attribute") ?? fn))
    ) {
      const object = field(fn, "object");
      if (object) found = { path: textOf(tree, unwrap(object)), by: textOf(tree, fn) };
    }
    return undefined;
  });
  return found;
}

function findUse(
  tree: SyntaxTree,
  scope: PyNode,
  path: string,
  qualify: Qualify,
): { node: PyNode; by: string } | undefined {
  let use: { node: PyNode; by: string } | undefined;
  walk(scope, (n) => {
    if (use) return false;
    if (n.type !== "call") return undefined;
    const fn = field(n, "function");
    if (!fn) return undefined;
    const q = qualify(fn);
    const { args } = splitArguments(tree, n);
    if (calleeExactly(q, ...PATH_USES) && args[0] && textOf(tree, unwrap(args[0])) === path)
      use = { node: n, by: q! };
    else if (fn.type === "attribute") {
      const name = textOf(tree, field(fn, "attribute") ?? fn);
      const object = field(fn, "object");
      if (object && PATH_METHOD_USES.has(name) && textOf(tree, unwrap(object)) === path)
        use = { node: n, by: name };
    }
    return undefined;
  });
  return use;
}

function leaves(block: PyNode): boolean {
  const last = namedChildren(block).at(-1);
  return (
    last !== undefined && ["return_statement", "raise_statement", "continue_statement"].includes(last.type)
  );
}

function clipPath(path: string): string {
  return path.length > 40 ? `${path.slice(0, 39)}…` : path;
}

/** Streams whose size the sender decides. */
const INPUT_STREAM =
  /(^|\.|_)(stream|stdin|rfile|wsgi\.input|upload(ed)?(_file)?|sock(et)?|conn(ection)?|input_stream)$/i;
/**
 * Of those, the ones a remote peer writes (request bodies, sockets, uploads). A generic
 * `stream` or the terminal's `stdin` is whatever the caller or the user at the terminal
 * provides: a note.
 */
const REMOTE_STREAM = /(^|\.|_)(rfile|wsgi\.input|upload(ed)?(_file)?|sock(et)?|conn(ection)?)$/i;
const SIZE_CHECK = /(>|>=|<|<=)/;

/** `stream.read()` with no limit; a `while` loop reading chunks with no size check. */
function checkUnboundedReads(tree: SyntaxTree, body: PyNode, emit: Emit, emitNote: EmitNote): void {
  const report = (receiver: string, node: PyNode, what: string) =>
    REMOTE_STREAM.test(receiver)
      ? emit("seclsp/unbounded-read", node, what)
      : emitNote("a local or caller-provided stream", "seclsp/unbounded-read", node, what);
  walk(body, (node) => {
    if (node.type === "function_definition") return false;
    if (node.type === "call") {
      const fn = field(node, "function");
      if (fn?.type !== "attribute") return undefined;
      const name = textOf(tree, field(fn, "attribute") ?? fn);
      const object = field(fn, "object");
      const { args, kwargs } = splitArguments(tree, node);
      const unlimited = args.length === 0 && kwargs.size === 0;
      if (
        object &&
        unlimited &&
        (name === "read" || name === "readlines") &&
        INPUT_STREAM.test(textOf(tree, object))
      )
        report(textOf(tree, object), node, `${textOf(tree, fn)}()`);
      return undefined;
    }
    if (node.type === "while_statement") {
      const loopBody = field(node, "body");
      if (!loopBody) return undefined;
      const loopText = textOf(tree, loopBody);
      const accumulates = /\+=|\.append\(|\.extend\(|\.write\(/.test(loopText);
      const conditionText = textOf(tree, field(node, "condition") ?? node);
      const checksSize = hasSizeComparison(tree, loopBody) || SIZE_CHECK.test(conditionText);
      if (!accumulates || checksSize) return undefined;
      const read = firstChunkRead(tree, loopBody);
      // Chunked copies of the program's own files (`fsrc.read(n)` … `fdst.write(buf)`) are
      // streaming, not a flaw: only streams whose size the sender decides count.
      if (read?.socket) emit("seclsp/unbounded-read", read.node, `${read.text}() in a loop`);
      else if (read && INPUT_STREAM.test(read.receiver))
        report(read.receiver, read.node, `${read.text}() in a loop`);
    }
    return undefined;
  });
}

function hasSizeComparison(tree: SyntaxTree, block: PyNode): boolean {
  let found = false;
  walk(block, (n) => {
    if (found) return false;
    if (n.type === "comparison_operator") {
      const ops = n.children.filter((c) => !c.named).map((c) => textOf(tree, c));
      if (ops.some((op) => SIZE_CHECK.test(op))) found = true;
    }
    return undefined;
  });
  return found;
}

interface ChunkRead {
  node: PyNode;
  text: string;
  /** The stream read from (`self.rfile`). */
  receiver: string;
  /** A socket receive (`recv`): the peer decides the size. */
  socket: boolean;
}

function firstChunkRead(tree: SyntaxTree, block: PyNode): ChunkRead | undefined {
  let read: ChunkRead | undefined;
  walk(block, (n) => {
    if (read) return false;
    if (n.type !== "call") return undefined;
    const fn = field(n, "function");
    if (fn?.type !== "attribute") return undefined;
    const name = textOf(tree, field(fn, "attribute") ?? fn);
    const object = field(fn, "object");
    if (["read", "recv", "read1", "readline"].includes(name))
      read = {
        node: n,
        text: textOf(tree, fn),
        receiver: object ? textOf(tree, object) : "",
        socket: name === "recv",
      };
    return undefined;
  });
  return read;
}

/** A bare `key` is a dict or sort key far more often than a secret: only `<something>_key` counts. */
const SECRET_NAME = /pass(wd|word|phrase)|secret|token|api_?key|private_?key|credential|\w_key$/i;
const PERMISSION_SETTERS = /\b(os\.chmod|os\.fchmod|chmod|os\.umask|umask|opener\s*=)\b|\bos\.open\s*\(/;

/** A function that handles a secret and writes it with `open(path, "w")` and default permissions. */
function checkSecretFiles(
  tree: SyntaxTree,
  fnNode: PyNode,
  body: PyNode,
  qualify: Qualify,
  emit: Emit,
): void {
  const bodyText = textOf(tree, body);
  // Permissions set, or only a hash or ciphertext of the secret is stored.
  if (PERMISSION_SETTERS.test(bodyText) || /hash|encrypt|crypt|fernet|seal/i.test(bodyText)) return;
  const name = textOf(tree, field(fnNode, "name") ?? fnNode);
  const params = textOf(tree, field(fnNode, "parameters") ?? fnNode);
  const paramNames = params.match(/[A-Za-z_]\w*/g) ?? [];
  const handlesSecret = SECRET_NAME.test(name) || paramNames.some((p) => SECRET_NAME.test(p));
  if (!handlesSecret) return;
  walk(body, (n) => {
    if (n.type === "function_definition") return false;
    if (n.type !== "call") return undefined;
    const fn = field(n, "function");
    if (!fn || !calleeExactly(qualify(fn), "open", "io.open")) return undefined;
    const { args, kwargs } = splitArguments(tree, n);
    const mode = args[1] ?? kwargs.get("mode");
    const value = mode ? stringValue(tree, mode) : undefined;
    if (value !== undefined && /[wax]/.test(value))
      emit("seclsp/secret-file-permissions", n, `open(..., "${value}")`);
    return undefined;
  });
}
