import { type CallInfo, calleeIs } from "../call-info.js";
import { stringValue } from "../syntax-tree.js";

/** Media types a browser renders as markup (or runs): a response of any of these can carry XSS. */
const MARKUP = /^\s*(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml)\b/i;

/**
 * The response's media type, when the call states it as a string literal: the `mimetype` /
 * `content_type` keyword (Flask, werkzeug, Django, Starlette's `media_type`) or Django's second
 * positional argument. Undefined when not stated or not a literal.
 */
function statedMediaType(call: CallInfo): string | undefined {
  for (const name of ["content_type", "mimetype", "media_type"]) {
    const node = call.kwargs.get(name);
    if (node) return stringValue(call.tree, node);
  }
  const djangoPositional = calleeIs(
    call.qualified,
    "HttpResponse",
    "HttpResponseBadRequest",
    "HttpResponseNotFound",
  );
  const second = djangoPositional ? call.args[1] : undefined;
  return second ? stringValue(call.tree, second) : undefined;
}

/**
 * The response is declared as something a browser does not render as HTML (`text/plain`,
 * `application/json`, …): data in its body is not cross-site scripting, as in CodeQL's models.
 * An HTML-like or non-literal type keeps the sink.
 */
export function servesNonMarkup(call: CallInfo): boolean {
  const type = statedMediaType(call);
  if (type === undefined) return false;
  return type.includes("/") && !MARKUP.test(type);
}
