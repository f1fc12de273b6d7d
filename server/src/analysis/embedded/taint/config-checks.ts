import type { Range, Severity } from "../../finding.js";
import {
  argument,
  type CallInfo,
  calleeExactly,
  isFalsyConstant,
  isTruthyConstant,
  splitArguments,
} from "./call-info.js";
import { type Const, foldConstant, truthy } from "./constant-folding.js";
import { checkFilePermissions } from "./file-permission-checks.js";
import { type ImportMap, qualifiedName } from "./imports.js";
import { formatMessage, ruleInfo } from "./rule-catalog.js";
import { scopeAssignmentCounts } from "./scope-assignments.js";
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

/** A finding of a non-flow check (configuration and API misuse, like CodeQL's `problem` queries). */
export interface CheckFinding {
  rule: string;
  range: Range;
  message: string;
  /** Lower than the rule's when the shape found is the benign variant (the message says why). */
  severity?: Severity;
}

const CREDENTIAL_NAME =
  /^(pass(wd|word)?|pwd|secret|secret_key|api_?key|apikey|token|auth_token|access_token|private_key|aws_secret_access_key|client_secret|credentials?)$/i;
const HOST_LIKE =
  /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|co|uk|de|fr|info|biz|me|app|dev|ai|us|ca|jp|ru|cn)(?::\d+)?\/?$/i;
const WEAK_PROTOCOLS =
  /^(PROTOCOL_SSLv2|PROTOCOL_SSLv3|PROTOCOL_TLSv1|PROTOCOL_TLSv1_1|SSLv2_METHOD|SSLv3_METHOD|TLSv1_METHOD|TLSv1_1_METHOD|SSLv23_METHOD)$/;
const WEAK_TLS_VERSION = /TLSVersion\.(SSLv3|TLSv1|TLSv1_1)$/;
const WEAK_EC_CURVES = /^(SECP192R1|SECT163K1|SECT163R2|SECP160R1|SECP112R1|SECT113R1|SECP128R1|SECT131R1)$/;
export function runConfigChecks(tree: SyntaxTree, imports: ImportMap): CheckFinding[] {
  const out: CheckFinding[] = [];
  const emit: Emit = Object.assign(
    (rule: string, node: PyNode, ...args: string[]) => {
      out.push({ rule, range: rangeOf(node), message: formatMessage(ruleInfo(rule).message, ...args) });
    },
    {
      note(why: string, rule: string, node: PyNode, ...args: string[]) {
        const message = formatMessage(ruleInfo(rule).message, ...args).replace(/\.$/, ` (${why}).`);
        out.push({ rule, range: rangeOf(node), message, severity: "note" as const });
      },
    },
  );
  const constants = collectStringConstants(tree);
  // Module constants are only needed for `debug=NAME` (the common `DEBUG = True` pattern).
  const values = /\bdebug\s*=\s*[A-Za-z_]/.test(tree.text)
    ? collectModuleValues(tree)
    : new Map<string, Const>();
  const importsKey = JSON.stringify([...imports]);
  const flaskApps = new Set<string>();
  for (const stmt of namedChildren(tree.root)) {
    for (const app of memoized(flaskAppMemo, stmt, importsKey, () => flaskAppsIn(tree, imports, stmt)))
      flaskApps.add(app);
  }
  // Checks are per top-level statement: an unchanged statement (the same node, reused by
  // `toSyntaxTree` across edits) in the same context yields the same checks; ranges are read
  // from its nodes when emitting, so they follow shifts.
  const contextKey = JSON.stringify([importsKey, [...constants], [...flaskApps], [...values]]);
  for (const stmt of namedChildren(tree.root)) {
    const emits = memoized(checkMemo, stmt, contextKey, () => {
      const recorded: RecordedCheck[] = [];
      const record: Emit = Object.assign(
        (rule: string, node: PyNode, ...args: string[]) => {
          recorded.push([rule, node, args]);
        },
        {
          note(why: string, rule: string, node: PyNode, ...args: string[]) {
            recorded.push([rule, node, args, why]);
          },
        },
      );
      checkStatement(tree, imports, stmt, { strings: constants, values }, flaskApps, record);
      return recorded;
    });
    for (const [rule, node, args, why] of emits)
      if (why === undefined) emit(rule, node, ...args);
      else emit.note(why, rule, node, ...args);
  }
  return out;
}

type RecordedCheck = [rule: string, node: PyNode, args: string[], why?: string];
const flaskAppMemo = new WeakMap<PyNode, { key: string; value: string[] }>();
const checkMemo = new WeakMap<PyNode, { key: string; value: RecordedCheck[] }>();

function memoized<T>(
  memo: WeakMap<PyNode, { key: string; value: T }>,
  node: PyNode,
  key: string,
  compute: () => T,
): T {
  const hit = memo.get(node);
  if (hit && hit.key === key) return hit.value;
  const value = compute();
  memo.set(node, { key, value });
  return value;
}

function flaskAppsIn(tree: SyntaxTree, imports: ImportMap, stmt: PyNode): string[] {
  const apps: string[] = [];
  walk(stmt, (node) => {
    if (node.type === "assignment") {
      const left = field(node, "left");
      const right = field(node, "right");
      if (left?.type === "identifier" && right?.type === "call") {
        const q = qualifiedName(tree, imports, field(right, "function"));
        if (calleeExactly(q, "flask.Flask")) apps.push(textOf(tree, left));
      }
    }
    return undefined;
  });
  return apps;
}

function checkStatement(
  tree: SyntaxTree,
  imports: ImportMap,
  stmt: PyNode,
  known: { strings: Map<string, string>; values: Map<string, Const> },
  flaskApps: Set<string>,
  emit: Emit,
): void {
  const constants = known.strings;
  walk(stmt, (node) => {
    switch (node.type) {
      case "call":
        checkCall(tree, imports, node, known, flaskApps, emit);
        break;
      case "comparison_operator":
        checkUrlSubstring(tree, node, emit);
        break;
      case "assignment":
        checkAssignment(tree, node, constants, emit);
        break;
    }
    return undefined;
  });
}

export type Emit = ((rule: string, node: PyNode, ...args: string[]) => void) & {
  /** The benign variant of a shape: a note, with the reason in the message. */
  note(why: string, rule: string, node: PyNode, ...args: string[]): void;
};

function checkCall(
  tree: SyntaxTree,
  imports: ImportMap,
  node: PyNode,
  known: { strings: Map<string, string>; values: Map<string, Const> },
  flaskApps: Set<string>,
  emit: Emit,
): void {
  const constants = known.strings;
  const call = plainCallInfo(tree, imports, node);
  const q = call.qualified;
  const receiver = call.receiverText;
  // Flask debug mode
  if (
    call.name === "run" &&
    receiver &&
    (flaskApps.has(receiver) || receiver === "app") &&
    isOn(tree, call.kwargs.get("debug"), known.values)
  ) {
    emit("py/flask-debug", node);
  }
  // Binding to all interfaces
  if (call.name === "bind" && call.receiver) {
    const address = call.args[0] ? unwrap(call.args[0]) : undefined;
    if (address?.type === "tuple") {
      const host = namedChildren(address)[0];
      const value = host ? stringValue(tree, host) : undefined;
      if (value !== undefined && ["0.0.0.0", "", "::", "::0"].includes(value))
        emit("py/bind-socket-all-network-interfaces", node, value);
    }
  }
  // Insecure temporary files
  if (calleeExactly(q, "tempfile.mktemp", "os.tempnam", "os.tmpnam"))
    emit("py/insecure-temporary-file", node, q!);
  // File permissions
  if (calleeExactly(q, "os.chmod", "os.fchmod", "os.lchmod", "os.open"))
    checkFilePermissions(tree, call, node, emit);
  // Weak keys
  checkKeySize(tree, call, emit);
  // Insecure SSL/TLS versions given to a call
  for (const arg of [...call.args, ...call.kwargs.values()]) {
    const text = textOf(tree, unwrap(arg));
    const last = text.split(".").pop() ?? "";
    if (WEAK_PROTOCOLS.test(last) || WEAK_TLS_VERSION.test(text)) {
      emit(
        "py/insecure-protocol",
        node,
        last.replace(/^PROTOCOL_|_METHOD$/g, "").replace("TLSVersion.", ""),
        `call to ${q ?? call.name}`,
      );
      break;
    }
  }
  // Paramiko host keys
  if (call.name === "set_missing_host_key_policy") {
    const policy = call.args[0] ? textOf(tree, call.args[0]) : "";
    const match = /(AutoAddPolicy|WarningPolicy)/.exec(policy);
    if (match) emit("py/paramiko-missing-host-key-validation", node, match[1]!);
  }
  // Certificate validation disabled
  const verify = call.kwargs.get("verify");
  if (verify && isFalsyConstant(tree, verify) && isHttpRequest(q, call.name, call.receiver !== undefined)) {
    emit("py/request-without-cert-validation", node);
  }
  // Hard-coded credentials passed by keyword (or as an auth tuple)
  for (const [name, value] of call.kwargs) {
    if (CREDENTIAL_NAME.test(name) && isCredentialLiteral(tree, value, constants))
      emit("py/hardcoded-credentials", value, name);
    if (name === "auth" && unwrap(value).type === "tuple") {
      const parts = namedChildren(unwrap(value));
      if (parts[1] && isCredentialLiteral(tree, parts[1], constants))
        emit("py/hardcoded-credentials", parts[1], "password");
    }
  }
  if (
    calleeExactly(q, "jwt.encode", "jwt.decode") &&
    call.args[1] &&
    isCredentialLiteral(tree, call.args[1], constants)
  ) {
    emit("py/hardcoded-credentials", call.args[1], "key");
  }
  // Cookies without Secure / HttpOnly / SameSite. `jar.set_cookie(cookie)` (one Cookie object,
  // http.cookiejar) stores a cookie a client received: no response attributes to set there.
  const jarCookie =
    call.args.length === 1 && call.kwargs.size === 0 && stringValue(tree, call.args[0]!) === undefined;
  if ((call.name === "set_cookie" || call.name === "set_signed_cookie") && call.receiver && !jarCookie) {
    const samesite = call.kwargs.get("samesite");
    if (!isTruthyConstant(tree, call.kwargs.get("secure"))) emit("py/insecure-cookie", node, "Secure");
    else if (!isTruthyConstant(tree, call.kwargs.get("httponly")))
      emit("py/insecure-cookie", node, "HttpOnly");
    else if (samesite && stringValue(tree, samesite) === "None") emit("py/insecure-cookie", node, "SameSite");
  }
  // Jinja2 without autoescaping
  if (calleeExactly(q, "jinja2.Environment", "jinja2.Template", "jinja2.environment.Environment")) {
    const autoescape = call.kwargs.get("autoescape");
    if (!autoescape || isFalsyConstant(tree, autoescape)) emit("py/jinja2/autoescape-false", node);
  }
  // url.startswith("https://host") / url.endswith("host.com")
  if (call.receiver && (call.name === "startswith" || call.name === "endswith")) {
    const value = call.args[0] ? stringValue(tree, call.args[0]) : undefined;
    if (value !== undefined && HOST_LIKE.test(value)) {
      const incomplete =
        call.name === "startswith"
          ? /^[a-z]+:\/\/[^/]+$/i.test(value)
          : !value.startsWith(".") && !value.includes("://");
      if (incomplete) emit("py/incomplete-url-substring-sanitization", node, value);
    }
  }
}

function checkKeySize(tree: SyntaxTree, call: CallInfo, emit: Emit): void {
  const q = call.qualified ?? "";
  let algorithm: string | undefined;
  let sizeNode: PyNode | undefined;
  if (/(^|\.)rsa\.generate_private_key$/.test(q))
    [algorithm, sizeNode] = ["RSA", argument(call, 1, "key_size")];
  else if (/(^|\.)dsa\.generate_private_key$/.test(q))
    [algorithm, sizeNode] = ["DSA", argument(call, 0, "key_size")];
  else if (
    /(Crypto|Cryptodome)\.PublicKey\.(RSA|DSA)\.generate$/.test(q) ||
    /^(RSA|DSA)\.generate$/.test(q)
  ) {
    algorithm = /DSA/.test(q) ? "DSA" : "RSA";
    sizeNode = argument(call, 0, "bits");
  } else if (/(^|\.)ec\.generate_private_key$/.test(q)) {
    const curve = argument(call, 0, "curve");
    const name = curve ? (textOf(tree, curve).split(".").pop() ?? "").replace(/\(.*$/, "") : "";
    if (WEAK_EC_CURVES.test(name))
      emit("py/weak-crypto-key", call.node, "EC", /\d+/.exec(name)?.[0] ?? "?", "224");
    return;
  }
  if (!algorithm || !sizeNode) return;
  const size = Number(textOf(tree, unwrap(sizeNode)));
  if (Number.isFinite(size) && size < 2048)
    emit("py/weak-crypto-key", call.node, algorithm, String(size), "2048");
}

function checkUrlSubstring(tree: SyntaxTree, node: PyNode, emit: Emit): void {
  const ops = node.children
    .filter((c) => !c.named)
    .map((c) => textOf(tree, c))
    .join(" ");
  if (ops !== "in" && ops !== "not in") return;
  const left = namedChildren(node)[0];
  const value = left ? stringValue(tree, left) : undefined;
  if (value !== undefined && HOST_LIKE.test(value) && !value.endsWith("/")) {
    const right = namedChildren(node)[1];
    // `"example.com" in ALLOWED_HOSTS`-style membership in a collection literal is fine.
    if (right && !["list", "tuple", "set", "dictionary"].includes(unwrap(right).type)) {
      emit("py/incomplete-url-substring-sanitization", node, value);
    }
  }
}

function checkAssignment(tree: SyntaxTree, node: PyNode, constants: Map<string, string>, emit: Emit): void {
  const left = field(node, "left");
  const right = field(node, "right");
  if (!left || !right) return;
  // py/csrf-protection-disabled lives in checks/csrf-checks.ts (checks pass).
  if (left.type === "subscript") {
    const key = field(left, "subscript");
    const keyText = key ? stringValue(tree, key) : undefined;
    if (
      keyText &&
      /^(SECRET_KEY|PASSWORD|API_KEY|JWT_SECRET_KEY)$/i.test(keyText) &&
      isCredentialLiteral(tree, right, constants)
    ) {
      emit("py/hardcoded-credentials", right, keyText);
    }
  }
}

function isCredentialLiteral(tree: SyntaxTree, node: PyNode, constants: Map<string, string>): boolean {
  const n = unwrap(node);
  const value =
    stringValue(tree, n) ?? (n.type === "identifier" ? constants.get(textOf(tree, n)) : undefined);
  return (
    value !== undefined && value.length > 0 && !/^(\*+|x+|changeme|<.*>|\$\{.*\}|%\(.*\)s)$/i.test(value)
  );
}

/** A truthy literal, or a module constant folding to one (`DEBUG = True` … `debug=DEBUG`). */
function isOn(tree: SyntaxTree, node: PyNode | undefined, values: Map<string, Const>): boolean {
  if (!node) return false;
  if (isTruthyConstant(tree, node)) return true;
  const value = foldConstant(tree, node, (name) => values.get(name));
  return value !== undefined && truthy(value);
}

/** Module-level names bound once, to a value that folds to a constant. */
function collectModuleValues(tree: SyntaxTree): Map<string, Const> {
  const counts = scopeAssignmentCounts(tree, tree.root, true);
  const values = new Map<string, Const>();
  for (const stmt of namedChildren(tree.root)) {
    const assignment = stmt.type === "expression_statement" ? namedChildren(stmt)[0] : undefined;
    if (assignment?.type !== "assignment") continue;
    const left = field(assignment, "left");
    const right = field(assignment, "right");
    if (left?.type !== "identifier" || !right) continue;
    const name = textOf(tree, left);
    if (counts.get(name) !== 1) continue;
    const value = foldConstant(tree, right, (n) => values.get(n));
    if (value !== undefined) values.set(name, value);
  }
  return values;
}

function collectStringConstants(tree: SyntaxTree): Map<string, string> {
  const constants = new Map<string, string>();
  for (const stmt of namedChildren(tree.root)) {
    const assignment = stmt.type === "expression_statement" ? namedChildren(stmt)[0] : undefined;
    if (assignment?.type !== "assignment") continue;
    const left = field(assignment, "left");
    const right = field(assignment, "right");
    const value = right ? stringValue(tree, right) : undefined;
    if (left?.type === "identifier" && value !== undefined) constants.set(textOf(tree, left), value);
  }
  return constants;
}

/** Call info for checks: callee resolved through imports only (no data flow). */
function plainCallInfo(tree: SyntaxTree, imports: ImportMap, node: PyNode): CallInfo {
  const fn = field(node, "function");
  const { args, kwargs } = splitArguments(tree, node);
  const object = fn?.type === "attribute" ? field(fn, "object") : undefined;
  const attr = fn?.type === "attribute" ? field(fn, "attribute") : undefined;
  return {
    node,
    qualified: qualifiedName(tree, imports, fn),
    name: attr ? textOf(tree, attr) : fn ? textOf(tree, fn) : "",
    receiver: object,
    receiverTags: new Set(),
    receiverText: object ? textOf(tree, object) : undefined,
    args,
    kwargs,
    tree,
    tagsOf: () => new Set(),
  };
}

/** An HTTP client call, where `verify=False` turns off certificate checks (not `jwt.decode`). */
const HTTP_METHODS = new Set([
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "head",
  "options",
  "request",
  "send",
  "stream",
]);

function isHttpRequest(qualified: string | undefined, name: string, hasReceiver: boolean): boolean {
  if (qualified && /^(requests|httpx|aiohttp|urllib3)\./.test(qualified)) return true;
  if (qualified && /^(jwt|jose|itsdangerous)\./.test(qualified)) return false;
  return hasReceiver && HTTP_METHODS.has(name);
}
