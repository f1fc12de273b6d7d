import { assertConsent, ConsentRequiredError } from "./consent.js";
import { LlmError } from "./errors.js";

/**
 * The only `fetch` the openai client gets. It (1) checks consent for every request's own URL, not
 * just the configured baseURL; (2) never follows a redirect: a 3xx is an error naming where it
 * pointed, and nothing is sent there (the POST body would carry the user's code); (3) refuses
 * replies over `maxReplyBytes`, counting the bytes as they arrive so a huge reply is never held.
 */

/** Largest reply body accepted from a model endpoint (a whole-file answer is far below this). */
export const DEFAULT_MAX_REPLY_BYTES = 1024 * 1024;

export class RedirectRefusedError extends LlmError {
  override readonly name = "RedirectRefusedError";
  constructor(
    readonly status: number,
    readonly from: string,
    readonly target: string | undefined,
  ) {
    super(
      "redirect",
      `the endpoint ${from} answered HTTP ${status} redirecting to ${target ?? "an unnamed location"}; ` +
        "seclsp never follows redirects (your code would be re-sent there): point seclsp.llm.*.baseURL at the final address",
    );
  }
}

export class ReplyTooLargeError extends LlmError {
  override readonly name = "ReplyTooLargeError";
  constructor(readonly limitBytes: number) {
    super(
      "reply-too-large",
      `the model's reply is larger than ${limitBytes} bytes; seclsp stopped reading it and applied nothing`,
    );
  }
}

export interface GuardedFetchOptions {
  allowRemote: boolean;
  maxReplyBytes: number;
  /** The fetch underneath (tests may count calls); defaults to the global one. */
  fetch?: typeof globalThis.fetch;
}

export function guardedFetch(options: GuardedFetchOptions): typeof globalThis.fetch {
  const inner = options.fetch ?? globalThis.fetch;
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    assertConsent(url.href, options.allowRemote);
    const request = input instanceof Request ? new Request(input, { redirect: "manual" }) : input;
    const response = await inner(request, { ...init, redirect: "manual" });
    if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel().catch(() => {});
      throw new RedirectRefusedError(response.status, url.host, redirectTarget(response, url));
    }
    return limitBody(response, options.maxReplyBytes);
  };
}

/** Host (and scheme) the redirect pointed at, never its path or query (they may hold tokens). */
function redirectTarget(response: Response, base: URL): string | undefined {
  const location = response.headers.get("location");
  if (!location) return undefined;
  try {
    const target = new URL(location, base);
    return `${target.protocol}//${target.host}`;
  } catch {
    return "an unparsable location";
  }
}

function limitBody(response: Response, maxBytes: number): Response {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => {});
    throw new ReplyTooLargeError(maxBytes);
  }
  if (!response.body) return response;
  let seen = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new ReplyTooLargeError(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** The guard's own error when it sits anywhere in `error`'s cause chain (openai wraps fetch errors). */
export function guardFailure(error: unknown): Error | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof RedirectRefusedError || current instanceof ReplyTooLargeError) return current;
    if (current instanceof ConsentRequiredError) return current;
    current = current.cause;
  }
  return undefined;
}
