import { argument, type CallInfo } from "./call-info.js";
import type { Emit } from "./config-checks.js";
import { field, type PyNode, type SyntaxTree, textOf, unwrap } from "./syntax-tree.js";

/** File modes given to `os.chmod`/`os.open` (py/overly-permissive-file), as CodeQL reads them. */
const STAT_BITS: Record<string, number> = {
  S_IRWXU: 0o700,
  S_IRUSR: 0o400,
  S_IWUSR: 0o200,
  S_IXUSR: 0o100,
  S_IRWXG: 0o70,
  S_IRGRP: 0o40,
  S_IWGRP: 0o20,
  S_IXGRP: 0o10,
  S_IRWXO: 0o7,
  S_IROTH: 0o4,
  S_IWOTH: 0o2,
  S_IXOTH: 0o1,
  S_IREAD: 0o400,
  S_IWRITE: 0o200,
  S_IEXEC: 0o100,
};

/** `os.chmod(p, mode)` / `os.open(p, flags, mode)` with a mode readable or writable by others. */
export function checkFilePermissions(tree: SyntaxTree, call: CallInfo, node: PyNode, emit: Emit): void {
  const isOpen = call.qualified === "os.open";
  const modeNode = isOpen ? argument(call, 2, "mode") : argument(call, 1, "mode");
  const mode = modeNode ? evalMode(tree, modeNode) : undefined;
  const problem = mode === undefined ? undefined : permissiveProblem(mode);
  if (problem) permissionFinding(isOpen ? "open" : "chmod", mode!, problem, node, emit);
}

function evalMode(tree: SyntaxTree, node: PyNode): number | undefined {
  const n = unwrap(node);
  if (n.type === "integer") {
    const text = textOf(tree, n).toLowerCase().replace(/_/g, "");
    if (text.startsWith("0o")) return Number.parseInt(text.slice(2), 8);
    if (text.startsWith("0x")) return Number.parseInt(text.slice(2), 16);
    if (/^0\d+$/.test(text)) return Number.parseInt(text, 8);
    return Number(text);
  }
  if (n.type === "attribute" || n.type === "identifier")
    return STAT_BITS[textOf(tree, n).split(".").pop() ?? ""];
  if (n.type === "binary_operator") {
    const l = evalMode(tree, field(n, "left") ?? n);
    const r = evalMode(tree, field(n, "right") ?? n);
    if (l === undefined || r === undefined) return undefined;
    const op = textOf(tree, field(n, "operator") ?? n);
    return op === "|" || op === "+" ? l | r : undefined;
  }
  return undefined;
}

/**
 * `os.open(p, flags, 0o666)` is `open()`'s own default: the process umask (022 unless changed)
 * takes the write bits away, so it is a note. `chmod(p, 0o755)` on a program or directory is
 * the usual mode (readable, not writable, by others): a note too. Anything writable by others,
 * or a readable mode that is not an executable one, stays.
 */
function permissionFinding(
  call: "open" | "chmod",
  mode: number,
  problem: string,
  node: PyNode,
  emit: Emit,
): void {
  const rule = "py/overly-permissive-file";
  if (call === "open" && mode === 0o666)
    emit.note(
      "the default creation mode, narrowed by the umask; a flaw only with umask 0",
      rule,
      node,
      call,
      problem,
    );
  else if (call === "chmod" && (mode & 0o022) === 0 && (mode & 0o111) !== 0)
    emit.note(
      "an executable or directory mode; a flaw only if the file holds secrets",
      rule,
      node,
      call,
      problem,
    );
  else emit(rule, node, call, problem);
}

/** CodeQL's WeakFilePermissions: world-accessible, else group-accessible modes. */
function permissiveProblem(mode: number): string | undefined {
  const access = (p: number) => (p % 4 >= 2 ? "writable" : p !== 0 ? "readable" : undefined);
  const world = mode % 8;
  const group = Math.floor(mode / 8) % 8;
  if (world !== 0) return `world ${access(world)}`;
  if (group % 4 >= 2) return `group ${access(group)}`;
  return undefined;
}
