import { argument, type CallInfo, calleeExactly, calleeIs, isFalsyConstant } from "../call-info.js";

/**
 * Light "types" for objects created by known constructors, so that sinks can be matched on
 * methods of the right objects (`session.get(url)` is SSRF only for an HTTP client session).
 */
export type ObjectTag =
  | "flask-app"
  | "logger"
  | "http-client"
  /** `http.client` connections: the host is fixed at creation, requests give only a path. */
  | "http-connection"
  | "mongo"
  | "ldap"
  | "xml"
  | "safe-xml-parser"
  | "tarfile"
  /** `zipfile.ZipFile`: member names are archive sources, but `extract*` sanitizes them itself. */
  | "zipfile"
  | "file"
  | "pathlib"
  | "http-response"
  | "socket"
  | "ssh"
  /** Made by calling a class (`TracebackException(...)`, `Formatter()`): not a string. */
  | "instance";

/** Tags for the value a call returns. */
export function tagsOfCall(call: CallInfo): ObjectTag[] {
  const q = call.qualified;
  if (calleeExactly(q, "flask.Flask")) return ["flask-app"];
  if (calleeExactly(q, "logging.getLogger")) return ["logger"];
  if (
    calleeExactly(
      q,
      "requests.Session",
      "requests.session",
      "httpx.Client",
      "httpx.AsyncClient",
      "aiohttp.ClientSession",
      "urllib3.PoolManager",
    )
  ) {
    return ["http-client"];
  }
  if (
    calleeExactly(
      q,
      "http.client.HTTPConnection",
      "http.client.HTTPSConnection",
      "httplib.HTTPConnection",
      "httplib.HTTPSConnection",
    )
  )
    return ["http-connection"];
  if (calleeIs(q, "MongoClient", "AsyncIOMotorClient")) return ["mongo"];
  if (calleeExactly(q, "ldap.initialize", "ldap3.Connection")) return ["ldap"];
  if (calleeExactly(q, "lxml.etree.XMLParser", "lxml.etree.XMLPullParser")) {
    return isFalsyConstant(call.tree, call.kwargs.get("resolve_entities")) ? ["safe-xml-parser"] : [];
  }
  if (
    calleeExactly(
      q,
      "lxml.etree.parse",
      "lxml.etree.fromstring",
      "lxml.etree.XML",
      "xml.etree.ElementTree.parse",
      "xml.etree.ElementTree.fromstring",
      "xml.etree.ElementTree.ElementTree",
      "xml.etree.ElementTree.XML",
      "defusedxml.ElementTree.parse",
      "defusedxml.ElementTree.fromstring",
      "defusedxml.lxml.fromstring",
      "defusedxml.lxml.parse",
    )
  ) {
    return ["xml"];
  }
  if (calleeExactly(q, "tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open")) return ["tarfile"];
  if (calleeExactly(q, "zipfile.ZipFile", "zipfile.PyZipFile")) return ["zipfile"];
  if (calleeExactly(q, "open", "io.open", "codecs.open")) return ["file"];
  if (calleeIs(q, "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath")) return ["pathlib"];
  if (
    calleeExactly(
      q,
      "django.http.HttpResponse",
      "flask.make_response",
      "flask.Response",
      "werkzeug.Response",
      "werkzeug.wrappers.Response",
    )
  ) {
    return ["http-response"];
  }
  if (calleeExactly(q, "socket.socket", "socket.create_server")) return ["socket"];
  if (calleeExactly(q, "paramiko.SSHClient", "paramiko.client.SSHClient")) return ["ssh"];
  // Remote shells: fabric, netmiko, scrapli, asyncssh, pexpect's pxssh.
  if (
    calleeExactly(q, "fabric.Connection", "fabric.connection.Connection", "netmiko.ConnectHandler") ||
    calleeExactly(q, "asyncssh.connect", "pexpect.pxssh.pxssh", "scrapli.Scrapli") ||
    (q?.startsWith("scrapli.driver.") ?? false)
  )
    return ["ssh"];
  // Methods that hand back an object of the same family.
  const tags = call.receiverTags;
  if (tags.has("mongo")) return ["mongo"];
  if (tags.has("xml") && ["getroot", "find", "getparent"].includes(call.name)) return ["xml"];
  if (
    tags.has("pathlib") &&
    ["resolve", "joinpath", "absolute", "with_name", "with_suffix"].includes(call.name)
  ) {
    return ["pathlib"];
  }
  if (tags.has("socket") && call.name === "accept") return ["socket"];
  if (calleeExactly(q, "xml.etree.ElementTree.parse") && argument(call, 0)) return ["xml"];
  // A class by naming convention (CapWords with a lower-case letter; not CONSTANT-style names).
  const name = call.name;
  if (/^_?[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$/.test(name)) return ["instance"];
  return [];
}
