import type { Node, Parser } from "web-tree-sitter";
import { pythonParser, withPythonTree } from "./syntax-check.js";

/**
 * "Keep the function signature the user had": compare the parameters of the functions defined
 * in the prompt with the same functions in the model's code. Annotations and default values
 * may change (they do not break callers); names, order, kinds and whether a default exists may not.
 */

export async function functionSignatureChange(
  promptCode: string,
  newCode: string,
  functionName?: string,
): Promise<string | undefined> {
  return functionSignatureChangeWith(await pythonParser(), promptCode, newCode, functionName);
}

export function functionSignatureChangeWith(
  parser: Parser,
  promptCode: string,
  newCode: string,
  functionName?: string,
): string | undefined {
  const before = functionSignatures(parser, promptCode);
  const after = functionSignatures(parser, newCode);
  const names = functionName ? [functionName] : [...before.keys()];
  const changes: string[] = [];
  for (const name of names) {
    const old = before.get(name);
    if (old === undefined) continue;
    const now = after.get(name);
    if (now === undefined) changes.push(`function ${name} was removed or renamed`);
    else if (now !== old) changes.push(`parameters of ${name} changed from ${old} to ${now}`);
  }
  return changes.length > 0 ? changes.join("; ") : undefined;
}

/** Function (and method, as Class.method) name → normalized parameter list "(a, b=…, *args)". */
export function functionSignatures(parser: Parser, code: string): Map<string, string> {
  const signatures = new Map<string, string>();
  withPythonTree(parser, code, (root) => collect(root, "", signatures));
  return signatures;
}

function collect(node: Node, prefix: string, out: Map<string, string>): void {
  for (const child of node.namedChildren) {
    if (!child) continue;
    const def = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
    if (!def) continue;
    const name = def.childForFieldName("name")?.text;
    if (def.type === "function_definition" && name) {
      const qualified = prefix + name;
      if (!out.has(qualified)) out.set(qualified, normalizeParameters(def.childForFieldName("parameters")));
    } else if (def.type === "class_definition" && name) {
      const body = def.childForFieldName("body");
      if (body) collect(body, `${prefix}${name}.`, out);
    }
  }
}

function normalizeParameters(parameters: Node | null): string {
  if (!parameters) return "()";
  const parts = parameters.namedChildren.flatMap((p) => {
    if (!p || p.type === "comment") return [];
    return [normalizeParameter(p)];
  });
  return `(${parts.join(", ")})`;
}

function normalizeParameter(p: Node): string {
  switch (p.type) {
    case "identifier":
      return p.text;
    case "typed_parameter": {
      // typed_parameter holds the name (or *args/**kwargs) followed by the type.
      const first = p.namedChildren[0];
      return first ? normalizeParameter(first) : p.text;
    }
    case "default_parameter":
    case "typed_default_parameter":
      return `${p.childForFieldName("name")?.text ?? "?"}=…`;
    case "list_splat_pattern":
      return `*${p.namedChildren[0]?.text ?? ""}`;
    case "dictionary_splat_pattern":
      return `**${p.namedChildren[0]?.text ?? ""}`;
    case "keyword_separator":
      return "*";
    case "positional_separator":
      return "/";
    default:
      return p.text.replace(/\s+/g, " ");
  }
}
