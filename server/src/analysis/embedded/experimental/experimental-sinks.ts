import { argument, type CallInfo, calleeExactly } from "../taint/call-info.js";
import type { SinkUse } from "../taint/models/sinks.js";
import { stringValue } from "../taint/syntax-tree.js";

/** Callee names that can be one of the sinks below (fast path: most calls are not). */
const NAMES = new Set([
  "XSLT",
  "xslt",
  "eval_js",
  "eval_js6",
  "Message",
  "Mail",
  "MIMEText",
  "add_alternative",
  "writerow",
  "writerows",
  "decompress",
  "open",
  "GzipFile",
  "BZ2File",
  "LZMAFile",
]);

const DECOMPRESS = new Set(["zlib.decompress", "gzip.decompress", "bz2.decompress", "lzma.decompress"]);
const DECOMPRESS_OPEN = new Set([
  "gzip.open",
  "gzip.GzipFile",
  "bz2.open",
  "bz2.BZ2File",
  "lzma.open",
  "lzma.LZMAFile",
]);

/**
 * Sinks of CodeQL's experimental flow queries (XSLT injection, Js2Py, HTML email XSS, CSV
 * injection, decompression bombs). Called from `sinksOfCall`; sources come from the engine.
 */
export function experimentalSinksOfCall(call: CallInfo): SinkUse[] {
  const q = call.qualified;
  const last = q ? q.slice(q.lastIndexOf(".") + 1) : call.name;
  if (!NAMES.has(call.name) && !NAMES.has(last)) return [];
  const out: SinkUse[] = [];
  const use = (rule: string, node: ReturnType<typeof argument>) => {
    if (node) out.push({ rule, node });
  };
  // XSLT: the stylesheet given to lxml (`etree.XSLT(doc)`, `tree.xslt(doc)`)
  if (calleeExactly(q, "lxml.etree.XSLT")) use("py/xslt-injection", argument(call, 0, "xslt_input"));
  if (q === undefined && call.receiver && call.name === "xslt")
    use("py/xslt-injection", argument(call, 0, "_xslt"));
  // Js2Py runs JavaScript with access to Python objects
  if (calleeExactly(q, "js2py.eval_js", "js2py.eval_js6")) use("py/js2py-rce", argument(call, 0, "js"));
  // HTML bodies of emails (the mail client renders them)
  if (calleeExactly(q, "flask_mail.Message")) use("py/reflective-xss-email", call.kwargs.get("html"));
  if (calleeExactly(q, "sendgrid.Mail", "sendgrid.helpers.mail.Mail"))
    use("py/reflective-xss-email", call.kwargs.get("html_content"));
  if (calleeExactly(q, "email.mime.text.MIMEText")) {
    const subtype = argument(call, 1, "_subtype");
    if (subtype && stringValue(call.tree, subtype) === "html")
      use("py/reflective-xss-email", argument(call, 0, "_text"));
  }
  if (q === undefined && call.name === "add_alternative") {
    const subtype = call.kwargs.get("subtype");
    if (subtype && stringValue(call.tree, subtype) === "html") use("py/reflective-xss-email", call.args[0]);
  }
  // CSV rows opened in a spreadsheet: `=cmd|...` cells run formulas
  if (
    q === undefined &&
    (call.name === "writerow" || call.name === "writerows") &&
    /writer|csv/i.test(call.receiverText ?? "")
  ) {
    use("py/csv-injection", argument(call, 0, "row", "rows"));
  }
  // Decompression without a size bound
  if (q !== undefined && DECOMPRESS.has(q)) use("py/decompression-bomb", argument(call, 0, "data"));
  if (q !== undefined && DECOMPRESS_OPEN.has(q))
    use("py/decompression-bomb", argument(call, 0, "filename", "fileobj"));
  return out;
}
