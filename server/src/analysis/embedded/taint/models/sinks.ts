import { experimentalSinksOfCall } from "../../experimental/experimental-sinks.js";
import { polynomialRegexSubject } from "../../regex/polynomial-sink.js";
import { argument, type CallInfo, calleeExactly, calleeIs, isTruthyConstant } from "../call-info.js";
import { field, namedChildren, type PyNode, stringValue, textOf, unwrap } from "../syntax-tree.js";
import { Flag } from "../taint-value.js";
import { addZipSlipSinks, archiveSinks, UNPACK_ARCHIVE } from "./archive-sinks.js";
import { servesNonMarkup } from "./response-media-type.js";

/** One argument of a call that must not receive taint for `rule`. */
export interface SinkUse {
  rule: string;
  node: PyNode;
  /** Only labels carrying all these flags count (NoSQL: JSON-decoded objects). */
  requireFlags?: number;
  /** Labels carrying any of these flags are ignored (argv lists: elements after the program). */
  ignoreFlags?: number;
}

const OS_COMMAND = new Set([
  "os.system",
  "os.popen",
  "os.popen2",
  "os.popen3",
  "os.popen4",
  "commands.getoutput",
  "commands.getstatusoutput",
  "subprocess.getoutput",
  "subprocess.getstatusoutput",
  "asyncio.create_subprocess_shell",
  "pexpect.run",
  "pexpect.spawn",
  "platform.popen",
]);
const SUBPROCESS = new Set([
  "subprocess.run",
  "subprocess.call",
  "subprocess.check_call",
  "subprocess.check_output",
  "subprocess.Popen",
  "asyncio.create_subprocess_exec",
]);
const OS_EXEC = new Set([
  "os.execl",
  "os.execle",
  "os.execlp",
  "os.execlpe",
  "os.execv",
  "os.execve",
  "os.execvp",
  "os.execvpe",
  "os.posix_spawn",
  "os.posix_spawnp",
]);
const OS_SPAWN = new Set([
  "os.spawnl",
  "os.spawnle",
  "os.spawnlp",
  "os.spawnlpe",
  "os.spawnv",
  "os.spawnve",
  "os.spawnvp",
  "os.spawnvpe",
]);
const PATH_ONE = new Set([
  "open",
  "io.open",
  "codecs.open",
  "os.open",
  "os.remove",
  "os.unlink",
  "os.rmdir",
  "os.removedirs",
  "os.mkdir",
  "os.makedirs",
  "os.listdir",
  "os.scandir",
  "os.stat",
  "os.lstat",
  "os.chmod",
  "os.chown",
  "os.lchown",
  "os.walk",
  "os.truncate",
  "os.utime",
  "os.mkfifo",
  "os.chdir",
  "os.startfile",
  "shutil.rmtree",
  "shutil.chown",
  "os.path.getsize",
  "io.FileIO",
  "fileinput.input",
  "flask.send_file",
  "flask.send_from_directory",
  "django.http.FileResponse",
  "fastapi.responses.FileResponse",
  "starlette.responses.FileResponse",
  "shelve.open",
  "zipfile.ZipFile",
]);
const PATH_TWO = new Set([
  "os.rename",
  "os.renames",
  "os.replace",
  "os.link",
  "os.symlink",
  "shutil.copy",
  "shutil.copy2",
  "shutil.copyfile",
  "shutil.copytree",
  "shutil.move",
]);
const PATHLIB_METHODS = new Set([
  "open",
  "read_text",
  "read_bytes",
  "write_text",
  "write_bytes",
  "unlink",
  "rmdir",
  "mkdir",
  "touch",
  "rename",
  "replace",
  "iterdir",
  "chmod",
  "glob",
  "rglob",
  "symlink_to",
]);
const DESERIALIZE = new Set([
  "pickle.loads",
  "pickle.load",
  "pickle.Unpickler",
  "dill.loads",
  "dill.load",
  "marshal.loads",
  "marshal.load",
  "jsonpickle.decode",
  "jsonpickle.loads",
  "pandas.read_pickle",
  "yaml.unsafe_load",
  "yaml.unsafe_load_all",
  "yaml.full_load",
  "yaml.full_load_all",
  "joblib.load",
  "cloudpickle.loads",
  "cloudpickle.load",
  "shelve.open",
]);
const YAML_SAFE_LOADERS = /(^|\.)(SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;
const REDIRECT = new Set([
  "flask.redirect",
  "django.redirect",
  "django.http.HttpResponseRedirect",
  "django.http.HttpResponsePermanentRedirect",
  "fastapi.responses.RedirectResponse",
  "redirect",
  "HttpResponseRedirect",
  "HttpResponsePermanentRedirect",
  "RedirectResponse",
  "aiohttp.web.HTTPFound",
]);
const HTTP_VERBS = ["get", "post", "put", "patch", "delete", "head", "options"];
const SSRF_URL_FIRST = new Set([
  ...HTTP_VERBS.map((v) => `requests.${v}`),
  ...HTTP_VERBS.map((v) => `httpx.${v}`),
  "urllib.request.urlopen",
  "urllib.request.Request",
  "urllib.request.urlretrieve",
  "urllib.urlopen",
  "urllib.urlretrieve",
  "http.client.HTTPConnection",
  "http.client.HTTPSConnection",
  "httplib.HTTPConnection",
  "httplib.HTTPSConnection",
  "aiohttp.request",
  "httpx.stream",
]);
const SSRF_URL_SECOND = new Set(["requests.request", "httpx.request", "urllib3.request"]);
const XSS_RESPONSE = new Set([
  "flask.make_response",
  "flask.Response",
  "werkzeug.Response",
  "werkzeug.wrappers.Response",
  "django.http.HttpResponse",
  "django.http.HttpResponseBadRequest",
  "django.http.HttpResponseNotFound",
  "django.http.StreamingHttpResponse",
  "fastapi.responses.HTMLResponse",
  "flask.Markup",
  "django.utils.safestring.mark_safe",
  "make_response",
  "HttpResponse",
  "Markup",
  "mark_safe",
  "HTMLResponse",
]);
const TEMPLATE = new Set([
  "flask.render_template_string",
  "render_template_string",
  "jinja2.Template",
  "django.template.Template",
  "mako.template.Template",
  "tornado.template.Template",
  "jinja2.Environment.from_string",
  "Template",
]);
const LOG_METHODS = new Set([
  "debug",
  "info",
  "warning",
  "warn",
  "error",
  "critical",
  "exception",
  "fatal",
  "log",
]);
const REGEX = ["compile", "match", "search", "fullmatch", "sub", "subn", "split", "findall", "finditer"];
const XXE_LXML = new Set([
  "lxml.etree.fromstring",
  "lxml.etree.XML",
  "lxml.etree.parse",
  "lxml.etree.XMLID",
  "lxml.etree.fromstringlist",
  "lxml.objectify.fromstring",
  "lxml.objectify.parse",
]);
const XML_BOMB = new Set([
  "xml.etree.ElementTree.fromstring",
  "xml.etree.ElementTree.XML",
  "xml.etree.ElementTree.parse",
  "xml.etree.ElementTree.iterparse",
  "xml.etree.ElementTree.fromstringlist",
  "xml.dom.minidom.parseString",
  "xml.dom.minidom.parse",
  "xml.dom.pulldom.parseString",
  "xml.dom.pulldom.parse",
  "xml.sax.parseString",
  "xml.sax.parse",
  "xmltodict.parse",
]);
const LOGGING_FUNCTIONS = new Set([...LOG_METHODS].map((m) => `logging.${m}`));
const REGEX_FUNCTIONS = new Set([...REGEX.map((f) => `re.${f}`), ...REGEX.map((f) => `regex.${f}`)]);
const MONGO_METHODS = new Set([
  "find",
  "find_one",
  "find_one_and_update",
  "find_one_and_delete",
  "find_one_and_replace",
  "count_documents",
  "delete_one",
  "delete_many",
  "update_one",
  "update_many",
  "replace_one",
  "aggregate",
  "distinct",
  "count",
]);

/** Every callee or method name that some sink model below can match (for the fast path). */
const SINK_NAMES = new Set([
  ...[
    OS_COMMAND,
    SUBPROCESS,
    OS_EXEC,
    OS_SPAWN,
    PATH_ONE,
    PATH_TWO,
    DESERIALIZE,
    REDIRECT,
    SSRF_URL_FIRST,
    SSRF_URL_SECOND,
    UNPACK_ARCHIVE,
    XSS_RESPONSE,
    TEMPLATE,
    XXE_LXML,
    XML_BOMB,
    LOGGING_FUNCTIONS,
    REGEX_FUNCTIONS,
  ]
    .flatMap((set) => [...set])
    .map((name) => name.slice(name.lastIndexOf(".") + 1)),
  ...LOG_METHODS,
  ...MONGO_METHODS,
  ...[
    "execute",
    "executemany",
    "executescript",
    "exec_driver_sql",
    "raw",
    "extra",
    "text",
    "read_sql",
    "read_sql_query",
  ],
  ...[
    "RawSQL",
    "exec_command",
    "eval",
    "exec",
    "compile",
    "save",
    "extractall",
    "extract",
    "_extract_member",
    "load",
  ],
  ...[
    "load_all",
    "XPath",
    "ETXPath",
    "xpath",
    "from_string",
    "print",
    "write",
    "writelines",
    "search",
    "search_s",
  ],
  ...[
    "search_st",
    "search_ext",
    "search_ext_s",
    "add",
    "set",
    "setdefault",
    "add_header",
    "__setitem__",
    "set_cookie",
  ],
  ...["set_signed_cookie", "extend", "start_response", "Response"],
]);

function has(set: ReadonlySet<string>, q: string | undefined): boolean {
  return q !== undefined && set.has(q);
}

/** Sink arguments of `call` (taint rules). */
export function sinksOfCall(call: CallInfo): SinkUse[] {
  const q = call.qualified;
  // Fast path: most calls (str methods, helpers, builtins) cannot be sinks.
  const last = q ? q.slice(q.lastIndexOf(".") + 1) : call.name;
  if (
    call.receiverTags.size === 0 &&
    !call.kwargs.has("headers") &&
    !SINK_NAMES.has(call.name) &&
    !SINK_NAMES.has(last)
  ) {
    return experimentalSinksOfCall(call);
  }
  const out: SinkUse[] = experimentalSinksOfCall(call);
  const use = (rule: string, node: PyNode | undefined, extra: Partial<SinkUse> = {}) => {
    if (node) out.push({ rule, node, ...extra });
  };
  // A method on a value (not a function of an imported module): `cur.execute`, `Article.objects.raw`.
  const receiver = call.receiver ? unwrap(call.receiver) : undefined;
  const onValue =
    receiver !== undefined &&
    (q === undefined || receiver.type !== "identifier" || /^[A-Z]/.test(call.receiverText ?? ""));
  const method = onValue ? call.name : undefined;

  // SQL
  // SSH sessions also have `execute`: a remote command, not SQL.
  const remoteShell = call.receiverTags.has("ssh") || /ssh/i.test(call.receiverText ?? "");
  if (
    !remoteShell &&
    (method === "execute" ||
      method === "executemany" ||
      method === "executescript" ||
      method === "exec_driver_sql" ||
      method === "raw")
  ) {
    use("py/sql-injection", argument(call, 0, "sql", "query", "operation", "statement", "raw_query"));
  }
  if (method === "extra")
    for (const kw of ["select", "where", "tables", "order_by"]) use("py/sql-injection", call.kwargs.get(kw));
  if (
    calleeExactly(
      q,
      "sqlalchemy.text",
      "sqlalchemy.sql.text",
      "sqlalchemy.sql.expression.text",
      "pandas.read_sql",
      "pandas.read_sql_query",
      "django.db.models.expressions.RawSQL",
      "django.db.models.RawSQL",
    )
  ) {
    use("py/sql-injection", argument(call, 0, "sql", "text"));
  }
  // Command
  if (has(OS_COMMAND, q)) use("py/command-line-injection", argument(call, 0, "command", "cmd"));
  if (has(SUBPROCESS, q)) {
    const shell = isTruthyConstant(call.tree, call.kwargs.get("shell"));
    const argv = argument(call, 0, "args");
    use("py/command-line-injection", argv, shell ? {} : { ignoreFlags: Flag.notHead });
    // `["sh", "-c", script]`: the script is a shell command line even without shell=True.
    const script = argv && !shell ? shellScriptOf(call, argv) : undefined;
    if (script) use("py/command-line-injection", script);
  }
  if (has(OS_EXEC, q)) use("py/command-line-injection", argument(call, 0, "path"));
  if (has(OS_SPAWN, q)) use("py/command-line-injection", argument(call, 1, "path"));
  if (method === "exec_command") use("py/command-line-injection", argument(call, 0, "command"));
  // Code
  if (calleeExactly(q, "eval", "exec", "compile", "builtins.eval", "builtins.exec")) {
    use("py/code-injection", argument(call, 0, "source", "expression"));
  }
  // Path
  if (has(PATH_ONE, q))
    use(
      "py/path-injection",
      argument(call, 0, "file", "path", "filename", "path_or_file", "directory", "name"),
    );
  if (has(PATH_TWO, q)) {
    use("py/path-injection", argument(call, 0, "src"));
    use("py/path-injection", argument(call, 1, "dst"));
  }
  if (
    method === "save" &&
    /file|upload|attachment|image|photo|avatar|document/i.test(call.receiverText ?? "")
  ) {
    use("py/path-injection", argument(call, 0, "dst"));
  }
  if (call.receiverTags.has("pathlib") && PATHLIB_METHODS.has(call.name) && call.receiver) {
    use("py/path-injection", call.receiver);
  }
  archiveSinks(call, q, use);
  // Deserialization
  if (has(DESERIALIZE, q))
    use("py/unsafe-deserialization", argument(call, 0, "data", "file", "s", "string", "filepath_or_buffer"));
  if (calleeExactly(q, "yaml.load", "yaml.load_all")) {
    const loader = argument(call, 1, "Loader");
    const loaderText = loader ? textOf(call.tree, loader) : "";
    if (!YAML_SAFE_LOADERS.test(loaderText)) use("py/unsafe-deserialization", argument(call, 0, "stream"));
  }
  if (calleeExactly(q, "numpy.load") && isTruthyConstant(call.tree, call.kwargs.get("allow_pickle"))) {
    use("py/unsafe-deserialization", argument(call, 0, "file"));
  }
  if (calleeExactly(q, "torch.load") && !isTruthyConstant(call.tree, call.kwargs.get("weights_only"))) {
    use("py/unsafe-deserialization", argument(call, 0, "f"));
  }
  // Redirect
  if (has(REDIRECT, q)) use("py/url-redirection", argument(call, 0, "location", "to", "url", "redirect_to"));
  // SSRF (the engine turns full into partial when a constant scheme+host prefix precedes the taint)
  if (has(SSRF_URL_FIRST, q)) use("py/full-ssrf", argument(call, 0, "url", "host"));
  if (has(SSRF_URL_SECOND, q)) use("py/full-ssrf", argument(call, 1, "url"));
  if (call.receiverTags.has("http-client") && (HTTP_VERBS.includes(call.name) || call.name === "stream")) {
    use("py/full-ssrf", argument(call, 0, "url"));
  }
  if (call.receiverTags.has("http-client") && call.name === "request")
    use("py/full-ssrf", argument(call, 1, "url"));
  // http.client: the connection fixed the host, so a tainted path is partial SSRF (CodeQL's model).
  if (call.receiverTags.has("http-connection") && (call.name === "request" || call.name === "putrequest"))
    use("py/partial-ssrf", argument(call, 1, "url"));
  // Reflected XSS: response bodies
  if (has(XSS_RESPONSE, q) && !servesNonMarkup(call))
    use("py/reflective-xss", argument(call, 0, "response", "content", "body"));
  // Template injection
  if (has(TEMPLATE, q) || (method === "from_string" && !calleeIs(q, "string.Template"))) {
    use("py/template-injection", argument(call, 0, "source", "text", "template_string"));
  }
  // Logging (log injection and clear-text logging of secrets)
  const isLogCall =
    has(LOGGING_FUNCTIONS, q) ||
    (method !== undefined &&
      LOG_METHODS.has(call.name) &&
      (call.receiverTags.has("logger") || /log/i.test(call.receiverText ?? "")));
  if (isLogCall) {
    const first = call.name === "log" ? 1 : 0;
    for (const arg of call.args.slice(first)) {
      use("py/log-injection", arg);
      use("py/clear-text-logging-sensitive-data", arg);
    }
  }
  if (calleeExactly(q, "print"))
    for (const arg of call.args) use("py/clear-text-logging-sensitive-data", arg);
  // Clear-text storage: file writes and cookies
  if (method && (call.name === "write" || call.name === "writelines") && call.receiverTags.has("file")) {
    use("py/clear-text-storage-sensitive-data", argument(call, 0));
  }
  if (call.receiverTags.has("pathlib") && (call.name === "write_text" || call.name === "write_bytes")) {
    use("py/clear-text-storage-sensitive-data", argument(call, 0, "data"));
  }
  // Regex injection
  if (has(REGEX_FUNCTIONS, q)) {
    use("py/regex-injection", argument(call, 0, "pattern"));
  }
  // Polynomial ReDoS: a super-linear constant pattern (regex/ analysis) run on the subject
  use("py/polynomial-redos", polynomialRegexSubject(call));
  // XXE: lxml parses with its default parser (resolve_entities=True) unless given a safe parser
  if (has(XXE_LXML, q)) {
    const parser = argument(call, 1, "parser");
    if (!parser || !isSafeParser(call, parser)) use("py/xxe", argument(call, 0, "text", "source"));
  }
  // XML bombs: the standard library parsers expand internal entities (defusedxml does not)
  if (has(XML_BOMB, q)) use("py/xml-bomb", argument(call, 0, "source", "text", "string", "file"));
  // XPath
  if (method === "xpath") use("py/xpath-injection", argument(call, 0, "_path"));
  if (calleeExactly(q, "lxml.etree.XPath", "lxml.etree.ETXPath"))
    use("py/xpath-injection", argument(call, 0, "path"));
  if (call.receiverTags.has("xml") && ["find", "findall", "findtext", "iterfind"].includes(call.name)) {
    use("py/xpath-injection", argument(call, 0, "path", "match"));
  }
  // LDAP (python-ldap: base, scope, filterstr; ldap3: search_base, search_filter)
  if (
    method &&
    /^search(_s|_st|_ext|_ext_s)?$/.test(call.name) &&
    (call.receiverTags.has("ldap") || /ldap|conn/i.test(call.receiverText ?? ""))
  ) {
    for (const i of [0, 1, 2]) use("py/ldap-injection", call.args[i]);
    for (const kw of ["base", "filterstr", "search_base", "search_filter"])
      use("py/ldap-injection", call.kwargs.get(kw));
  }
  // Header injection
  if (
    method &&
    ["add", "set", "setdefault", "add_header", "__setitem__"].includes(call.name) &&
    /\.headers$/.test(call.receiverText ?? "")
  ) {
    use("py/http-response-splitting", argument(call, 0));
    use("py/http-response-splitting", argument(call, 1));
  }
  const headers = call.kwargs.get("headers");
  if (headers && (has(XSS_RESPONSE, q) || calleeIs(q, "Response"))) {
    use("py/http-response-splitting", headers);
  }
  // werkzeug `Headers.extend`, positional headers of make_response/Response, WSGI start_response
  if (call.receiver && call.name === "extend" && /(^|[._])headers$/i.test(call.receiverText ?? ""))
    use("py/http-response-splitting", argument(call, 0));
  if (calleeExactly(q, "flask.make_response"))
    for (const i of [1, 2]) use("py/http-response-splitting", call.args[i]);
  if (!headers && (has(XSS_RESPONSE, q) || calleeIs(q, "Response")) && q !== "flask.make_response")
    use("py/http-response-splitting", call.args[2]);
  if (!call.receiver && call.name === "start_response") {
    use("py/http-response-splitting", argument(call, 0, "status"));
    use("py/http-response-splitting", argument(call, 1, "headers", "response_headers"));
  }
  // Cookies (a lone positional argument is a Cookie object given to a client's cookie jar)
  const jarCookie = call.args.length === 1 && call.kwargs.size === 0;
  if ((method === "set_cookie" || method === "set_signed_cookie") && !jarCookie) {
    use("py/cookie-injection", argument(call, 0, "key"));
    use("py/cookie-injection", argument(call, 1, "value"));
    use("py/clear-text-storage-sensitive-data", argument(call, 1, "value"));
  }
  // NoSQL: JSON-decoded objects as queries, or user strings inside $where
  if (
    method &&
    MONGO_METHODS.has(call.name) &&
    (call.receiverTags.has("mongo") || /(^|\.)(db|mongo|coll(ection)?)\b|\]$/i.test(call.receiverText ?? ""))
  ) {
    const filter = argument(call, 0, "filter");
    if (filter) {
      for (const value of operatorValues(call, filter))
        use("py/nosql-injection", value, { requireFlags: Flag.objectLike });
      for (const value of whereValues(call, filter)) use("py/nosql-injection", value);
    }
  }
  addZipSlipSinks(call, out);
  return out;
}

/** Response constructors whose arguments end up in an HTTP response (stack traces). */
const RESPONSE_CALLS = new Set([
  ...XSS_RESPONSE,
  "flask.jsonify",
  "jsonify",
  "django.http.JsonResponse",
  "JsonResponse",
  "fastapi.responses.JSONResponse",
  "JSONResponse",
]);

// A set, not `calleeExactly(q, ...XSS_RESPONSE, ...)`: asked at every call, that spread allocated
// ~50 MB per standard-library scan.
export function isResponseCall(call: CallInfo): boolean {
  return call.qualified !== undefined && RESPONSE_CALLS.has(call.qualified);
}

const CLEAN_RESULTS = new Set([
  ...REDIRECT,
  ...XSS_RESPONSE,
  ...SSRF_URL_FIRST,
  ...SSRF_URL_SECOND,
  ...OS_COMMAND,
  ...SUBPROCESS,
  "flask.jsonify",
  "jsonify",
  "flask.render_template",
  "render_template",
  "django.shortcuts.render",
  "render",
  "flask.url_for",
  "url_for",
  "django.urls.reverse",
  "reverse",
  "flask.send_file",
  "flask.send_from_directory",
]);
/** Calls that a sink consumes and whose result is a fresh, untainted object. */
export function resultIsClean(call: CallInfo): boolean {
  return (
    has(CLEAN_RESULTS, call.qualified) ||
    (call.receiverTags.has("http-client") && HTTP_VERBS.includes(call.name))
  );
}

/** open() and friends: what they return is file content, not the path. */
export function opensFile(call: CallInfo): boolean {
  return calleeExactly(
    call.qualified,
    "open",
    "io.open",
    "codecs.open",
    "gzip.open",
    "bz2.open",
    "lzma.open",
  );
}

function isSafeParser(call: CallInfo, node: PyNode): boolean {
  if (call.tagsOf(node).has("safe-xml-parser")) return true;
  const n = unwrap(node);
  const text = textOf(call.tree, n);
  return n.type === "call" && /XMLParser/.test(text) && /resolve_entities\s*=\s*False/.test(text);
}

const SHELLS = /^(\/usr)?(\/bin\/)?(sh|bash|dash|zsh|ksh|ash|fish|cmd(\.exe)?|powershell(\.exe)?|pwsh)$/i;

/** The element after `-c` (or `/c`, `-Command`) in an argv literal that starts with a shell. */
function shellScriptOf(call: CallInfo, argv: PyNode): PyNode | undefined {
  const n = unwrap(argv);
  if (n.type !== "list" && n.type !== "tuple") return undefined;
  const items = namedChildren(n);
  const program = items[0] ? stringValue(call.tree, items[0]) : undefined;
  if (program === undefined || !SHELLS.test(program)) return undefined;
  const flag = items.findIndex((item) => /^(-c|\/c|-command)$/i.test(stringValue(call.tree, item) ?? ""));
  return flag > 0 ? items[flag + 1] : undefined;
}

/** Filter values a query operator could hide in, skipping `{"$eq": v}` (v is compared, never parsed). */
function operatorValues(call: CallInfo, filter: PyNode): PyNode[] {
  const n = unwrap(filter);
  if (n.type !== "dictionary") return [filter];
  const out: PyNode[] = [];
  for (const pair of namedChildren(n)) {
    if (pair.type !== "pair") {
      out.push(pair);
      continue;
    }
    const value = field(pair, "value");
    if (!value) continue;
    const inner = unwrap(value);
    const pairs = inner.type === "dictionary" ? namedChildren(inner) : [];
    const onlyEq =
      pairs.length > 0 &&
      pairs.every((p) => p.type === "pair" && stringValue(call.tree, field(p, "key") ?? p) === "$eq");
    if (!onlyEq) out.push(value);
  }
  return out;
}

/** JavaScript run by the server: `$where`, and `$function`/`$accumulator` at any depth (`$expr`). */
function whereValues(call: CallInfo, filter: PyNode, depth = 0): PyNode[] {
  const n = unwrap(filter);
  if (n.type !== "dictionary" || depth > 4) return [];
  const out: PyNode[] = [];
  for (const pair of namedChildren(n)) {
    if (pair.type !== "pair") continue;
    const key = field(pair, "key");
    const value = field(pair, "value");
    if (!key || !value) continue;
    const name = stringValue(call.tree, key);
    if (name === "$where" || name === "$function" || name === "$accumulator") out.push(value);
    else out.push(...whereValues(call, value, depth + 1));
  }
  return out;
}

/** Assignment targets that are sinks: `resp.headers["X"] = v`, Django `response["X"] = v`. */
export function headerAssignmentTarget(
  text: string,
  target: PyNode,
  objectTags: (node: PyNode) => ReadonlySet<string>,
): boolean {
  const t = unwrap(target);
  if (t.type !== "subscript") return false;
  const value = field(t, "value");
  if (!value) return false;
  if (/\.headers$/.test(text.slice(value.start, value.end))) return true;
  return objectTags(value).has("http-response");
}
