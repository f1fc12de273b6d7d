import type { CallInfo } from "../call-info.js";
import { calleeExactly } from "../call-info.js";
import { type PyNode, type SyntaxTree, textOf } from "../syntax-tree.js";
import { Flag, type OriginKind } from "../taint-value.js";

export interface SourceMatch {
  kind: OriginKind;
  description: string;
  flags?: number;
}

const USER_VALUE = "user-provided value";

/** Request attributes that carry client data (Flask/Werkzeug, Django, DRF, Starlette/FastAPI, aiohttp). */
const REQUEST_ATTRIBUTES = new Set([
  // Flask / Werkzeug
  "args",
  "form",
  "values",
  "data",
  "files",
  "headers",
  "cookies",
  "view_args",
  "stream",
  "query_string",
  "url",
  "full_path",
  "base_url",
  "url_root",
  "host_url",
  "referrer",
  "user_agent",
  "authorization",
  "environ",
  "access_route",
  "host",
  "path",
  "script_root",
  "mimetype_params",
  "pragma",
  "remote_user",
  "content_type",
  // Django / DRF
  "GET",
  "POST",
  "body",
  "COOKIES",
  "META",
  "FILES",
  "REQUEST",
  "query_params",
  "path_info",
  "raw_post_data",
  // Starlette / FastAPI / aiohttp
  "query",
  "match_info",
  "path_params",
  "content",
  "rel_url",
]);
/** Objects whose request attributes are JSON-decoded (dicts/lists). */
const REQUEST_JSON_ATTRIBUTES = new Set(["json"]);
const REQUEST_METHODS = new Set([
  "get_json",
  "get_data",
  "json",
  "body",
  "form",
  "text",
  "read",
  "post",
  "stream",
  "iter_chunked",
  "multipart",
]);
/** Tornado's RequestHandler accessors, called on `self`. */
const ZIP_MEMBER_METHODS = new Set(["namelist", "infolist", "getinfo"]);
const TORNADO_METHODS = new Set([
  "get_argument",
  "get_arguments",
  "get_query_argument",
  "get_query_arguments",
  "get_body_argument",
  "get_body_arguments",
  "get_cookie",
  "get_secure_cookie",
]);

/**
 * `request.args` and friends. `isRequestObject` tells whether a receiver is a request
 * (named request/req, `self.request`, or a parameter annotated as a Request).
 */
export function attributeSource(
  tree: SyntaxTree,
  node: PyNode,
  object: PyNode,
  isRequestObject: (object: PyNode) => boolean,
): SourceMatch | undefined {
  const attr = textOf(tree, node);
  if (!isRequestObject(object)) return undefined;
  if (REQUEST_JSON_ATTRIBUTES.has(attr))
    return { kind: "remote", description: USER_VALUE, flags: Flag.objectLike };
  if (REQUEST_ATTRIBUTES.has(attr)) return { kind: "remote", description: USER_VALUE };
  return undefined;
}

/** `sys.argv`, `os.environ` (local threat model). */
export function qualifiedAttributeSource(qualified: string | undefined): SourceMatch | undefined {
  if (qualified === "sys.argv") return { kind: "local", description: "command-line argument" };
  if (qualified === "os.environ" || qualified === "os.environb")
    return { kind: "local", description: "environment variable" };
  if (qualified === "sys.stdin") return { kind: "local", description: "standard input" };
  return undefined;
}

export function callSource(
  call: CallInfo,
  isRequestObject: (object: PyNode) => boolean,
): SourceMatch | undefined {
  const q = call.qualified;
  if (calleeExactly(q, "input", "raw_input")) return { kind: "local", description: "user input" };
  if (calleeExactly(q, "os.getenv", "os.environ.get", "os.getenvb"))
    return { kind: "local", description: "environment variable" };
  if (calleeExactly(q, "sys.stdin.read", "sys.stdin.readline", "sys.stdin.readlines")) {
    return { kind: "local", description: "standard input" };
  }
  if (calleeExactly(q, "fileinput.input")) return { kind: "local", description: "local file" };
  if (call.name === "parse_args" || call.name === "parse_known_args") {
    return { kind: "local", description: "command-line argument" };
  }
  if (
    call.receiver &&
    (call.name === "recv" ||
      call.name === "recvfrom" ||
      call.name === "recv_into" ||
      call.name === "makefile")
  ) {
    return { kind: "remote", description: "data received from a socket" };
  }
  if (
    calleeExactly(
      q,
      "traceback.format_exc",
      "traceback.format_exception",
      "traceback.format_stack",
      "traceback.format_tb",
      "sys.exc_info",
    )
  ) {
    return { kind: "exception", description: "Stack trace information" };
  }
  if (calleeExactly(q, "getpass.getpass"))
    return { kind: "sensitive", description: "sensitive data (password)" };
  if (calleeExactly(q, "tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open")) {
    return { kind: "archive", description: "potentially untrusted source" };
  }
  // Zip member names (tar members are already tainted through the `tarfile.open` object).
  if (call.receiverTags.has("zipfile") && ZIP_MEMBER_METHODS.has(call.name))
    return { kind: "archive", description: "archive entry" };
  if (call.receiver && isRequestObject(call.receiver) && REQUEST_METHODS.has(call.name)) {
    const json = call.name === "get_json" || call.name === "json";
    return { kind: "remote", description: USER_VALUE, flags: json ? Flag.objectLike : 0 };
  }
  if (call.receiver && call.receiverText === "self" && TORNADO_METHODS.has(call.name)) {
    return { kind: "remote", description: USER_VALUE };
  }
  return undefined;
}

/** CodeQL-like heuristics for names that hold secrets (password, api key, ...). */
const SENSITIVE =
  /pass(wd|word|phrase)|_pwd$|secret|api_?key|private_?key|credit_?card|card_?number|^ssn$|social_?security|access_?token|auth_?token|session_?token|refresh_?token|passport|latitude|longitude|phone_?(number|no)?$|^mobile|mobile_?(number|no)|bank_?account|account_?number|^iban$|routing_?number|date_?of_?birth|^dob$|(home|street|postal|billing|mailing)_?address/i;
const NOT_SENSITIVE =
  /hash|digest|encrypt|crypt|salt|md5|sha\d*|redact|censor|obfuscat|mask|length|len$|policy|field|label|prompt|reset|url|form|_id$|^is_|^has_|valid|required|forgot|new_?password_?(form|page)/i;

const sensitiveCache = new Map<string, boolean>();

export function isSensitiveName(name: string): boolean {
  let sensitive = sensitiveCache.get(name);
  if (sensitive === undefined) {
    sensitive = SENSITIVE.test(name) && !NOT_SENSITIVE.test(name);
    // Bounded, but never frozen: a large project has more names than the bound.
    if (sensitiveCache.size >= 10_000) sensitiveCache.clear();
    sensitiveCache.set(name, sensitive);
  }
  return sensitive;
}

export function sensitiveDescription(name: string): string {
  if (/pass|pwd/i.test(name)) return "sensitive data (password)";
  if (
    /card|ssn|social|passport|latitude|longitude|phone|mobile|bank|account|iban|routing|birth|dob|address/i.test(
      name,
    )
  )
    return "sensitive data (private)";
  return "sensitive data (secret)";
}
