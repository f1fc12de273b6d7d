import { fetch as undiciFetch } from "undici";
import { assertConsent, ConsentRequiredError } from "./consent.js";
import { LlmError } from "./errors.js";
import type { ModelDispatchers } from "./proxy-dispatcher.js";

/**
 * The only `fetch` the openai client gets. It (1) checks consent for every request's own URL, not
 * just the configured baseURL; (2) never follows a redirect: a 3xx is an error naming where it
 * pointed, and nothing is sent there (the POST body would carry the user's code); (3) refuses
 * replies over `maxReplyBytes`, counting the bytes as they arrive so a huge reply is never held;
 * (4) with `dispatchers`, goes through the company proxy / extra CAs (proxy-dispatcher.ts) — the
 * consent check above is on the final endpoint, so a refused one never reaches the proxy either.
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
  /** Proxy and CA settings; when set, undici's fetch runs each request on `forUrl(url)`. */
  dispatchers?: ModelDispatchers;
}

export class TlsUntrustedError extends LlmError {
  override readonly name = "TlsUntrustedError";
  constructor(
    readonly host: string,
    readonly code: string,
  ) {
    super(
      "connection",
      `the TLS certificate of ${host} is not trusted (${code}); nothing was sent. If a company proxy or a private CA ` +
        "signs it, set seclsp.llm.caFile to that CA's PEM file (or start seclsp with NODE_EXTRA_CA_CERTS=<file>)",
    );
  }
}

export class ProxyRefusedError extends LlmError {
  override readonly name = "ProxyRefusedError";
  constructor(
    readonly host: string,
    readonly status: string,
  ) {
    super(
      "connection",
      `the proxy refused to connect to ${host} (HTTP ${status}); check HTTP_PROXY/HTTPS_PROXY (credentials: http://user:password@proxy:port) or add the host to NO_PROXY`,
    );
  }
}

export function guardedFetch(options: GuardedFetchOptions): typeof globalThis.fetch {
  const inner =
    options.fetch ?? (options.dispatchers ? dispatchedFetch(options.dispatchers) : globalThis.fetch);
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    assertConsent(url.href, options.allowRemote);
    const request = input instanceof Request ? new Request(input, { redirect: "manual" }) : input;
    let response: Response;
    try {
      response = await inner(request, { ...init, redirect: "manual" });
    } catch (error) {
      throw transportFailure(error, url) ?? error;
    }
    if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel().catch(() => {});
      throw new RedirectRefusedError(response.status, url.host, redirectTarget(response, url));
    }
    return limitBody(response, options.maxReplyBytes);
  };
}

/** undici's fetch on the dispatcher chosen for each request's URL (proxy, NO_PROXY, CAs). */
function dispatchedFetch(dispatchers: ModelDispatchers): typeof globalThis.fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // undici's fetch knows only its own Request class: pass a global Request as URL + init.
    const fromRequest: RequestInit =
      input instanceof Request
        ? {
            method: input.method,
            headers: input.headers,
            body: input.body,
            signal: input.signal,
            duplex: "half",
          }
        : {};
    const response = await undiciFetch(url, {
      ...(fromRequest as object),
      ...(init as object),
      dispatcher: dispatchers.forUrl(url),
    });
    // undici's Response is the same WHATWG shape as the global one (its types come from undici's own lib).
    return response as unknown as Response;
  };
}

/** Certificate errors Node reports for a TLS peer it cannot verify. */
const TLS_TRUST_CODES =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/** A clear error for an untrusted certificate or a proxy refusing the tunnel; undefined otherwise. */
function transportFailure(error: unknown, url: URL): LlmError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && TLS_TRUST_CODES.test(code)) return new TlsUntrustedError(url.host, code);
    const tunnel = /^Proxy response \((\d{3})\) !== 200/.exec(current.message);
    if (tunnel?.[1]) return new ProxyRefusedError(url.host, tunnel[1]);
    current = current.cause;
  }
  return undefined;
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
    if (current instanceof TlsUntrustedError || current instanceof ProxyRefusedError) return current;
    if (current instanceof ConsentRequiredError) return current;
    current = current.cause;
  }
  return undefined;
}
