import { argument, type CallInfo, calleeExactly } from "../call-info.js";
import { textOf, unwrap } from "../syntax-tree.js";
import type { SinkUse } from "./sinks.js";

/** hashlib/hmac calls whose algorithm argument, chosen by a caller, needs an allowlist. */
const ALGORITHM_ARGUMENT: ReadonlyArray<[callee: string, index: number, keyword: string]> = [
  ["hashlib.new", 0, "name"],
  ["hashlib.pbkdf2_hmac", 0, "hash_name"],
  ["hmac.new", 2, "digestmod"],
  ["hmac.digest", 2, "digest"],
  ["hmac.HMAC", 2, "digestmod"],
];

/** Methods of SSH sessions that run a command line on the remote host. */
const REMOTE_COMMAND_METHODS = new Set([
  "run",
  "sudo",
  "exec_command",
  "execute",
  "send_command",
  "send_command_timing",
  "send_config_set",
  "send_commands",
  "send_configs",
  "sendline",
  "create_process",
]);

/**
 * Sinks of flaws CodeQL has no query for: a caller-chosen hash algorithm (`hashlib.new(name)`,
 * `getattr(hashlib, name)`), and a caller-chosen format string (`template.format(**objs)`, whose
 * `{obj.__class__...}` fields read attributes of the arguments).
 */
export function librarySinksOfCall(call: CallInfo): SinkUse[] {
  const out: SinkUse[] = [];
  const q = call.qualified;
  const command = argument(call, 0, "command", "commands", "config_commands", "s");
  if (
    call.receiverTags.has("ssh") &&
    REMOTE_COMMAND_METHODS.has(call.name) &&
    call.name !== "exec_command" &&
    command
  )
    out.push({ rule: "py/command-line-injection", node: command });
  // MongoDB map-reduce: the map and reduce functions are JavaScript run by the server.
  if (call.receiverTags.has("mongo") && (call.name === "map_reduce" || call.name === "inline_map_reduce"))
    for (const node of [argument(call, 0, "map"), argument(call, 1, "reduce")])
      if (node) out.push({ rule: "py/nosql-injection", node });
  for (const [callee, index, keyword] of ALGORITHM_ARGUMENT) {
    if (!calleeExactly(q, callee)) continue;
    const node = argument(call, index, keyword);
    if (node) out.push({ rule: "seclsp/caller-chosen-hash", node });
  }
  if (calleeExactly(q, "getattr") && call.args[0] && call.args[1]) {
    const target = textOf(call.tree, unwrap(call.args[0]));
    if (target === "hashlib" || call.tagsOf(call.args[0]).has("hashlib"))
      out.push({ rule: "seclsp/caller-chosen-hash", node: call.args[1] });
  }
  const hasValues = call.args.length > 0 || call.kwargs.size > 0 || /\*\*/.test(textOf(call.tree, call.node));
  // `te.format(...)` on an object made by a class (a Formatter, a TracebackException) is a method
  // of that class, not `str.format`.
  if (
    (call.name === "format" || call.name === "format_map") &&
    call.receiver &&
    q === undefined &&
    hasValues &&
    !call.tagsOf(call.receiver).has("instance")
  )
    out.push({ rule: "seclsp/format-string-injection", node: call.receiver });
  if (calleeExactly(q, "str.format") && call.args[0] && call.args.length + call.kwargs.size > 1)
    out.push({ rule: "seclsp/format-string-injection", node: call.args[0] });
  return out;
}
