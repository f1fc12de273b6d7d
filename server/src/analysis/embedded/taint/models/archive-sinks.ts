import { argument, type CallInfo, calleeExactly } from "../call-info.js";
import { field, type PyNode, stringValue, textOf, unwrap } from "../syntax-tree.js";
import type { SinkUse } from "./sinks.js";

/** Functions that unpack an archive file (the name list feeds the sinks' fast path). */
export const UNPACK_ARCHIVE = new Set(["shutil.unpack_archive"]);

type Use = (rule: string, node: PyNode | undefined) => void;

/**
 * Archive extraction sinks: `py/tarslip` (tar members to `extract`/`extractall` without a real
 * filter; `zipfile` objects never, their `extract*` sanitize names) and `py/unsafe-unpacking`
 * (`shutil.unpack_archive` of an untrusted file, unless zip format or filtered).
 */
export function archiveSinks(call: CallInfo, q: string | undefined, use: Use): void {
  if (
    call.receiver &&
    (call.receiverTags.has("tarfile") || q === undefined) &&
    !call.receiverTags.has("zipfile") &&
    !safeExtractionFilter(call)
  ) {
    if (call.name === "extractall") {
      const members = call.kwargs.get("members") ?? call.args[1];
      use("py/tarslip", members ?? call.receiver);
    }
    if (call.name === "extract" || call.name === "_extract_member")
      use("py/tarslip", argument(call, 0, "member"));
  }
  if (calleeExactly(q, ...UNPACK_ARCHIVE) && !safeExtractionFilter(call)) {
    const format = argument(call, 2, "format");
    if (!format || stringValue(call.tree, format) !== "zip")
      use("py/unsafe-unpacking", argument(call, 0, "filename"));
  }
}

/**
 * Zip slip: every file-system path sink also checks for archive entries (only archive-kind
 * sources reach `py/zipslip`), except `tar.name`, the archive's own path.
 */
export function addZipSlipSinks(call: CallInfo, out: SinkUse[]): void {
  for (let i = 0, n = out.length; i < n; i++) {
    const sink = out[i]!;
    if (sink.rule === "py/path-injection" && !archiveOwnPath(call, sink.node))
      out.push({ ...sink, rule: "py/zipslip" });
  }
}

/** `tar.name`: the path of the archive itself (the `tarfile.open` object carries archive taint for tar slip). */
function archiveOwnPath(call: CallInfo, node: PyNode): boolean {
  const n = unwrap(node);
  if (n.type !== "attribute") return false;
  const object = field(n, "object");
  const attribute = field(n, "attribute");
  return (
    object !== undefined &&
    attribute !== undefined &&
    textOf(call.tree, attribute) === "name" &&
    call.tagsOf(object).has("tarfile")
  );
}

/** A `filter=` other than "fully_trusted" (Python 3.12's `data`/`tar` filters, or a custom one). */
function safeExtractionFilter(call: CallInfo): boolean {
  const filter = call.kwargs.get("filter");
  if (!filter) return false;
  const text = textOf(call.tree, filter);
  return stringValue(call.tree, filter) !== "fully_trusted" && !/(^|\.)fully_trusted_filter$/.test(text);
}
