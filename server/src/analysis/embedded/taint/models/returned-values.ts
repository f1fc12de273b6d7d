import { type CallInfo, calleeExactly, calleeIs } from "../call-info.js";
import { hostFixedPrefix } from "../flow-context.js";
import { field, namedChildren, type PyNode, type SyntaxTree, textOf, unwrap } from "../syntax-tree.js";

/**
 * What a library function builds and hands back: a path joined to a base directory, a URL, or
 * HTML. Returning such a value built from a parameter, unchecked, is the flaw (threat model
 * `library`); the rule says which.
 */
export type BuiltKind = "path" | "url" | "html";

export const RETURN_RULES: Record<BuiltKind, string> = {
  path: "py/path-injection",
  url: "seclsp/unvalidated-url",
  html: "py/reflective-xss",
};

/** A built value: its kind and the parts whose taint counts (the base directory or URL does not). */
export interface Built {
  kind: BuiltKind;
  parts: PyNode[];
}

export interface BuiltContext {
  tree: SyntaxTree;
  callInfo(node: PyNode): CallInfo;
  tagsOf(node: PyNode): ReadonlySet<string>;
  /** A constant string bound to a name or written literally (the template of `.format`). */
  constantString(node: PyNode): string | undefined;
}

const PATH_JOINS = ["os.path.join", "posixpath.join", "ntpath.join"];
const PATH_TYPES = ["pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.PurePosixPath"];
const URL_BUILDERS = ["urljoin", "urlunparse", "urlunsplit"];
/** A scheme (`https://`) or a query string (`?next=`) makes a template a URL. */
const URL_TEXT = /^[a-z][a-z0-9+.-]*:\/\/|^\/\/|[?&][\w.-]+=$/i;
/** Values embedded in a URL that can move its host: a URL themselves (`return_to`, `next`). */
const URL_NAME = /url|uri|redirect|return|next|target|callback|link|dest|host|domain|location|continue|goto/i;
const DIR_NAME = /(dir|path|root|base|folder|directory)$/i;
const HTML_TEXT = /<\s*[a-z!/][^>]*>?|<\/?[a-z]/i;

export function builtValue(ctx: BuiltContext, node: PyNode): Built | undefined {
  const n = unwrap(node);
  switch (n.type) {
    case "call":
      return builtByCall(ctx, n);
    case "string":
      return builtByTemplate(ctx, n);
    case "binary_operator":
      return builtByOperator(ctx, n);
    default:
      return undefined;
  }
}

function builtByCall(ctx: BuiltContext, n: PyNode): Built | undefined {
  const call = ctx.callInfo(n);
  const q = call.qualified;
  const args = call.args;
  if (calleeExactly(q, ...PATH_JOINS) && args.length >= 2) return { kind: "path", parts: args.slice(1) };
  if (calleeExactly(q, ...PATH_TYPES) && args.length >= 2) return { kind: "path", parts: args.slice(1) };
  if (call.name === "joinpath" && call.receiver && q === undefined) return { kind: "path", parts: args };
  if (calleeIs(q, "urljoin") && args.length >= 2) return { kind: "url", parts: args.slice(1) };
  if (calleeIs(q, ...URL_BUILDERS.slice(1)) && args[0]) return { kind: "url", parts: [args[0]] };
  if (call.name === "geturl" && call.receiver && q === undefined)
    return { kind: "url", parts: [call.receiver] };
  if (call.name === "format" && call.receiver) {
    const template = ctx.constantString(call.receiver);
    if (template === undefined) return undefined;
    const values = [...args, ...call.kwargs.values()];
    if (HTML_TEXT.test(template)) return { kind: "html", parts: values };
    // "{}?next={}": the first field is the base URL.
    if (hostFixedPrefix(template)) return undefined;
    if (URL_TEXT.test(template.split(/\{[^}]*\}/).join("")))
      return urlParts(ctx, template.startsWith("{") ? values.slice(1) : values);
  }
  return undefined;
}

/** f-strings: the constant text says what is built; the first field of a URL is its base. */
function builtByTemplate(ctx: BuiltContext, n: PyNode): Built | undefined {
  const fields = n.children.filter((c) => c.type === "interpolation");
  if (fields.length === 0) return undefined;
  const constant = n.children
    .filter((c) => c.type === "string_content")
    .map((c) => textOf(ctx.tree, c))
    .join("\u0000");
  if (HTML_TEXT.test(constant)) return { kind: "html", parts: fields };
  const pieces = n.children.filter((c) => c.type === "string_content").map((c) => textOf(ctx.tree, c));
  if (pieces.some((p) => URL_TEXT.test(p) || /:\/\//.test(p))) {
    // "https://api.example.com/{path}": the host is fixed, the caller picks only the path.
    if (
      n.children.find((c) => c.type === "string_content" || c.type === "interpolation")?.type ===
        "string_content" &&
      hostFixedPrefix(pieces[0]!)
    )
      return undefined;
    const first = n.children.find((c) => c.type === "string_content" || c.type === "interpolation");
    return urlParts(ctx, first?.type === "interpolation" ? fields.slice(1) : fields);
  }
  return undefined;
}

/** `base / name` on pathlib paths; `"<b>" + name + "</b>"`; `"...?q=" + value`. */
/** `%` conversions of a printf-style template, in order (`%%` is not one). */
const CONVERSION = /%(\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;
const NUMERIC = /^[diouxXeEfFgG]$/;

/**
 * The operands of `template % values` that reach the text as text: `%d`/`%f` print numbers, so
 * the values they format cannot carry markup (`"<td>%d</td>" % day`). Unknown shapes keep all.
 */
function textParts(template: string, values: PyNode): PyNode[] {
  const conversions = [...template.matchAll(CONVERSION)].filter((m) => m[2] !== "%");
  if (conversions.length === 0) return [];
  if (conversions.some((m) => m[1] !== undefined)) return [values]; // %(name)s with a mapping
  const v = unwrap(values);
  if (conversions.length === 1) return NUMERIC.test(conversions[0]![2]!) ? [] : [values];
  const items = v.type === "tuple" ? namedChildren(v) : undefined;
  if (!items || items.length !== conversions.length) return [values];
  return items.filter((_, i) => !NUMERIC.test(conversions[i]![2]!));
}

function builtByOperator(ctx: BuiltContext, n: PyNode): Built | undefined {
  const operator = textOf(ctx.tree, field(n, "operator") ?? n);
  const operands: PyNode[] = [];
  let left: PyNode | undefined = n;
  while (left?.type === "binary_operator" && textOf(ctx.tree, field(left, "operator") ?? left) === operator) {
    const right = field(left, "right");
    if (right) operands.unshift(right);
    left = field(left, "left");
  }
  if (left) operands.unshift(left);
  if (operator === "/") {
    const head = operands[0] ? unwrap(operands[0]) : undefined;
    // Numbers are not divided by strings: a literal segment, a Path or a directory name says path.
    const pathLike =
      head !== undefined &&
      (ctx.tagsOf(head).has("pathlib") ||
        (head.type === "call" && calleeExactly(ctx.callInfo(head).qualified, ...PATH_TYPES)) ||
        (head.type === "identifier" && DIR_NAME.test(textOf(ctx.tree, head))) ||
        operands.some((o) => unwrap(o).type === "string"));
    return pathLike ? { kind: "path", parts: operands.slice(1) } : undefined;
  }
  if (operator === "%" && operands.length === 2) {
    const template = ctx.constantString(operands[0]!);
    if (template !== undefined && HTML_TEXT.test(template)) {
      const parts = textParts(template, operands[1]!);
      return parts.length > 0 ? { kind: "html", parts } : undefined;
    }
    return undefined;
  }
  if (operator !== "+") return undefined;
  const texts = operands.map((o) => {
    const u = unwrap(o);
    return u.type === "string" && !namedChildren(u).some((c) => c.type === "interpolation")
      ? ctx.constantString(u)
      : undefined;
  });
  const variable = operands.filter((_, i) => texts[i] === undefined);
  if (variable.length === 0) return undefined;
  if (texts.some((t) => t !== undefined && HTML_TEXT.test(t))) return { kind: "html", parts: variable };
  if (texts.some((t) => t !== undefined && (URL_TEXT.test(t) || /:\/\//.test(t)))) {
    if (texts[0] !== undefined && hostFixedPrefix(texts[0])) return undefined;
    return urlParts(ctx, texts[0] === undefined ? variable.slice(1) : variable);
  }
  return undefined;
}

/** The embedded values that can move the URL's host (an id or a page number cannot). */
function urlParts(ctx: BuiltContext, values: PyNode[]): Built | undefined {
  const parts = values.filter((v) => URL_NAME.test(textOf(ctx.tree, v)));
  return parts.length > 0 ? { kind: "url", parts } : undefined;
}
