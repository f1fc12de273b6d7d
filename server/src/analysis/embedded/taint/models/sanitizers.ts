import { argument, type CallInfo, calleeExactly, calleeIs } from "../call-info.js";
import { SinkKind } from "../rule-catalog.js";
import { stringValue } from "../syntax-tree.js";
import { Flag } from "../taint-value.js";

/** What a call does to the taint of its inputs. */
export type CallEffect =
  | { type: "clean" }
  | { type: "sanitize"; kinds: number }
  | { type: "flags"; set: number };

/** Conversions and predicates whose result carries no attacker-controlled text. */
const CLEAN_FUNCTIONS = new Set([
  "int",
  "float",
  "bool",
  "len",
  "abs",
  "round",
  "ord",
  "hash",
  "id",
  "isinstance",
  "issubclass",
  "callable",
  "type",
  "uuid.UUID",
  "decimal.Decimal",
  "complex",
  "os.path.exists",
  "os.path.isfile",
  "os.path.isdir",
  "os.path.isabs",
  "os.path.islink",
  "os.path.getsize",
  "datetime.date.fromisoformat",
  "ipaddress.ip_address",
  "ipaddress.ip_network",
  "hmac.compare_digest",
  "secrets.compare_digest",
  "bcrypt.hashpw",
  "bcrypt.checkpw",
  "werkzeug.security.generate_password_hash",
  "werkzeug.security.check_password_hash",
  "generate_password_hash",
  "check_password_hash",
  "django.contrib.auth.hashers.make_password",
  "make_password",
  "url_has_allowed_host_and_scheme",
  "django.utils.http.url_has_allowed_host_and_scheme",
  "is_safe_url",
  "django.utils.http.is_safe_url",
]);
const CLEAN_METHODS = new Set([
  "isdigit",
  "isalnum",
  "isalpha",
  "isnumeric",
  "isdecimal",
  "isidentifier",
  "isspace",
  "isupper",
  "islower",
  "startswith",
  "endswith",
  "count",
  "index",
  "find",
  "rfind",
  "hexdigest",
  "digest",
  "exists",
  "is_file",
  "is_dir",
  "is_absolute",
  "is_relative_to",
  "__len__",
  "fullmatch_bool",
  "hashpw",
  "check_password",
  "set_password",
  "verify",
]);

/**
 * Helpers named for hiding secrets (`self.sanitize(line)` in ftplib, `mask_token(t)`,
 * `redact(url)`): their result is what the code means to log, so it is not clear-text secret data.
 */
const REDACTING_NAME = /^_*(sanitize|sanitise|mask|redact|scrub|censor|obfuscate|anonymi[sz]e)(_|$)/i;

/** Also for helpers of the same file or workspace, whose summary otherwise passes the value on. */
export function redactsSecrets(call: CallInfo): boolean {
  return REDACTING_NAME.test(call.name);
}

export function callEffect(call: CallInfo): CallEffect | undefined {
  const q = call.qualified;
  if (q !== undefined && CLEAN_FUNCTIONS.has(q)) return { type: "clean" };
  if (
    q?.startsWith("hashlib.") ||
    q?.startsWith("hmac.") ||
    q?.startsWith("secrets.") ||
    q?.startsWith("random.")
  ) {
    return { type: "clean" };
  }
  if (q === undefined && call.receiver && CLEAN_METHODS.has(call.name)) return { type: "clean" };

  if (calleeExactly(q, "shlex.quote", "pipes.quote", "shlex.join"))
    return { type: "sanitize", kinds: SinkKind.command };
  if (
    calleeIs(q, "secure_filename") ||
    calleeExactly(q, "os.path.basename", "posixpath.basename", "ntpath.basename")
  ) {
    return { type: "sanitize", kinds: SinkKind.path };
  }
  if (calleeIs(q, "safe_join")) return { type: "sanitize", kinds: SinkKind.path };
  if (calleeExactly(q, "os.path.normpath", "os.path.realpath", "os.path.abspath", "posixpath.normpath")) {
    return { type: "flags", set: Flag.normalized };
  }
  if (call.receiverTags.has("pathlib") && (call.name === "resolve" || call.name === "absolute")) {
    return { type: "flags", set: Flag.normalized };
  }
  if (calleeExactly(q, "re.escape", "regex.escape")) return { type: "sanitize", kinds: SinkKind.regex };
  if (calleeIs(q, "escape_filter_chars", "escape_dn_chars", "escape_rdn"))
    return { type: "sanitize", kinds: SinkKind.ldap };
  if (
    calleeExactly(
      q,
      "html.escape",
      "cgi.escape",
      "flask.escape",
      "markupsafe.escape",
      "django.utils.html.escape",
      "django.utils.html.conditional_escape",
      "xml.sax.saxutils.escape",
      "bleach.clean",
      "escape",
      "conditional_escape",
      "jinja2.escape",
      "django.utils.html.strip_tags",
    )
  ) {
    return { type: "sanitize", kinds: SinkKind.xss | SinkKind.header | SinkKind.log };
  }
  if (
    calleeIs(q, "escape_string", "escape_literal", "quote_identifier") ||
    (q === undefined && call.name === "escape_string")
  ) {
    return { type: "sanitize", kinds: SinkKind.sql };
  }
  if (
    calleeExactly(
      q,
      "urllib.parse.quote",
      "urllib.parse.quote_plus",
      "urllib.parse.urlencode",
      "urllib.quote",
    )
  ) {
    return { type: "sanitize", kinds: SinkKind.header | SinkKind.log | SinkKind.xss | SinkKind.cookie };
  }
  if (calleeExactly(q, "json.loads", "json.load", "ujson.loads", "orjson.loads", "simplejson.loads")) {
    return { type: "flags", set: Flag.objectLike };
  }
  if (q === undefined && call.receiver && (call.name === "replace" || call.name === "sub")) {
    const removed = stringValue(call.tree, argument(call, call.name === "sub" ? 0 : 0) ?? call.node);
    if (removed !== undefined && /\\r|\\n|\r|\n/.test(removed)) {
      return { type: "sanitize", kinds: SinkKind.log | SinkKind.header };
    }
  }
  if (redactsSecrets(call)) return { type: "sanitize", kinds: SinkKind.clearText };
  // Parse-only: the tree carries its source's taint (eval(compile(ast.parse(x))) stays a flow),
  // but parsing runs nothing — the compile() inside ast.py is not a sink at this call.
  // ast.literal_eval evaluates literals only: its result is data (still tainted), never code.
  if (calleeExactly(q, "ast.parse", "ast.literal_eval")) return { type: "flags", set: 0 };
  if (calleeExactly(q, "re.sub")) {
    const pattern = stringValue(call.tree, argument(call, 0) ?? call.node);
    if (pattern !== undefined && /\\r|\\n/.test(pattern))
      return { type: "sanitize", kinds: SinkKind.log | SinkKind.header };
  }
  return undefined;
}
