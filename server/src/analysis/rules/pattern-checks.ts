import type { Severity } from "../finding.js";

/**
 * Pattern checks of ruff's flake8-bandit port (S) and Bandit (B). Ruff ported Bandit's numbering,
 * so S608 and B608 are one check: one row, one problem, whichever tool reports it. A row either
 * borrows a CodeQL pattern query's id (`problem`, CWEs and severity then come from CodeQL) or is
 * its own problem with `cwes`/`severity`; `twin` names the CodeQL taint query that reports the
 * same weakness once our taint engine confirms a flow (a pattern never takes a taint query's id).
 *
 * CWE choices where ruff and Bandit disagreed (Bandit's table tags B307 eval as CWE-78, the XML
 * parsers and yaml.load as CWE-20, flask debug as CWE-94): CodeQL's query CWEs where CodeQL has
 * the query, else the CWE of the weakness itself (eval → CWE-94/95, XML → CWE-611/776, yaml → 502).
 * Listed in docs/findings.md.
 */
export interface PatternCheckRow {
  /** Ruff's code; absent for Bandit checks ruff does not report in our (non-preview) setup. */
  ruff?: string;
  /** Bandit's test id; absent when Bandit has no such test. */
  bandit?: string;
  /** Ruff's rule name (its docs slug) or Bandit's test name. */
  slug: string;
  title: string;
  /** CodeQL pattern query this check is an instance of. */
  problem?: string;
  cwes?: number[];
  severity?: Severity;
  twin?: string;
  help: string;
}

// Every S rule ruff 0.17.4 reports without `preview` (checked against the wasm in
// test/unit/analysis/embedded/ruff-rules.test.ts), each with Bandit's test of the same number.
// biome-ignore format: one check per line reads as a table
export const PATTERN_CHECKS: readonly PatternCheckRow[] = [
  { ruff: "S101", bandit: "B101", slug: "assert", title: "Use of assert", cwes: [703], severity: "note", help: "`assert` is removed under `python -O`; do not use it for security checks." },
  { ruff: "S102", bandit: "B102", slug: "exec-builtin", title: "Use of exec()", cwes: [94, 95], severity: "warning", twin: "py/code-injection", help: "`exec()` runs arbitrary code; with untrusted input it is code injection." },
  { ruff: "S103", bandit: "B103", slug: "bad-file-permissions", title: "Overly permissive file permissions", problem: "py/overly-permissive-file", help: "`os.chmod` with a mode that lets group/other write or execute a file." },
  { ruff: "S104", bandit: "B104", slug: "hardcoded-bind-all-interfaces", title: "Binding to all network interfaces", problem: "py/bind-socket-all-network-interfaces", help: "Binding to `0.0.0.0` exposes the service on every network interface." },
  { ruff: "S105", bandit: "B105", slug: "hardcoded-password-string", title: "Hard-coded password string", problem: "py/hardcoded-credentials", help: "A string that looks like a password assigned to a password-like name." },
  { ruff: "S106", bandit: "B106", slug: "hardcoded-password-func-arg", title: "Hard-coded password argument", problem: "py/hardcoded-credentials", help: "A literal password passed as a keyword argument (`password=\"...\"`)." },
  { ruff: "S107", bandit: "B107", slug: "hardcoded-password-default", title: "Hard-coded password default", problem: "py/hardcoded-credentials", help: "A literal password as a function parameter's default value." },
  { ruff: "S108", bandit: "B108", slug: "hardcoded-temp-file", title: "Hard-coded temporary file path", cwes: [377, 379], severity: "warning", help: "A hard-coded path under `/tmp` (predictable, shared, race-prone)." },
  { ruff: "S110", bandit: "B110", slug: "try-except-pass", title: "Exception silently ignored (pass)", cwes: [703], severity: "note", help: "`except: pass` silently swallows errors, hiding failures and attacks." },
  { ruff: "S112", bandit: "B112", slug: "try-except-continue", title: "Exception silently ignored (continue)", cwes: [703], severity: "note", help: "`except: continue` silently swallows errors inside a loop." },
  { ruff: "S113", bandit: "B113", slug: "request-without-timeout", title: "HTTP request without timeout", cwes: [400], severity: "warning", help: "An HTTP request without `timeout=` can hang forever (denial of service)." },
  { ruff: "S201", bandit: "B201", slug: "flask-debug-true", title: "Flask app run in debug mode", problem: "py/flask-debug", help: "`app.run(debug=True)` exposes the Werkzeug debugger (remote code execution)." },
  { ruff: "S202", bandit: "B202", slug: "tarfile-unsafe-members", title: "Unfiltered tarfile extraction", cwes: [22], severity: "warning", twin: "py/tarslip", help: "`tarfile.extractall()` without a `filter` can write outside the target directory." },
  { ruff: "S301", bandit: "B301", slug: "suspicious-pickle-usage", title: "Deserialization with pickle", cwes: [502], severity: "warning", twin: "py/unsafe-deserialization", help: "`pickle` runs code while loading; never unpickle untrusted data." },
  { ruff: "S302", bandit: "B302", slug: "suspicious-marshal-usage", title: "Deserialization with marshal", cwes: [502], severity: "warning", twin: "py/unsafe-deserialization", help: "`marshal` is not safe for untrusted data." },
  { ruff: "S303", bandit: "B303", slug: "suspicious-insecure-hash-usage", title: "Weak hash algorithm (MD2/MD4/MD5/SHA1)", problem: "py/weak-sensitive-data-hashing", help: "MD2/MD4/MD5/SHA1 from `cryptography`/PyCrypto are broken hashes." },
  { ruff: "S304", bandit: "B304", slug: "suspicious-insecure-cipher-usage", title: "Broken cipher algorithm", problem: "py/weak-cryptographic-algorithm", help: "A broken cipher (ARC4, Blowfish, DES, IDEA, ...)." },
  { ruff: "S305", bandit: "B305", slug: "suspicious-insecure-cipher-mode-usage", title: "Insecure cipher mode (ECB)", problem: "py/weak-cryptographic-algorithm", help: "ECB mode leaks patterns of the plaintext." },
  { ruff: "S306", bandit: "B306", slug: "suspicious-mktemp-usage", title: "Insecure temporary file (mktemp)", problem: "py/insecure-temporary-file", help: "`tempfile.mktemp()` returns a name another process can claim first; use `mkstemp()`." },
  { ruff: "S307", bandit: "B307", slug: "suspicious-eval-usage", title: "Use of eval()", cwes: [94, 95], severity: "warning", twin: "py/code-injection", help: "`eval()` runs arbitrary expressions; use `ast.literal_eval()` for data." },
  { ruff: "S308", bandit: "B308", slug: "suspicious-mark-safe-usage", title: "HTML marked safe (mark_safe)", cwes: [79], severity: "warning", twin: "py/reflective-xss", help: "`mark_safe()` disables Django's HTML escaping for that value." },
  { ruff: "S310", bandit: "B310", slug: "suspicious-url-open-usage", title: "URL open without scheme check", cwes: [22, 918], severity: "warning", twin: "py/full-ssrf", help: "`urlopen()` of a non-literal URL also accepts `file:` and custom schemes." },
  { ruff: "S311", bandit: "B311", slug: "suspicious-non-cryptographic-random-usage", title: "Non-cryptographic random generator", cwes: [330, 338], severity: "note", help: "`random` is predictable; use `secrets` for tokens, keys and passwords." },
  { ruff: "S312", bandit: "B312", slug: "suspicious-telnet-usage", title: "Telnet (cleartext protocol)", cwes: [319], severity: "warning", help: "Telnet sends everything, passwords included, in cleartext." },
  { ruff: "S313", bandit: "B313", slug: "suspicious-xmlc-element-tree-usage", title: "Unsafe XML parsing (cElementTree)", cwes: [611, 776], severity: "warning", twin: "py/xxe", help: "`xml.etree.cElementTree` parsing is open to entity-expansion attacks; use defusedxml." },
  { ruff: "S314", bandit: "B314", slug: "suspicious-xml-element-tree-usage", title: "Unsafe XML parsing (ElementTree)", cwes: [611, 776], severity: "warning", twin: "py/xxe", help: "`xml.etree.ElementTree` parsing is open to entity-expansion attacks; use defusedxml." },
  { ruff: "S315", bandit: "B315", slug: "suspicious-xml-expat-reader-usage", title: "Unsafe XML parsing (expatreader)", cwes: [611, 776], severity: "warning", twin: "py/xxe", help: "`xml.sax.expatreader` parsing is open to XML attacks; use defusedxml." },
  { ruff: "S316", bandit: "B316", slug: "suspicious-xml-expat-builder-usage", title: "Unsafe XML parsing (expatbuilder)", cwes: [611, 776], severity: "warning", twin: "py/xxe", help: "`xml.dom.expatbuilder` parsing is open to XML attacks; use defusedxml." },
  { ruff: "S317", bandit: "B317", slug: "suspicious-xml-sax-usage", title: "Unsafe XML parsing (sax)", cwes: [611, 776], severity: "warning", twin: "py/xxe", help: "`xml.sax` parsing is open to XML attacks; use defusedxml." },
  { ruff: "S318", bandit: "B318", slug: "suspicious-xml-mini-dom-usage", title: "Unsafe XML parsing (minidom)", cwes: [611, 776], severity: "warning", twin: "py/xxe", help: "`xml.dom.minidom` parsing is open to XML attacks; use defusedxml." },
  { ruff: "S319", bandit: "B319", slug: "suspicious-xml-pull-dom-usage", title: "Unsafe XML parsing (pulldom)", cwes: [611, 776], severity: "warning", twin: "py/xxe", help: "`xml.dom.pulldom` parsing is open to XML attacks; use defusedxml." },
  { ruff: "S321", bandit: "B321", slug: "suspicious-ftp-lib-usage", title: "FTP (cleartext protocol)", cwes: [319], severity: "warning", help: "FTP sends credentials and data in cleartext." },
  { ruff: "S323", bandit: "B323", slug: "suspicious-unverified-context-usage", title: "SSL context without certificate validation", cwes: [295], severity: "error", help: "`ssl._create_unverified_context()` turns off certificate checks." },
  { ruff: "S324", bandit: "B324", slug: "hashlib-insecure-hash-function", title: "Weak hashlib algorithm", problem: "py/weak-sensitive-data-hashing", help: "`hashlib` MD4/MD5/SHA1 for security purposes (pass `usedforsecurity=False` if not)." },
  { ruff: "S501", bandit: "B501", slug: "request-with-no-cert-validation", title: "Request without certificate validation", problem: "py/request-without-cert-validation", help: "`verify=False` turns off TLS certificate validation (man-in-the-middle)." },
  { ruff: "S502", bandit: "B502", slug: "ssl-insecure-version", title: "Insecure SSL/TLS version", problem: "py/insecure-protocol", help: "An explicitly insecure SSL/TLS version (SSLv2/3, TLS 1.0/1.1)." },
  { ruff: "S503", bandit: "B503", slug: "ssl-with-bad-defaults", title: "Insecure SSL/TLS version as default", problem: "py/insecure-protocol", help: "A function whose default argument is an insecure SSL/TLS version." },
  { ruff: "S504", bandit: "B504", slug: "ssl-with-no-version", title: "SSL/TLS version left to the default", problem: "py/insecure-default-protocol", help: "`ssl.wrap_socket()` without a version may negotiate an insecure protocol." },
  { ruff: "S505", bandit: "B505", slug: "weak-cryptographic-key", title: "Weak cryptographic key size", problem: "py/weak-crypto-key", help: "An RSA/DSA key under 2048 bits or an EC key under 224 bits." },
  { ruff: "S506", bandit: "B506", slug: "unsafe-yaml-load", title: "Unsafe YAML load", cwes: [502], severity: "warning", twin: "py/unsafe-deserialization", help: "`yaml.load()` without `SafeLoader` can construct arbitrary Python objects." },
  { ruff: "S507", bandit: "B507", slug: "ssh-no-host-key-verification", title: "SSH host key not verified", problem: "py/paramiko-missing-host-key-validation", help: "Paramiko `AutoAddPolicy`/`WarningPolicy` accepts any SSH host key." },
  { ruff: "S508", bandit: "B508", slug: "snmp-insecure-version", title: "Insecure SNMP version (v1/v2c)", cwes: [319], severity: "warning", help: "SNMP v1/v2c (`mpModel=0/1`) has no encryption." },
  { ruff: "S509", bandit: "B509", slug: "snmp-weak-cryptography", title: "SNMPv3 without authentication/encryption", cwes: [319, 327], severity: "warning", help: "SNMPv3 `UsmUserData` without authentication and privacy keys." },
  { ruff: "S601", bandit: "B601", slug: "paramiko-call", title: "Shell command over paramiko", cwes: [78], severity: "warning", twin: "py/command-line-injection", help: "`paramiko.exec_command()` runs a shell command on the remote host." },
  { ruff: "S602", bandit: "B602", slug: "subprocess-popen-with-shell-equals-true", title: "subprocess with shell=True", cwes: [78], severity: "warning", twin: "py/command-line-injection", help: "`subprocess` with `shell=True`; a note when the command is a literal, a warning otherwise." },
  { ruff: "S603", bandit: "B603", slug: "subprocess-without-shell-equals-true", title: "subprocess call with non-literal arguments", cwes: [78], severity: "note", twin: "py/command-line-injection", help: "`subprocess` call with non-literal arguments: check they are not untrusted." },
  { ruff: "S604", bandit: "B604", slug: "call-with-shell-equals-true", title: "Function call with shell=True", cwes: [78], severity: "warning", twin: "py/command-line-injection", help: "Any call with `shell=True`." },
  { ruff: "S605", bandit: "B605", slug: "start-process-with-a-shell", title: "Process started with a shell", cwes: [78], severity: "warning", twin: "py/command-line-injection", help: "`os.system`/`os.popen` and friends start a shell; a note when the command is a literal." },
  { ruff: "S606", bandit: "B606", slug: "start-process-with-no-shell", title: "Process started without a shell", cwes: [78], severity: "note", twin: "py/command-line-injection", help: "`os.spawn*`/`os.exec*` start a process: check the arguments." },
  { ruff: "S607", bandit: "B607", slug: "start-process-with-partial-path", title: "Process started with a partial executable path", cwes: [426, 78], severity: "note", help: "A command without an absolute path is resolved through `PATH`." },
  { ruff: "S608", bandit: "B608", slug: "hardcoded-sql-expression", title: "SQL built with string formatting", cwes: [89], severity: "warning", twin: "py/sql-injection", help: "SQL built with `%`, `.format()`, f-strings or `+`: a SQL injection candidate." },
  { ruff: "S609", bandit: "B609", slug: "unix-command-wildcard-injection", title: "Wildcard in shell command", cwes: [155, 78], severity: "warning", help: "A `*` wildcard in a shell command can be abused through crafted file names." },
  { ruff: "S610", bandit: "B610", slug: "django-extra", title: "Django QuerySet.extra()", cwes: [89], severity: "warning", twin: "py/sql-injection", help: "Django `QuerySet.extra()` takes raw SQL." },
  { ruff: "S611", bandit: "B611", slug: "django-raw-sql", title: "Django RawSQL", cwes: [89], severity: "warning", twin: "py/sql-injection", help: "Django `RawSQL` with a non-literal query." },
  { ruff: "S612", bandit: "B612", slug: "logging-config-insecure-listen", title: "logging.config.listen() without verify", cwes: [94], severity: "warning", help: "`logging.config.listen()` without `verify` runs configuration code received over a socket." },
  { ruff: "S701", bandit: "B701", slug: "jinja2-autoescape-false", title: "Jinja2 autoescape disabled", problem: "py/jinja2/autoescape-false", help: "Jinja2 `Environment(autoescape=False)` renders data without HTML escaping (XSS)." },
  { ruff: "S702", bandit: "B702", slug: "mako-templates", title: "Mako templates (no autoescape)", cwes: [79, 80], severity: "warning", twin: "py/reflective-xss", help: "Mako templates do not escape HTML by default (XSS)." },
  { ruff: "S704", bandit: "B704", slug: "unsafe-markup-use", title: "Markup built from unescaped data", cwes: [79], severity: "warning", twin: "py/reflective-xss", help: "`Markup()` of non-literal data marks it as safe HTML (XSS)." },
  // Bandit tests ruff does not report (removed, preview-only imports, or never ported).
  { bandit: "B109", slug: "password_config_option_not_marked_secret", title: "Password config option not marked secret", cwes: [259], severity: "warning", help: "An oslo.config password option without `secret=True` is logged in clear text." },
  { bandit: "B111", slug: "execute_with_run_as_root_equals_true", title: "Command run as root", cwes: [250], severity: "note", help: "A rootwrap-style `run_as_root=True` runs the command with root privileges." },
  { bandit: "B309", slug: "httpsconnection", title: "HTTPSConnection without certificate validation", cwes: [295], severity: "warning", help: "`HTTPSConnection` on old Pythons does not validate certificates." },
  { bandit: "B320", slug: "xml_bad_etree", title: "Unsafe XML parsing (lxml)", cwes: [611, 776], severity: "warning", twin: "py/xxe", help: "`lxml.etree` parsing with entity resolution; use defusedxml or a hardened parser." },
  { bandit: "B322", slug: "input", title: "Python 2 input()", cwes: [94, 95], severity: "error", help: "Python 2's `input()` evaluates what the user types." },
  { bandit: "B325", slug: "tempnam", title: "Insecure temporary file (tempnam)", cwes: [377], severity: "warning", help: "`os.tempnam()`/`os.tmpnam()` return a name another process can claim first." },
  { bandit: "B401", slug: "import_telnetlib", title: "Import of telnetlib", cwes: [319], severity: "note", help: "Telnet sends everything in cleartext." },
  { bandit: "B402", slug: "import_ftplib", title: "Import of ftplib", cwes: [319], severity: "note", help: "FTP sends credentials and data in cleartext." },
  { bandit: "B403", slug: "import_pickle", title: "Import of pickle", cwes: [502], severity: "note", help: "`pickle` runs code while loading untrusted data." },
  { bandit: "B404", slug: "import_subprocess", title: "Import of subprocess", cwes: [78], severity: "note", help: "`subprocess` starts processes; check how commands are built." },
  { bandit: "B405", slug: "import_xml_etree", title: "Import of xml.etree", cwes: [20], severity: "note", help: "The standard XML parsers are open to XML attacks; prefer defusedxml." },
  { bandit: "B406", slug: "import_xml_sax", title: "Import of xml.sax", cwes: [20], severity: "note", help: "The standard XML parsers are open to XML attacks; prefer defusedxml." },
  { bandit: "B407", slug: "import_xml_expat", title: "Import of xml.dom.expatbuilder", cwes: [20], severity: "note", help: "The standard XML parsers are open to XML attacks; prefer defusedxml." },
  { bandit: "B408", slug: "import_xml_minidom", title: "Import of xml.dom.minidom", cwes: [20], severity: "note", help: "The standard XML parsers are open to XML attacks; prefer defusedxml." },
  { bandit: "B409", slug: "import_xml_pulldom", title: "Import of xml.dom.pulldom", cwes: [20], severity: "note", help: "The standard XML parsers are open to XML attacks; prefer defusedxml." },
  { bandit: "B410", slug: "import_lxml", title: "Import of lxml", cwes: [20], severity: "note", help: "lxml resolved entities in old versions; prefer defusedxml." },
  { bandit: "B411", slug: "import_xmlrpclib", title: "Import of xmlrpc", cwes: [20], severity: "warning", help: "XML-RPC is open to XML attacks; use `defusedxml.xmlrpc.monkey_patch()`." },
  { bandit: "B412", slug: "import_httpoxy", title: "CGI handler open to httpoxy", cwes: [284], severity: "warning", help: "CGI handlers let a `Proxy:` request header set `HTTP_PROXY` (httpoxy)." },
  { bandit: "B413", slug: "import_pycrypto", title: "Import of pyCrypto", cwes: [327], severity: "warning", help: "pyCrypto is unmaintained and has known vulnerabilities; use pyca/cryptography." },
  { bandit: "B414", slug: "import_pycryptodome", title: "Import of pycryptodome Crypto", cwes: [327], severity: "note", help: "Legacy `Crypto` namespace import; check the primitives used." },
  { bandit: "B415", slug: "import_pyghmi", title: "Import of pyghmi (IPMI)", cwes: [319], severity: "warning", help: "IPMI is an insecure protocol." },
  { bandit: "B613", slug: "trojansource", title: "Bidirectional control characters (Trojan Source)", cwes: [838], severity: "error", help: "Unicode bidirectional controls make code read differently from how it runs." },
  { bandit: "B614", slug: "pytorch_load", title: "Unsafe torch.load", cwes: [502], severity: "warning", twin: "py/unsafe-deserialization", help: "`torch.load()` unpickles; pass `weights_only=True` for untrusted files." },
  { bandit: "B615", slug: "huggingface_unsafe_download", title: "Hugging Face download without a pinned revision", cwes: [494], severity: "warning", help: "Downloading a model without a pinned `revision` trusts whatever the hub serves." },
  { bandit: "B703", slug: "django_mark_safe", title: "Django mark_safe of non-literal data", cwes: [79, 80], severity: "warning", twin: "py/reflective-xss", help: "`mark_safe()` of formatted data disables Django's HTML escaping for it." },
];
